import { Checksum256, PrivateKey } from '@wharfkit/antelope'
import { expect, it } from 'vitest'
import { recoverKey } from './recoverKey.ts'

it('recovers the same K1 key as @wharfkit/antelope, and a different key for another digest', () => {
  const key = PrivateKey.generate('K1')
  for (let i = 0; i < 8; i++) {
    const digest = Checksum256.hash(new Uint8Array([i]))
    const signature = key.signDigest(digest)
    expect(recoverKey(signature, digest).toString()).toBe(key.toPublic().toString())
    expect(recoverKey(signature, digest).toString()).toBe(signature.recoverDigest(digest).toString())
    expect(recoverKey(signature, Checksum256.hash(new Uint8Array([i, 1]))).toString()).not.toBe(
      key.toPublic().toString(),
    )
  }
})
