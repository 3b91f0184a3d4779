import { createHash } from 'node:crypto'

/** A transaction's id: sha256 of its packed form (hex). */
export const transactionId = (packed: Uint8Array): string => createHash('sha256').update(packed).digest('hex')
