import { secp256k1 } from '@noble/curves/secp256k1'
import { type Checksum256, PublicKey, type Signature } from '@wharfkit/antelope'

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex')}`)

/**
 * Recovers the public key of an Antelope signature over a digest. K1 signatures use `@noble/curves` (about 3× faster
 * than the elliptic-based `Signature.recoverDigest` of @wharfkit/antelope, measured in bench/devnet.ts); other key
 * types fall back to wharfkit.
 *
 * @example
 * import { Checksum256, PrivateKey } from '@wharfkit/antelope'
 * import { recoverKey } from '@spaceos/chain-node'
 * const key = PrivateKey.generate('K1')
 * const digest = Checksum256.hash(new Uint8Array([1]))
 * recoverKey(key.signDigest(digest), digest).equals(key.toPublic()) // true
 */
export function recoverKey(signature: Signature, digest: Checksum256): PublicKey {
  if (String(signature.type) !== 'K1') return signature.recoverDigest(digest)
  const data = signature.data.array
  const recovery = (data[0] as number) - 31 // Antelope: 27 + 4 (compressed) + recovery id
  const point = new secp256k1.Signature(toBigInt(data.subarray(1, 33)), toBigInt(data.subarray(33, 65)))
    .addRecoveryBit(recovery)
    .recoverPublicKey(digest.array)
  return PublicKey.from({ type: 'K1', compressed: point.toRawBytes(true) })
}
