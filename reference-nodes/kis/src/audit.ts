import { closeSync, openSync, writeSync } from 'node:fs'

/** One audit record [NP-KEY-028]: who asked what about which key, and the outcome. Never key material. */
export type AuditRecord = {
  time: string
  /** Authenticated caller ID, or the claimed one prefixed `unauthenticated:` (or `-` when none was sent). */
  caller: string
  /** `METHOD /path`. */
  endpoint: string
  key_id?: string | undefined
  /** `ok` or the error code. */
  outcome: string
  remote?: string | undefined
  /** Non-secret context: transaction hash, chain ID, retired key ID … */
  [extra: string]: unknown
}

/** Keys that never reach the audit log, whatever a caller passes. */
const forbidden = /private|secret|signature|seed|mnemonic|ciphertext|data_key/i

/**
 * The append-only audit log: one JSON line per request, written synchronously to its own file (mode 0600), apart
 * from the service log [NP-KEY-028].
 */
export function openAuditLog(path: string) {
  const fd = openSync(path, 'a', 0o600)
  return {
    write(record: AuditRecord) {
      const clean: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(record)) if (!forbidden.test(k) && v !== undefined) clean[k] = v
      writeSync(fd, `${JSON.stringify(clean)}\n`)
    },
    close() {
      closeSync(fd)
    },
  }
}

export type AuditLog = ReturnType<typeof openAuditLog>
