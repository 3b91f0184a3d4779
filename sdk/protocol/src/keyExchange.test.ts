import { createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, hkdfSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { account, deviceKey } from '../test/fixtures.ts'
import { ProtocolError } from './errors.ts'
import {
  generateBoxKey,
  openKeyEnvelope,
  openPairingSecrets,
  sealKeyEnvelope,
  sealPairingSecrets,
} from './keyExchange.ts'

const boxKey = generateBoxKey()
const secret = new Uint8Array(32).fill(7)

function codeOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof ProtocolError) return error.code
    throw error
  }
  return 'OK'
}

describe('key envelopes (spec/MEMORY.md §7.4)', () => {
  const parameters = {
    keyEpoch: 3,
    userSecret: secret,
    deviceId: deviceKey.deviceId,
    devicePublicKey: boxKey.publicKey,
  }

  it('seals a user secret that only the addressed device opens', () => {
    const envelope = sealKeyEnvelope(parameters)
    expect(envelope).toHaveLength(92)
    expect(openKeyEnvelope(envelope, { keyEpoch: 3, deviceId: deviceKey.deviceId, boxKey })).toEqual(secret)
    expect(sealKeyEnvelope(parameters)).not.toEqual(envelope) // fresh ephemeral key and nonce
  })

  it('follows the byte layout of NP-PRIV-030 exactly', () => {
    const envelope = sealKeyEnvelope(parameters)
    const ephemeralPublic = envelope.subarray(0, 32)
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), boxKey.privateKey])
    const spki = Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), ephemeralPublic])
    const shared = diffieHellman({
      privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
      publicKey: createPublicKey({ key: spki, format: 'der', type: 'spki' }),
    })
    const info = Buffer.concat([Buffer.from('SPACEOS-KEY-ENVELOPE-V1\0'), Buffer.from([0, 0, 0, 3])])
    const key = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, boxKey.publicKey]), info, 32))
    const decipher = createDecipheriv('aes-256-gcm', key, envelope.subarray(32, 44))
    decipher.setAAD(Buffer.concat([info, Buffer.from(deviceKey.deviceId)]))
    decipher.setAuthTag(envelope.subarray(76))
    expect(new Uint8Array(Buffer.concat([decipher.update(envelope.subarray(44, 76)), decipher.final()]))).toEqual(
      secret,
    )
  })

  it('refuses another device, another epoch or a tampered envelope with BAD_SIGNATURE', () => {
    const envelope = sealKeyEnvelope(parameters)
    expect(codeOf(() => openKeyEnvelope(envelope, { keyEpoch: 4, deviceId: deviceKey.deviceId, boxKey }))).toBe(
      'BAD_SIGNATURE',
    )
    expect(codeOf(() => openKeyEnvelope(envelope, { keyEpoch: 3, deviceId: 'f'.repeat(64), boxKey }))).toBe(
      'BAD_SIGNATURE',
    )
    expect(
      codeOf(() => openKeyEnvelope(envelope, { keyEpoch: 3, deviceId: deviceKey.deviceId, boxKey: generateBoxKey() })),
    ).toBe('BAD_SIGNATURE')
    const tampered = envelope.slice()
    tampered[50] = (tampered[50] ?? 0) ^ 1
    expect(codeOf(() => openKeyEnvelope(tampered, { keyEpoch: 3, deviceId: deviceKey.deviceId, boxKey }))).toBe(
      'BAD_SIGNATURE',
    )
  })

  it('rejects malformed input and low-order keys with INVALID_FIELD [NP-PRIV-031]', () => {
    expect(codeOf(() => openKeyEnvelope(new Uint8Array(91), { keyEpoch: 3, deviceId: 'd', boxKey }))).toBe(
      'INVALID_FIELD',
    )
    expect(codeOf(() => sealKeyEnvelope({ ...parameters, userSecret: new Uint8Array(16) }))).toBe('INVALID_FIELD')
    expect(codeOf(() => sealKeyEnvelope({ ...parameters, devicePublicKey: new Uint8Array(32) }))).toBe('INVALID_FIELD')
    expect(codeOf(() => sealKeyEnvelope({ ...parameters, keyEpoch: -1 }))).toBe('INVALID_FIELD')
  })
})

describe('the pairing exchange (spec/AUTH.md §6)', () => {
  const transcript = {
    account,
    pairingId: '01JCFZ8Q8M6R3E2W4XKJ9T5B7N',
    code: '042917',
    encryptionPublicKey: boxKey.publicKey,
    signingPublicKey: deviceKey.publicKey,
  }
  const secrets = new Map([
    [1, new Uint8Array(32).fill(1)],
    [2, new Uint8Array(32).fill(2)],
  ])

  it('hands every epoch secret to the new device, naming the newest epoch', () => {
    const sealed = sealPairingSecrets(secrets, transcript)
    expect(sealed.keyEpoch).toBe(2)
    expect(sealed.ephemeralPublicKey).toHaveLength(32)
    expect(openPairingSecrets(sealed, transcript, boxKey)).toEqual(secrets)
  })

  it('fails as PAIRING_CODE_INVALID when the code, pairing, account or keys differ [NP-PAIR-025]', () => {
    const sealed = sealPairingSecrets(secrets, transcript)
    expect(codeOf(() => openPairingSecrets(sealed, { ...transcript, code: '042918' }, boxKey))).toBe(
      'PAIRING_CODE_INVALID',
    )
    expect(codeOf(() => openPairingSecrets(sealed, { ...transcript, pairingId: 'other' }, boxKey))).toBe(
      'PAIRING_CODE_INVALID',
    )
    const otherSigner = { ...transcript, signingPublicKey: new Uint8Array(32).fill(9) }
    expect(codeOf(() => openPairingSecrets(sealed, otherSigner, boxKey))).toBe('PAIRING_CODE_INVALID')
    expect(codeOf(() => openPairingSecrets(sealed, transcript, generateBoxKey()))).toBe('PAIRING_CODE_INVALID')
  })

  it('seals an empty bundle with key epoch 0 for an account without an epoch [NP-PAIR-029]', () => {
    const sealed = sealPairingSecrets(new Map(), transcript)
    expect(sealed.keyEpoch).toBe(0)
    expect(openPairingSecrets(sealed, transcript, boxKey)).toEqual(new Map())
    expect(codeOf(() => openPairingSecrets(sealed, { ...transcript, code: '042918' }, boxKey))).toBe(
      'PAIRING_CODE_INVALID',
    )
  })

  it('refuses to seal malformed secrets', () => {
    expect(codeOf(() => sealPairingSecrets(new Map([[1, new Uint8Array(5)]]), transcript))).toBe('INVALID_FIELD')
  })
})
