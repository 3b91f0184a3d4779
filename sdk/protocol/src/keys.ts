import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto'
import { InvalidFieldError } from './errors.ts'

/** An Ed25519 private key: the raw 32-byte seed, or a `node:crypto` KeyObject. */
export type Ed25519PrivateKey = Uint8Array | KeyObject
/** An Ed25519 public key: the raw 32 bytes, or a `node:crypto` KeyObject. */
export type Ed25519PublicKey = Uint8Array | KeyObject

/** A device key pair in raw form. */
export type DeviceKey = {
  /** The 32-byte Ed25519 seed. Keep it secret. */
  privateKey: Uint8Array
  /** The 32-byte Ed25519 public key. */
  publicKey: Uint8Array
  /** The device id: lowercase hex SHA-256 of the public key. */
  deviceId: string
}

const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex')
const spkiPrefix = Buffer.from('302a300506032b6570032100', 'hex')
const privateKeys = new WeakMap<Uint8Array, KeyObject>()
const publicKeys = new WeakMap<Uint8Array, KeyObject>()

function isKeyObject(key: unknown): key is KeyObject {
  return typeof key === 'object' && key !== null && !(key instanceof Uint8Array) && 'asymmetricKeyType' in key
}

/** A `node:crypto` KeyObject for an Ed25519 private key (cached per seed array). */
export function toPrivateKeyObject(key: Ed25519PrivateKey): KeyObject {
  if (isKeyObject(key)) return key
  let object = privateKeys.get(key)
  if (!object) {
    if (key.length !== 32)
      throw new InvalidFieldError({ field: 'private_key', reason: 'must be a 32-byte Ed25519 seed' })
    object = createPrivateKey({ key: Buffer.concat([pkcs8Prefix, key]), format: 'der', type: 'pkcs8' })
    privateKeys.set(key, object)
  }
  return object
}

/** A `node:crypto` KeyObject for an Ed25519 public key (cached per key array). */
export function toPublicKeyObject(key: Ed25519PublicKey): KeyObject {
  if (isKeyObject(key)) return key
  let object = publicKeys.get(key)
  if (!object) {
    if (key.length !== 32) throw new InvalidFieldError({ field: 'public_key', reason: 'must be 32 bytes (Ed25519)' })
    object = createPublicKey({ key: Buffer.concat([spkiPrefix, key]), format: 'der', type: 'spki' })
    publicKeys.set(key, object)
  }
  return object
}

/**
 * The raw 32-byte Ed25519 public key of a private key (seed or KeyObject).
 *
 * @example
 * import { generateDeviceKey, publicKeyFromPrivateKey } from '@spaceos/protocol'
 * const key = generateDeviceKey()
 * publicKeyFromPrivateKey(key.privateKey) // equals key.publicKey
 */
export function publicKeyFromPrivateKey(privateKey: Ed25519PrivateKey): Uint8Array {
  const publicObject = createPublicKey(toPrivateKeyObject(privateKey))
  return new Uint8Array(publicObject.export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length))
}

function rawOf(publicKey: Ed25519PublicKey): Uint8Array {
  if (!isKeyObject(publicKey)) return publicKey
  return new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length))
}

/**
 * Generates a device key (Ed25519) and its device id.
 *
 * @example
 * import { generateDeviceKey } from '@spaceos/protocol'
 * const { privateKey, publicKey, deviceId } = generateDeviceKey()
 */
export function generateDeviceKey(): DeviceKey {
  const { privateKey } = generateKeyPairSync('ed25519')
  const seed = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(pkcs8Prefix.length))
  const publicKey = publicKeyFromPrivateKey(privateKey)
  return { privateKey: seed, publicKey, deviceId: deviceIdFromPublicKey(publicKey) }
}

/**
 * The device id of an Ed25519 public key: lowercase hex SHA-256 of its 32 raw bytes [NP-JOIN-021].
 *
 * @example
 * import { deviceIdFromPublicKey, generateDeviceKey } from '@spaceos/protocol'
 * deviceIdFromPublicKey(generateDeviceKey().publicKey) // 64 hex characters
 */
export function deviceIdFromPublicKey(publicKey: Ed25519PublicKey): string {
  return createHash('sha256').update(rawOf(publicKey)).digest('hex')
}

/** Ed25519 signature (64 bytes) of `message`. */
export function ed25519Sign(message: Uint8Array, privateKey: Ed25519PrivateKey): Uint8Array {
  return sign(null, message, toPrivateKeyObject(privateKey))
}

/** The group order L of Ed25519, little-endian (RFC 8032 §5.1). */
const groupOrder = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex')

/** True when the signature's scalar S (its last 32 bytes, little-endian) is reduced: S < L. */
function hasReducedScalar(signature: Uint8Array): boolean {
  for (let index = 31; index >= 0; index--) {
    const s = signature[32 + index] ?? 0
    const l = groupOrder[index] ?? 0
    if (s !== l) return s < l
  }
  return false
}

/**
 * True when `signature` is a valid Ed25519 signature of `message` by `publicKey` (RFC 8032, pure Ed25519). Signatures
 * with a non-reduced S are rejected, so a signed op has exactly one valid encoding [NP-MEM-018]. Never throws for bad
 * input.
 */
export function ed25519Verify(message: Uint8Array, signature: Uint8Array, publicKey: Ed25519PublicKey): boolean {
  if (signature.length !== 64 || !hasReducedScalar(signature)) return false
  try {
    return verify(null, message, toPublicKeyObject(publicKey), signature)
  } catch {
    return false
  }
}
