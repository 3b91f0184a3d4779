import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto'

/**
 * The public seed string of the golden vectors' device key. TEST ONLY: anyone can derive the private key from
 * it, which is the point — the vectors must be reproducible by strangers. Never use it for real data.
 */
export const devKeySeedString = 'SPACEOS-TEST-ONLY-DEV-KEY-V1: public seed, never use for real data'

/** A second public test key, for "signed by another device" vectors. */
export const otherKeySeedString = 'SPACEOS-TEST-ONLY-OTHER-KEY-V1: public seed, never use for real data'

/** PKCS#8 DER prefix of an Ed25519 private key (RFC 8410) — followed by the 32-byte seed. */
const pkcs8Ed25519Prefix = Buffer.from('302e020100300506032b657004220420', 'hex')

export type DevKey = {
  seedString: string
  /** Ed25519 private seed: SHA-256 of the UTF-8 seed string. */
  seed: Uint8Array
  publicKey: Uint8Array
  /** SHA-256 of the public key, lowercase hex: the device id. */
  deviceId: string
  sign: (message: Uint8Array) => Uint8Array
}

/**
 * Derives the test-only Ed25519 key of a seed string: seed = SHA-256(UTF-8(seedString)).
 *
 * @example
 * ```ts
 * import { deriveDevKey, devKeySeedString } from './devKey.ts'
 * const key = deriveDevKey(devKeySeedString)
 * key.sign(new TextEncoder().encode('hello'))
 * ```
 */
export function deriveDevKey(seedString: string): DevKey {
  const seed = createHash('sha256').update(seedString, 'utf8').digest()
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([pkcs8Ed25519Prefix, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
  const publicKey = new Uint8Array(spki.subarray(spki.length - 32))
  return {
    seedString,
    seed: new Uint8Array(seed),
    publicKey,
    deviceId: createHash('sha256').update(publicKey).digest('hex'),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  }
}
