import { Checksum256, PrivateKey, Signature } from '@wharfkit/antelope'
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

it('recovers another key when the recovery id is flipped (as nodeos does) like wharfkit', () => {
  const key = PrivateKey.generate('K1')
  const digest = Checksum256.hash(new Uint8Array([42]))
  const signature = key.signDigest(digest)
  const flipped = Signature.from({
    type: 'K1',
    r: signature.data.array.slice(1, 33),
    s: signature.data.array.slice(33, 65),
    recid: ((signature.data.array[0] as number) - 31) ^ 1,
  })
  expect(recoverKey(flipped, digest).toString()).not.toBe(key.toPublic().toString())
  expect(recoverKey(flipped, digest).toString()).toBe(flipped.recoverDigest(digest).toString())
})
