import { createHash } from 'node:crypto'
import { type Ed25519PrivateKey, type Ed25519PublicKey, ed25519Sign, ed25519Verify } from './keys.ts'

/** What a node_join device proof binds (spec/WIRE.md §4). */
export type DeviceProofParameters = {
  /** The 32-byte nonce of the coordinator's challenge ping. */
  challenge: Uint8Array
  /** The JWT carried in node_join, compact serialization. */
  jwt: string
  /** The manifest's node_id. */
  nodeId: string
}

const prefix = Buffer.from('SPACEOS-NODE-JOIN-V1\0', 'utf8')

/**
 * The bytes a device signs for node_join: "SPACEOS-NODE-JOIN-V1" 0x00 || challenge || SHA-256(UTF-8 JWT) ||
 * UTF-8(node_id) (spec/WIRE.md §4, [NP-JOIN-008]).
 *
 * @example
 * import { deviceProofBytes } from '@spaceos/protocol'
 * const bytes = deviceProofBytes({ challenge, jwt, nodeId: 'phone-abc123' })
 */
export function deviceProofBytes(parameters: DeviceProofParameters): Uint8Array {
  const jwtHash = createHash('sha256').update(parameters.jwt, 'utf8').digest()
  return new Uint8Array(Buffer.concat([prefix, parameters.challenge, jwtHash, Buffer.from(parameters.nodeId, 'utf8')]))
}

/**
 * Signs the node_join device proof with the device's Ed25519 key; the 64-byte result goes in
 * `node_join.device_proof`.
 *
 * @example
 * import { signDeviceProof } from '@spaceos/protocol'
 * const deviceProof = signDeviceProof({ challenge, jwt, nodeId }, deviceKey.privateKey)
 */
export function signDeviceProof(parameters: DeviceProofParameters, privateKey: Ed25519PrivateKey): Uint8Array {
  return ed25519Sign(deviceProofBytes(parameters), privateKey)
}

/**
 * True when `signature` is the device's proof for this challenge, JWT and node id [NP-JOIN-008].
 *
 * @example
 * import { verifyDeviceProof } from '@spaceos/protocol'
 * if (!verifyDeviceProof({ challenge, jwt, nodeId }, join.deviceProof, registeredKey)) throw new BadSignatureError()
 */
export function verifyDeviceProof(
  parameters: DeviceProofParameters,
  signature: Uint8Array,
  publicKey: Ed25519PublicKey,
): boolean {
  return ed25519Verify(deviceProofBytes(parameters), signature, publicKey)
}
