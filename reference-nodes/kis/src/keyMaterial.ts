import { Bytes, KeyType, PrivateKey } from '@wharfkit/antelope'
import { bytesToHex, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { KisNodeError } from './errors.ts'
import type { KeyKind, NewKey } from './keyStore.ts'

/** The public half of a private key: `evm` → uncompressed public key `0x04…` and address; `native` → `PUB_K1_…`. */
export function describeKey(kind: KeyKind, privateKey: Uint8Array): { publicKey: string; address?: `0x${string}` } {
  if (kind === 'evm') {
    const account = privateKeyToAccount(bytesToHex(privateKey))
    return { publicKey: account.publicKey, address: account.address }
  }
  return { publicKey: antelopeKey(privateKey).toPublic().toString() }
}

/** A wharfkit K1 private key over raw bytes. */
export const antelopeKey = (privateKey: Uint8Array) => new PrivateKey(KeyType.K1, Bytes.from(privateKey))

/** A fresh key generated inside KIS (viem `generatePrivateKey` / wharfkit `PrivateKey.generate('K1')`). */
export function generateKey(kind: KeyKind, label: string | undefined): NewKey {
  const privateKey =
    kind === 'evm'
      ? Buffer.from(generatePrivateKey().slice(2), 'hex')
      : Buffer.from(PrivateKey.generate(KeyType.K1).data.array)
  return { kind, privateKey, label, origin: 'created', ...describeKey(kind, privateKey) }
}

/** An imported key from its text form: `evm` `0x` + 64 hex; `native` `PVT_K1_…` or legacy WIF. */
export function parseImportedKey(kind: KeyKind, text: string, label: string | undefined): NewKey {
  let privateKey: Buffer
  try {
    if (kind === 'evm') {
      if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw new Error('format')
      privateKey = Buffer.from(text.slice(2), 'hex')
      privateKeyToAccount(text as Hex) // rejects 0 and values ≥ the curve order
    } else {
      const key = PrivateKey.from(text)
      if (key.type !== KeyType.K1) throw new Error('type')
      privateKey = Buffer.from(key.data.array)
    }
  } catch {
    // The message never echoes the value.
    throw new KisNodeError('INVALID_FIELD', {
      message:
        kind === 'evm'
          ? 'private_key must be 0x followed by 64 hex digits of a valid secp256k1 key.'
          : 'private_key must be a K1 key as PVT_K1_… or WIF.',
      details: { field: 'private_key' },
    })
  }
  return { kind, privateKey, label, origin: 'imported', ...describeKey(kind, privateKey) }
}
