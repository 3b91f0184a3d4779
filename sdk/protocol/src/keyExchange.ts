import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto'
import { create } from '@bufbuild/protobuf'
import { type SealedSecret, SealedSecretSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { BadSignatureError, InvalidFieldError, ProtocolError } from './errors.ts'

/**
 * The two sealed hand-overs of private-scope user secrets between devices: key envelopes (spec/MEMORY.md §7.4) and the
 * pairing exchange (spec/AUTH.md §6). Both are X25519 + HKDF-SHA256 + AES-256-GCM, so identity and coordinators only
 * ever relay ciphertext.
 */

/** A device's X25519 key pair (its "box key"), raw 32-byte halves. */
export type BoxKey = {
  /** The 32-byte X25519 private key. Keep it secret. */
  privateKey: Uint8Array
  /** The 32-byte X25519 public key, registered with identity as `encryption_public_key`. */
  publicKey: Uint8Array
}

const pkcs8Prefix = Buffer.from('302e020100300506032b656e04220420', 'hex')
const spkiPrefix = Buffer.from('302a300506032b656e032100', 'hex')
const keyEnvelopeLabel = 'SPACEOS-KEY-ENVELOPE-V1'
const nonceLength = 12
const tagLength = 16
const keyLength = 32

function privateBoxKey(key: Uint8Array): KeyObject {
  if (key.length !== keyLength) throw new InvalidFieldError({ field: 'box_private_key', reason: 'must be 32 bytes' })
  return createPrivateKey({ key: Buffer.concat([pkcs8Prefix, key]), format: 'der', type: 'pkcs8' })
}

function publicBoxKey(key: Uint8Array, field: string): KeyObject {
  if (key.length !== keyLength) throw new InvalidFieldError({ field, reason: 'must be a 32-byte X25519 public key' })
  return createPublicKey({ key: Buffer.concat([spkiPrefix, key]), format: 'der', type: 'spki' })
}

function rawPublic(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length))
}

/** X25519, refusing an all-zero shared secret (a low-order peer key) [NP-PRIV-031] [NP-PAIR-027]. */
function sharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  let shared: Buffer
  try {
    shared = diffieHellman({ privateKey, publicKey })
  } catch (error) {
    throw new InvalidFieldError({ field: 'public_key', reason: 'is not a usable X25519 key', cause: error })
  }
  if (shared.every((byte) => byte === 0)) {
    throw new InvalidFieldError({ field: 'public_key', reason: 'gives an all-zero X25519 shared secret' })
  }
  return shared
}

function uint32be(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new InvalidFieldError({ field: 'key_epoch', reason: 'must be a uint32' })
  }
  const bytes = Buffer.alloc(4)
  bytes.writeUInt32BE(value)
  return bytes
}

function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): { nonce: Buffer; ciphertext: Buffer } {
  const nonce = randomBytes(nonceLength)
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength })
  cipher.setAAD(aad)
  return { nonce, ciphertext: Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]) }
}

function open(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Buffer | undefined {
  if (nonce.length !== nonceLength || ciphertext.length < tagLength) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength })
    decipher.setAAD(aad)
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - tagLength))
    return Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - tagLength)), decipher.final()])
  } catch {
    return undefined
  }
}

/**
 * Generates a device's X25519 box key (the `encryption_public_key` registered with identity).
 *
 * @example
 * import { generateBoxKey } from '@spaceos/protocol'
 * const { privateKey, publicKey } = generateBoxKey()
 */
export function generateBoxKey(): BoxKey {
  const { privateKey, publicKey } = generateKeyPairSync('x25519')
  return {
    privateKey: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(pkcs8Prefix.length)),
    publicKey: rawPublic(publicKey),
  }
}

/** Parameters of sealKeyEnvelope. */
export type SealKeyEnvelopeParameters = {
  /** The key epoch of the secret. */
  keyEpoch: number
  /** The 32-byte user secret of that epoch. */
  userSecret: Uint8Array
  /** The receiving device's id (bound into the associated data). */
  deviceId: string
  /** The receiving device's X25519 public key. */
  devicePublicKey: Uint8Array
}

/**
 * Seals a user secret to one device as a key envelope (spec/MEMORY.md §7.4, [NP-PRIV-030]):
 * eph_pub (32) || nonce (12) || AES-256-GCM(HKDF-SHA256(X25519(eph, device), salt = eph_pub || device_pub,
 * info = "SPACEOS-KEY-ENVELOPE-V1" 0x00 u32be(epoch)), secret, AAD = label 0x00 u32be(epoch) || device_id) (48).
 *
 * @example
 * import { sealKeyEnvelope } from '@spaceos/protocol'
 * const envelope = sealKeyEnvelope({ keyEpoch: 2, userSecret, deviceId, devicePublicKey })
 */
