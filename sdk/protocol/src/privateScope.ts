import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { create } from '@bufbuild/protobuf'
import { type PrivateCiphertext, PrivateCiphertextSchema } from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'
import { InvalidFieldError, KeyEpochUnknownError, OpInvalidError } from './errors.ts'

/** Domain-separation label of the private-scope cipher (salt of the HKDF and prefix of the associated data). */
const label = 'SPACEOS-PRIVATE-SCOPE-V1'
const nonceLength = 12
const tagLength = 16
const secretLength = 32

/** The user secrets a device holds, by key epoch: a Map or a lookup function. */
export type PrivateKeyring = ReadonlyMap<number, Uint8Array> | ((keyEpoch: number) => Uint8Array | undefined)

/** Parameters of encryptPrivatePayload. */
export type EncryptPrivatePayloadParameters = {
  /** The account (lowercase wallet address) the op belongs to; bound into the associated data. */
  account: string
  /** The key epoch to encrypt under (normally the newest). */
  keyEpoch: number
  /** The 32-byte user secret of that epoch. */
  userSecret: Uint8Array
}

/** Parameters of decryptPrivatePayload. */
export type DecryptPrivatePayloadParameters = {
  /** The account the op belongs to. */
  account: string
  /** The user secrets this device holds. */
  keyring: PrivateKeyring
}

function uint32be(value: number): Uint8Array {
  const bytes = new Uint8Array(4)
  new DataView(bytes.buffer).setUint32(0, value)
  return bytes
}

function checkEpoch(keyEpoch: number): void {
  if (!Number.isInteger(keyEpoch) || keyEpoch < 0 || keyEpoch > 0xffffffff) {
    throw new InvalidFieldError({ field: 'key_epoch', reason: 'must be a uint32' })
  }
}

/**
 * The AES-256-GCM content key of a key epoch: HKDF-SHA256(ikm = user secret, salt = "SPACEOS-PRIVATE-SCOPE-V1",
 * info = "content-key" 0x00 uint32be(epoch), 32 bytes) (docs/architecture.md "private memory scope"; spec/MEMORY.md).
 *
 * @example
 * import { deriveContentKey } from '@spaceos/protocol'
 * const key = deriveContentKey(userSecret, 1)
 */
export function deriveContentKey(userSecret: Uint8Array, keyEpoch: number): Uint8Array {
  checkEpoch(keyEpoch)
  if (userSecret.length !== secretLength) {
    throw new InvalidFieldError({ field: 'user_secret', reason: 'must be 32 bytes' })
  }
  const info = Buffer.concat([Buffer.from('content-key\0', 'utf8'), uint32be(keyEpoch)])
  return new Uint8Array(hkdfSync('sha256', userSecret, Buffer.from(label, 'utf8'), info, 32))
}

function associatedData(keyEpoch: number, account: string): Buffer {
  return Buffer.concat([Buffer.from(`${label}\0`, 'utf8'), uint32be(keyEpoch), Buffer.from(account, 'utf8')])
}

/**
 * Encrypts a private-scope body (the bytes `payload` would have carried) with AES-256-GCM under the content key of
 * `keyEpoch`, with a fresh random 12-byte nonce; the associated data binds the epoch and the account. The result goes
 * in MemoryOp.ciphertext of an op with scope `private`.
 *
 * @example
 * import { encryptPrivatePayload } from '@spaceos/protocol'
 * const ciphertext = encryptPrivatePayload(new TextEncoder().encode('secret note'), { account, keyEpoch: 1, userSecret })
 */
export function encryptPrivatePayload(
  plaintext: Uint8Array,
  parameters: EncryptPrivatePayloadParameters,
): PrivateCiphertext {
  const key = deriveContentKey(parameters.userSecret, parameters.keyEpoch)
  const nonce = randomBytes(nonceLength)
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength })
  cipher.setAAD(associatedData(parameters.keyEpoch, parameters.account))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return create(PrivateCiphertextSchema, {
    keyEpoch: parameters.keyEpoch,
    nonce: new Uint8Array(nonce),
    ciphertext: new Uint8Array(ciphertext),
  })
}

/**
 * Decrypts a private-scope body. Throws KeyEpochUnknownError when the keyring has no secret for the ciphertext's epoch,
 * and OpInvalidError when the ciphertext does not authenticate (tampered, wrong account or wrong secret).
 *
 * @example
 * import { decryptPrivatePayload } from '@spaceos/protocol'
 * const plaintext = decryptPrivatePayload(op.body.value, { account, keyring: new Map([[1, userSecret]]) })
 */
export function decryptPrivatePayload(
  ciphertext: PrivateCiphertext,
  parameters: DecryptPrivatePayloadParameters,
): Uint8Array {
  const { keyEpoch } = ciphertext
  const { keyring } = parameters
  const secret = typeof keyring === 'function' ? keyring(keyEpoch) : keyring.get(keyEpoch)
  if (!secret) throw new KeyEpochUnknownError({ keyEpoch })
  if (ciphertext.nonce.length !== nonceLength || ciphertext.ciphertext.length < tagLength) {
    throw new OpInvalidError({ reason: 'private ciphertext is malformed' })
  }
  const key = deriveContentKey(secret, keyEpoch)
  const body = ciphertext.ciphertext.subarray(0, ciphertext.ciphertext.length - tagLength)
  const tag = ciphertext.ciphertext.subarray(ciphertext.ciphertext.length - tagLength)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.nonce, { authTagLength: tagLength })
    decipher.setAAD(associatedData(keyEpoch, parameters.account))
    decipher.setAuthTag(tag)
    return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]))
  } catch (error) {
    throw new OpInvalidError({ reason: 'private ciphertext does not authenticate', cause: error })
  }
}
