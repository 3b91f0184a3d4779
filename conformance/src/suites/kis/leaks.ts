import { PrivateKey, PublicKey } from '@wharfkit/antelope'
import { privateKeyToAccount } from 'viem/accounts'

/** Compressed secp256k1 public keys (hex, 33 bytes) of every key the suite has seen or made during the run. */
export type KnownKeys = Set<string>

/** The compressed hex form of an EVM public key (`0x04…` uncompressed or `0x02/03…`) or an Antelope `PUB_K1_…`. */
export function compressedKey(publicKey: string): string | undefined {
  try {
    if (publicKey.startsWith('PUB_') || publicKey.startsWith('EOS')) return PublicKey.from(publicKey).data.hexString
    const hex = publicKey.replace(/^0x/, '').toLowerCase()
    if (/^0[23][0-9a-f]{64}$/.test(hex)) return hex
    if (!/^04[0-9a-f]{128}$/.test(hex)) return undefined
    const y = Number.parseInt(hex.slice(-2), 16)
    return `${y % 2 === 0 ? '02' : '03'}${hex.slice(2, 66)}`
  } catch {
    return undefined
  }
}

/** The compressed public key of a 32-byte scalar, or undefined when it is no valid secp256k1 private key. */
function publicOf(scalarHex: string): string | undefined {
  try {
    return compressedKey(privateKeyToAccount(`0x${scalarHex}`).publicKey)
  } catch {
    return undefined
  }
}

/**
 * JSON fields that may legitimately hold a bare 32-byte value (hashes, digests, chain IDs, signature halves, IDs whose
 * format §9 leaves open). The key-derivation test still catches a private key placed in any of them.
 */
const hashFields = new Set([
  'key_id',
  'old_key_id',
  'new_key_id',
  'request_id',
  'r',
  's',
  'hash',
  'transaction_hash',
  'tx_hash',
  'digest',
  'transaction_id',
  'update_auth_transaction_id',
  'chain_id',
])
const suspiciousKeys = /private|secret|seed|mnemonic|^d$|^pvt/i
const maxScan = 64 * 1024

/**
 * Reasons why `text` (an HTTP answer: headers and body) carries private-key material [NP-KEY-021]:
 * - an Antelope private key (`PVT_…`, a valid WIF) or a PEM private key, anywhere;
 * - any 32-byte window (hex, at even offsets, in runs of ≥ 64 hex digits) or 32-byte base64 token that is the private
 *   key of a public key in `known` — hashes and signatures never are;
 * - a JSON field named like a secret, or a bare 32-byte value in a field that is not a hash, digest or chain ID.
 */
export function findKeyMaterial(text: string, known: KnownKeys): string[] {
  const reasons: string[] = []
  const scanned = text.slice(0, maxScan)
  if (/PVT_[A-Z0-9]+_/.test(scanned)) reasons.push('an Antelope private key (PVT_…)')
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(scanned)) reasons.push('a PEM private key')
  for (const wif of scanned.match(/\b5[HJK][1-9A-HJ-NP-Za-km-z]{49}\b/g) ?? []) {
    try {
      PrivateKey.from(wif)
      reasons.push(`a WIF private key ${wif.slice(0, 6)}…`)
    } catch {
      // not a key
    }
  }
  const candidates = new Set<string>()
  for (const run of scanned.match(/[0-9a-fA-F]{64,}/g) ?? []) {
    for (let i = 0; i + 64 <= run.length; i += 2) candidates.add(run.slice(i, i + 64).toLowerCase())
  }
  for (const token of scanned.match(/[A-Za-z0-9+/_-]{43}=?/g) ?? []) {
    const bytes = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    if (bytes.length === 32) candidates.add(bytes.toString('hex'))
  }
  if (known.size > 0) {
    for (const candidate of candidates) {
      const pub = publicOf(candidate)
      if (pub !== undefined && known.has(pub)) {
        reasons.push(`the private key of public key ${pub.slice(0, 12)}… (${candidate.slice(0, 6)}…)`)
      }
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`)
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        const at = path === '' ? key : `${path}.${key}`
        if (suspiciousKeys.test(key) && v !== '' && v !== null) reasons.push(`a field named ${at}`)
        if (typeof v === 'string' && /^(0x)?[0-9a-fA-F]{64}$/.test(v) && !hashFields.has(key)) {
          reasons.push(`an unexplained 32-byte value in ${at}`)
        }
        walk(v, at)
      }
    }
  }
  walk(parsed, '')
  return reasons
}

/** Adds the public keys an answer names (`public_key`, `previous_public_key`) to `known`, before it is scanned. */
export function learnPublicKeys(text: string, known: KnownKeys): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return
  }
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v)
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        if (/public_?key$/i.test(key) && typeof v === 'string') {
          const compressed = compressedKey(v)
          if (compressed !== undefined) known.add(compressed)
        }
        walk(v)
      }
    }
  }
  walk(parsed)
}
