import { createDecipheriv, hkdfSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { account, deviceKey, opInit } from '../test/fixtures.ts'
import { InvalidFieldError, KeyEpochUnknownError, OpInvalidError } from './errors.ts'
import { signMemoryOp, verifyMemoryOp } from './memoryOp.ts'
import { decryptPrivatePayload, deriveContentKey, encryptPrivatePayload } from './privateScope.ts'

const secretOne = new Uint8Array(32).fill(1)
const secretTwo = new Uint8Array(32).fill(2)
const plaintext = new TextEncoder().encode('{"key":"diagnosis","value":"private"}')

describe('private-scope cipher', () => {
  it('round-trips a payload through the keyring, naming its epoch', () => {
    const ciphertext = encryptPrivatePayload(plaintext, { account, keyEpoch: 2, userSecret: secretTwo })
    expect(ciphertext.keyEpoch).toBe(2)
    expect(ciphertext.nonce).toHaveLength(12)
    expect(ciphertext.ciphertext).toHaveLength(plaintext.length + 16)
    const keyring = new Map([
      [1, secretOne],
      [2, secretTwo],
    ])
    expect(decryptPrivatePayload(ciphertext, { account, keyring })).toEqual(plaintext)
    expect(decryptPrivatePayload(ciphertext, { account, keyring: (epoch) => keyring.get(epoch) })).toEqual(plaintext)
  })

  it('uses a fresh nonce for every encryption', () => {
    const a = encryptPrivatePayload(plaintext, { account, keyEpoch: 1, userSecret: secretOne })
    const b = encryptPrivatePayload(plaintext, { account, keyEpoch: 1, userSecret: secretOne })
    expect(a.nonce).not.toEqual(b.nonce)
    expect(a.ciphertext).not.toEqual(b.ciphertext)
  })

  it('is AES-256-GCM under the HKDF-SHA256 content key of the epoch, with the documented associated data', () => {
    const ciphertext = encryptPrivatePayload(plaintext, { account, keyEpoch: 7, userSecret: secretOne })
    const info = Buffer.concat([Buffer.from('content-key\0'), Buffer.from([0, 0, 0, 7])])
    const key = Buffer.from(hkdfSync('sha256', secretOne, Buffer.from('SPACEOS-PRIVATE-SCOPE-V1'), info, 32))
    expect(Buffer.from(deriveContentKey(secretOne, 7))).toEqual(key)
    const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.nonce)
    decipher.setAAD(
      Buffer.concat([Buffer.from('SPACEOS-PRIVATE-SCOPE-V1\0'), Buffer.from([0, 0, 0, 7]), Buffer.from(account)]),
    )
    decipher.setAuthTag(ciphertext.ciphertext.subarray(-16))
    const opened = Buffer.concat([decipher.update(ciphertext.ciphertext.subarray(0, -16)), decipher.final()])
    expect(new Uint8Array(opened)).toEqual(plaintext)
  })

  it('derives different keys for different epochs of the same secret', () => {
    expect(deriveContentKey(secretOne, 1)).not.toEqual(deriveContentKey(secretOne, 2))
  })

  it('throws KeyEpochUnknownError when the keyring lacks the epoch', () => {
    const ciphertext = encryptPrivatePayload(plaintext, { account, keyEpoch: 3, userSecret: secretOne })
    const error = (() => {
      try {
        decryptPrivatePayload(ciphertext, { account, keyring: new Map([[1, secretOne]]) })
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(KeyEpochUnknownError)
    expect(error).toMatchObject({ code: 'KEY_EPOCH_UNKNOWN', keyEpoch: 3, details: { key_epoch: '3' } })
  })

  it('rejects tampered ciphertext, a wrong secret or another account with OP_INVALID', () => {
    const ciphertext = encryptPrivatePayload(plaintext, { account, keyEpoch: 1, userSecret: secretOne })
    const tampered = { ...ciphertext, ciphertext: ciphertext.ciphertext.slice() }
    tampered.ciphertext[0] = (tampered.ciphertext[0] ?? 0) ^ 1
    expect(() => decryptPrivatePayload(tampered, { account, keyring: new Map([[1, secretOne]]) })).toThrow(
      OpInvalidError,
    )
    expect(() => decryptPrivatePayload(ciphertext, { account, keyring: new Map([[1, secretTwo]]) })).toThrow(
      OpInvalidError,
    )
    const other = `0x${'b2'.repeat(20)}`
    expect(() => decryptPrivatePayload(ciphertext, { account: other, keyring: new Map([[1, secretOne]]) })).toThrow(
      OpInvalidError,
    )
    const badNonce = { ...ciphertext, nonce: new Uint8Array(5) }
    expect(() => decryptPrivatePayload(badNonce, { account, keyring: new Map([[1, secretOne]]) })).toThrow(
      OpInvalidError,
    )
  })

  it('rejects a secret that is not 32 bytes and an epoch that is not a uint32', () => {
    expect(() => deriveContentKey(new Uint8Array(16), 1)).toThrow(InvalidFieldError)
    expect(() => deriveContentKey(secretOne, -1)).toThrow(InvalidFieldError)
    expect(() => deriveContentKey(secretOne, 2 ** 32)).toThrow(InvalidFieldError)
  })

  it('produces ops that sign and verify in the private scope', () => {
    const ciphertext = encryptPrivatePayload(plaintext, { account, keyEpoch: 1, userSecret: secretOne })
    const op = signMemoryOp(
      { ...opInit, scope: 'private', body: { case: 'ciphertext', value: ciphertext } },
      deviceKey.privateKey,
    )
    const { op: verified } = verifyMemoryOp(op.bytes, deviceKey.publicKey, { inTransit: true })
    if (verified.body.case !== 'ciphertext') throw new Error('expected ciphertext')
    expect(decryptPrivatePayload(verified.body.value, { account, keyring: new Map([[1, secretOne]]) })).toEqual(
      plaintext,
    )
  })
})
