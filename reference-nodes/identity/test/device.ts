import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'

/** A test device: Ed25519 signing key and X25519 encryption key, generated here (on the "device"). */
export type TestDevice = { signing: Uint8Array; encryption: Uint8Array; privateKey: KeyObject; deviceId: string }

const raw = (key: KeyObject) => new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url'))

/** Creates a fresh device. */
export function createTestDevice(): TestDevice {
  const ed = generateKeyPairSync('ed25519')
  const x = generateKeyPairSync('x25519')
  const signing = raw(ed.publicKey)
  return {
    signing,
    encryption: raw(x.publicKey),
    privateKey: ed.privateKey,
    deviceId: createHash('sha256').update(signing).digest('hex'),
  }
}

/** Ed25519 signature of `message`. */
export function signWith(device: TestDevice, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, device.privateKey))
}

/** The RegisterDevice proof: Ed25519 over SHA-256 of the UTF-8 account token [NP-AUTH-062]. */
export function tokenProof(device: TestDevice, jwt: string): Uint8Array {
  return signWith(device, createHash('sha256').update(jwt, 'utf8').digest())
}