export function sealKeyEnvelope(parameters: SealKeyEnvelopeParameters): Uint8Array {
  if (parameters.userSecret.length !== keyLength) {
    throw new InvalidFieldError({ field: 'user_secret', reason: 'must be 32 bytes' })
  }
  const epoch = uint32be(parameters.keyEpoch)
  const devicePublic = publicBoxKey(parameters.devicePublicKey, 'device_public_key')
  const ephemeral = generateKeyPairSync('x25519')
  const ephemeralPublic = rawPublic(ephemeral.publicKey)
  const shared = sharedSecret(ephemeral.privateKey, devicePublic)
  const key = keyEnvelopeKey(shared, ephemeralPublic, parameters.devicePublicKey, epoch)
  const aad = Buffer.concat([Buffer.from(`${keyEnvelopeLabel}\0`), epoch, Buffer.from(parameters.deviceId, 'utf8')])
  const { nonce, ciphertext } = seal(key, parameters.userSecret, aad)
  return new Uint8Array(Buffer.concat([ephemeralPublic, nonce, ciphertext]))
}

function keyEnvelopeKey(shared: Buffer, ephemeralPublic: Uint8Array, devicePublic: Uint8Array, epoch: Buffer) {
  const info = Buffer.concat([Buffer.from(`${keyEnvelopeLabel}\0`), epoch])
  return new Uint8Array(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, devicePublic]), info, keyLength))
}

/** Parameters of openKeyEnvelope. */
export type OpenKeyEnvelopeParameters = {
  /** The key epoch the envelope is for. */
  keyEpoch: number
  /** This device's id. */
  deviceId: string
  /** This device's box key. */
  boxKey: BoxKey
}

/**
 * Opens a key envelope sealed to this device and returns the 32-byte user secret. Throws BadSignatureError when it
 * does not authenticate (wrong device, epoch or tampered), InvalidFieldError for a malformed envelope or an all-zero
 * shared secret [NP-PRIV-031].
 *
 * @example
 * import { openKeyEnvelope } from '@spaceos/protocol'
 * const userSecret = openKeyEnvelope(envelope, { keyEpoch: 2, deviceId, boxKey })
 */
export function openKeyEnvelope(envelope: Uint8Array, parameters: OpenKeyEnvelopeParameters): Uint8Array {
  if (envelope.length !== keyLength + nonceLength + keyLength + tagLength) {
    throw new InvalidFieldError({ field: 'envelope', reason: 'must be 92 bytes' })
  }
  const epoch = uint32be(parameters.keyEpoch)
  const ephemeralPublic = envelope.subarray(0, keyLength)
  const shared = sharedSecret(privateBoxKey(parameters.boxKey.privateKey), publicBoxKey(ephemeralPublic, 'envelope'))
  const key = keyEnvelopeKey(shared, ephemeralPublic, parameters.boxKey.publicKey, epoch)
  const aad = Buffer.concat([Buffer.from(`${keyEnvelopeLabel}\0`), epoch, Buffer.from(parameters.deviceId, 'utf8')])
  const secret = open(
    key,
    envelope.subarray(keyLength, keyLength + nonceLength),
    envelope.subarray(keyLength + nonceLength),
    aad,
  )
  if (!secret)
    throw new BadSignatureError({ message: 'The key envelope does not authenticate for this device and epoch.' })
  return new Uint8Array(secret)
}

/** What the pairing exchange binds (spec/AUTH.md §6). */
export type PairingTranscript = {
  /** The account (wallet address). */
  account: string
  /** The pairing id. */
  pairingId: string
  /** The 6-digit code. */
  code: string
  /** The new device's X25519 public key. */
  encryptionPublicKey: Uint8Array
  /** The new device's Ed25519 public key. */
  signingPublicKey: Uint8Array
}

/** The user secrets handed over at pairing, by epoch. */
export type PairingSecrets = ReadonlyMap<number, Uint8Array>

function transcriptHash(transcript: PairingTranscript, ephemeralPublic: Uint8Array): Buffer {
  if (transcript.signingPublicKey.length !== keyLength) {
    throw new InvalidFieldError({ field: 'signing_public_key', reason: 'must be 32 bytes' })
  }
  const t = Buffer.concat([
    Buffer.from(`SPACEOS-PAIR-V1\0${transcript.account}\0${transcript.pairingId}\0${transcript.code}`, 'utf8'),
    ephemeralPublic,
    transcript.encryptionPublicKey,
    transcript.signingPublicKey,
  ])
  return createHash('sha256').update(t).digest()
}

function pairingKey(shared: Buffer, hash: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', shared, hash, Buffer.from('pairing-secret', 'utf8'), keyLength))
}

