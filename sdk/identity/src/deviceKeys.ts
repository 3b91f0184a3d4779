import { createHash, createPrivateKey, sign } from 'node:crypto'
import { type BoxKey, type DeviceKey, generateBoxKey, generateDeviceKey } from '@spaceos/protocol'

/** A device's keys, generated on the device and never sent anywhere [NP-AUTH-050] [NP-AUTH-053]. */
export type DeviceKeys = {
  /** Ed25519: memory ops, join proofs, token refresh. */
  signing: DeviceKey
  /** X25519: key envelopes and the pairing exchange. */
  box: BoxKey
  /** SHA-256 of the Ed25519 public key, 64 hex characters. */
  deviceId: string
}

/**
 * Generates a device's Ed25519 and X25519 keys.
 *
 * @example
 * import { generateDeviceKeys } from '@spaceos/identity'
 * const keys = generateDeviceKeys()
 */
export function generateDeviceKeys(): DeviceKeys {
  const signing = generateDeviceKey()
  return { signing, box: generateBoxKey(), deviceId: signing.deviceId }
}

/** Stored form of {@link DeviceKeys} (base64url); keep it in the device's secure storage. */
export type ExportedDeviceKeys = { signingSeed: string; boxPrivateKey: string; boxPublicKey: string }

/**
 * Serialises device keys for the device's own secure storage.
 *
 * @example
 * import { exportDeviceKeys, generateDeviceKeys, importDeviceKeys } from '@spaceos/identity'
 * const again = importDeviceKeys(exportDeviceKeys(generateDeviceKeys()))
 */
export function exportDeviceKeys(keys: DeviceKeys): ExportedDeviceKeys {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
  return {
    signingSeed: b64(keys.signing.privateKey),
    boxPrivateKey: b64(keys.box.privateKey),
    boxPublicKey: b64(keys.box.publicKey),
  }
}

/** Restores device keys exported by {@link exportDeviceKeys}. */
export function importDeviceKeys(exported: ExportedDeviceKeys): DeviceKeys {
  const seed = new Uint8Array(Buffer.from(exported.signingSeed, 'base64url'))
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const publicKey = new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url'))
  return {
    signing: { privateKey: seed, publicKey, deviceId: createHash('sha256').update(publicKey).digest('hex') },
    box: {
      privateKey: new Uint8Array(Buffer.from(exported.boxPrivateKey, 'base64url')),
      publicKey: new Uint8Array(Buffer.from(exported.boxPublicKey, 'base64url')),
    },
    deviceId: createHash('sha256').update(publicKey).digest('hex'),
  }
}

/** Ed25519 signature by the device's signing key. */
export function signWithDevice(keys: DeviceKeys, message: Uint8Array): Uint8Array {
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), keys.signing.privateKey]),
    format: 'der',
    type: 'pkcs8',
  })
  return new Uint8Array(sign(null, message, key))
}
