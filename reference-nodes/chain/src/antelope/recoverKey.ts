import { type Checksum256, PublicKey, type Signature } from '@wharfkit/antelope'
import { recover } from 'tiny-secp256k1'

/**
 * Recovers the public key of an Antelope signature over a digest. K1 signatures use libsecp256k1 (compiled to WASM, via
 * `tiny-secp256k1`): about 20× faster than the pure-JS `@noble/curves` recovery this replaced and 60× faster than the
 * elliptic-based `Signature.recoverDigest` of @wharfkit/antelope (bench/devnet.ts profile); other key types fall back to
 * wharfkit. Throws when the signature does not recover to a point.
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
  if (recovery < 0 || recovery > 3) throw new Error(`invalid K1 recovery byte ${data[0]}`)
  const point = recover(digest.array, data.subarray(1, 65), recovery as 0 | 1 | 2 | 3, true)
  if (!point) throw new Error('signature does not recover to a public key')
  return PublicKey.from({ type: 'K1', compressed: point })
}