/**
 * Device A seals every private-scope user secret to the new device B for CompletePairing (spec/AUTH.md §6,
 * [NP-PAIR-020]): the bundle `{"account", "epochs": [{"epoch", "secret"}]}` under AES-256-GCM with a key from
 * X25519(fresh ephemeral, B) and HKDF salted with SHA-256 of the transcript, which is also the associated data.
 * `secrets` holds epochs 1 … the account's current epoch; it is empty (and `key_epoch` 0) for an account that has no
 * epoch yet [NP-PAIR-029].
 *
 * @example
 * import { sealPairingSecrets } from '@spaceos/protocol'
 * const sealedSecret = sealPairingSecrets(new Map([[1, secret]]), { account, pairingId, code, encryptionPublicKey, signingPublicKey })
 */
export function sealPairingSecrets(secrets: PairingSecrets, transcript: PairingTranscript): SealedSecret {
  const epochs = [...secrets].sort(([a], [b]) => a - b)
  for (const [epoch, secret] of epochs) {
    uint32be(epoch)
    if (secret.length !== keyLength) throw new InvalidFieldError({ field: 'secrets', reason: 'must be 32 bytes each' })
  }
  const bundle = JSON.stringify({
    account: transcript.account,
    epochs: epochs.map(([epoch, secret]) => ({ epoch, secret: Buffer.from(secret).toString('base64') })),
  })
  const devicePublic = publicBoxKey(transcript.encryptionPublicKey, 'encryption_public_key')
  const ephemeral = generateKeyPairSync('x25519')
  const ephemeralPublic = rawPublic(ephemeral.publicKey)
  const hash = transcriptHash(transcript, ephemeralPublic)
  const key = pairingKey(sharedSecret(ephemeral.privateKey, devicePublic), hash)
  const { nonce, ciphertext } = seal(key, Buffer.from(bundle, 'utf8'), hash)
  return create(SealedSecretSchema, {
    ephemeralPublicKey: ephemeralPublic,
    nonce: new Uint8Array(nonce),
    ciphertext: new Uint8Array(ciphertext),
    keyEpoch: epochs.at(-1)?.[0] ?? 0,
  })
}

/**
 * Device B opens the sealed secrets it received from GetPairingResult with its box key. Throws
 * ProtocolError PAIRING_CODE_INVALID when the seal does not authenticate (a different code, account, pairing or key:
 * the pairing failed, keep nothing [NP-PAIR-025]) and PERMISSION_DENIED when the bundle names another account
 * [NP-PAIR-026].
 *
 * @example
 * import { openPairingSecrets } from '@spaceos/protocol'
 * const secrets = openPairingSecrets(result.sealedSecret, { account, pairingId, code, encryptionPublicKey, signingPublicKey }, boxKey)
 */
export function openPairingSecrets(
  sealed: SealedSecret,
  transcript: PairingTranscript,
  boxKey: BoxKey,
): PairingSecrets {
  const ephemeralPublic = publicBoxKey(sealed.ephemeralPublicKey, 'sealed_secret.ephemeral_public_key')
  const hash = transcriptHash({ ...transcript, encryptionPublicKey: boxKey.publicKey }, sealed.ephemeralPublicKey)
  const key = pairingKey(sharedSecret(privateBoxKey(boxKey.privateKey), ephemeralPublic), hash)
  const plaintext = open(key, sealed.nonce, sealed.ciphertext, hash)
  if (!plaintext) {
    throw new ProtocolError('PAIRING_CODE_INVALID', {
      message: 'The sealed secrets do not open with this code and device; start the pairing again.',
      docsPath: 'spec/AUTH.md#6-the-pairing-exchange-private-scope-secret-hand-over',
    })
  }
  let bundle: { account?: unknown; epochs?: unknown }
  try {
    bundle = JSON.parse(plaintext.toString('utf8')) as typeof bundle
  } catch (error) {
    throw new InvalidFieldError({ field: 'sealed_secret', reason: 'does not hold a JSON bundle', cause: error })
  }
  if (typeof bundle.account !== 'string' || bundle.account.toLowerCase() !== transcript.account.toLowerCase()) {
    throw new ProtocolError('PERMISSION_DENIED', { message: 'The sealed secrets belong to another account.' })
  }
  if (!Array.isArray(bundle.epochs)) throw new InvalidFieldError({ field: 'sealed_secret', reason: 'has no epochs' })
  const secrets = new Map<number, Uint8Array>()
  for (const entry of bundle.epochs as { epoch?: unknown; secret?: unknown }[]) {
    const secret = typeof entry.secret === 'string' ? Buffer.from(entry.secret, 'base64') : Buffer.alloc(0)
    if (typeof entry.epoch !== 'number' || secret.length !== keyLength) {
      throw new InvalidFieldError({ field: 'sealed_secret', reason: 'holds a malformed epoch entry' })
    }
    secrets.set(entry.epoch, new Uint8Array(secret))
  }
  return secrets
}
