import { create } from '@bufbuild/protobuf'
import {
  PAIRING_CODE_DIGITS,
  PAIRING_CODE_MAX_ATTEMPTS,
  PAIRING_CODE_TTL_S,
  PAIRING_MAX_CODES_PER_HOUR,
  PAIRING_MAX_REDEEMS_PER_HOUR_PER_SOURCE,
} from '@spaceos/generated/parameters'
import { PairingState, SealedSecretSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { generateBoxKey, openPairingSecrets, sealKeyEnvelope, sealPairingSecrets } from '@spaceos/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDevice } from '../../test/device.ts'
import { redeemRequest, registerFirstDevice } from '../../test/flows.ts'
import { type RunningNode, rejectionCode, startNode } from '../../test/harness.ts'

let running: RunningNode
beforeEach(async () => {
  running = await startNode()
})
afterEach(async () => {
  await running.close()
})

const wrongCode = (code: string, i: number) =>
  String((Number(code) + 1 + i) % 10 ** PAIRING_CODE_DIGITS).padStart(PAIRING_CODE_DIGITS, '0')

describe('pairing', () => {
  it('pairs a second device end to end, relaying only the sealed secret [NP-PAIR-010] [NP-PAIR-022]', async () => {
    const a = await registerFirstDevice(running)
    const { code, pairingId } = await running.as(a.deviceJwt).createPairingCode({})
    expect(code).toMatch(new RegExp(`^\\d{${PAIRING_CODE_DIGITS}}$`)) // [NP-PAIR-001]
    const box = generateBoxKey()
    const b = { ...createTestDevice(), encryption: box.publicKey }
    const redeemed = await running.client.redeemPairingCode(redeemRequest(a.account, code, b))
    expect(redeemed.pairingId).toBe(pairingId)
    // not registered on the redeem alone [NP-PAIR-010]
    expect(await rejectionCode(running.as(a.deviceJwt).getDevice({ deviceId: b.deviceId }))).toBe('NOT_FOUND')
    const status = await running.as(a.deviceJwt).getPairingStatus({ pairingId })
    expect(status.state).toBe(PairingState.REDEEMED)
    expect(status.signingPublicKey).toEqual(b.signing)
    const waiting = await running.client.getPairingResult({ pairingId, claimToken: redeemed.claimToken })
    expect(waiting.state).toBe(PairingState.REDEEMED)
    const secret = new Uint8Array(32).fill(7)
    // the account starts epoch 1 (its envelope names A alone), so the pairing hands over epoch 1 [NP-PAIR-029]
    const envelope = sealKeyEnvelope({
      keyEpoch: 1,
      userSecret: secret,
      deviceId: a.device.deviceId,
      devicePublicKey: a.device.encryption,
    })
    await running
      .as(a.deviceJwt)
      .rotateKeyEpoch({ expectedEpoch: 0, envelopes: [{ deviceId: a.device.deviceId, epoch: 1, envelope }] })
    const transcript = {
      account: a.account,
      pairingId,
      code,
      encryptionPublicKey: b.encryption,
      signingPublicKey: b.signing,
    }
    const sealedSecret = sealPairingSecrets(new Map([[1, secret]]), transcript)
    await running.as(a.deviceJwt).completePairing({ pairingId, sealedSecret })
    const result = await running.client.getPairingResult({ pairingId, claimToken: redeemed.claimToken })
    expect(result.state).toBe(PairingState.COMPLETED)
    expect(result.device?.deviceId).toBe(b.deviceId)
    expect(result.sealedSecret?.ciphertext).toEqual(sealedSecret.ciphertext)
    expect(openPairingSecrets(result.sealedSecret ?? sealedSecret, transcript, box).get(1)).toEqual(secret)
    const listed = await running.as(result.jwt).listDevices({})
    expect(listed.devices.map((d) => d.deviceId).sort()).toEqual([a.device.deviceId, b.deviceId].sort())
  })

  it('registers B only for a secret sealed at the current key epoch, 0 and empty before any [NP-PAIR-030] [NP-PAIR-031]', async () => {
    const a = await registerFirstDevice(running)
    const pairB = async () => {
      const { code, pairingId } = await running.as(a.deviceJwt).createPairingCode({})
      const box = generateBoxKey()
      const b = { ...createTestDevice(), encryption: box.publicKey }
      await running.client.redeemPairingCode(redeemRequest(a.account, code, b))
      const transcript = {
        account: a.account,
        pairingId,
        code,
        encryptionPublicKey: b.encryption,
        signingPublicKey: b.signing,
      }
      const complete = (secrets: Map<number, Uint8Array>) =>
        running.as(a.deviceJwt).completePairing({ pairingId, sealedSecret: sealPairingSecrets(secrets, transcript) })
      return { b, pairingId, complete }
    }
    const first = await pairB()
    expect(await rejectionCode(running.as(a.deviceJwt).completePairing({ pairingId: first.pairingId }))).toBe(
      'INVALID_FIELD',
    )
    const secret = new Uint8Array(32).fill(3)
    expect(await rejectionCode(first.complete(new Map([[1, secret]])))).toBe('INVALID_FIELD') // no epoch 1 yet
    expect(await rejectionCode(first.complete(new Map()))).toBe('OK') // epoch 0: an empty bundle
    const second = await pairB() // A rotates (naming both registered devices) while B2 waits
    const envelopes = [a.device, first.b].map((device) => ({
      deviceId: device.deviceId,
      epoch: 1,
      envelope: sealKeyEnvelope({
        keyEpoch: 1,
        userSecret: secret,
        deviceId: device.deviceId,
        devicePublicKey: device.encryption,
      }),
    }))
    await running.as(a.deviceJwt).rotateKeyEpoch({ expectedEpoch: 0, envelopes })
    expect(await rejectionCode(second.complete(new Map()))).toBe('INVALID_FIELD') // sealed before the rotation
    expect(await rejectionCode(running.as(a.deviceJwt).getDevice({ deviceId: second.b.deviceId }))).toBe('NOT_FOUND')
    expect(await rejectionCode(second.complete(new Map([[1, secret]])))).toBe('OK')
  })

  it('burns a code after the maximum wrong guesses and then answers PAIRING_CODE_EXPIRED [NP-PAIR-004]', async () => {
    const a = await registerFirstDevice(running)
    const { code } = await running.as(a.deviceJwt).createPairingCode({})
    const b = createTestDevice()
    for (let i = 0; i < PAIRING_CODE_MAX_ATTEMPTS; i++) {
      const guess = running.client.redeemPairingCode(redeemRequest(a.account, wrongCode(code, i), b))
      expect(await rejectionCode(guess)).toBe('PAIRING_CODE_INVALID')
    }
    const right = running.client.redeemPairingCode(redeemRequest(a.account, code, b))
    expect(await rejectionCode(right)).toBe('PAIRING_CODE_EXPIRED')
  })

  it('limits redeems per source and answers RATE_LIMITED without checking the code [NP-PAIR-006] [NP-PAIR-007]', async () => {
    const b = createTestDevice()
    const account = `0x${'12'.repeat(20)}`
    for (let i = 0; i < PAIRING_MAX_REDEEMS_PER_HOUR_PER_SOURCE; i++) {
      expect(await rejectionCode(running.client.redeemPairingCode(redeemRequest(account, '000000', b)))).toBe(
        'PAIRING_CODE_EXPIRED',
      )
    }
    expect(await rejectionCode(running.client.redeemPairingCode(redeemRequest(account, '000000', b)))).toBe(
      'RATE_LIMITED',
    )
  })

  it('limits code creation per account [NP-PAIR-005] and burns the previous code [NP-PAIR-003]', async () => {
    const a = await registerFirstDevice(running)
    const first = await running.as(a.deviceJwt).createPairingCode({})
    for (let i = 1; i < PAIRING_MAX_CODES_PER_HOUR; i++) await running.as(a.deviceJwt).createPairingCode({})
    expect(await rejectionCode(running.as(a.deviceJwt).createPairingCode({}))).toBe('RATE_LIMITED')
    const status = await running.as(a.deviceJwt).getPairingStatus({ pairingId: first.pairingId })
    expect(status.state).toBe(PairingState.EXPIRED)
  })

  it('expires a code after its lifetime [NP-PAIR-002]', async () => {
    const a = await registerFirstDevice(running)
    const { code } = await running.as(a.deviceJwt).createPairingCode({})
    running.clock.advance(PAIRING_CODE_TTL_S * 1000 + 1)
    const redeem = running.client.redeemPairingCode(redeemRequest(a.account, code, createTestDevice()))
    expect(await rejectionCode(redeem)).toBe('PAIRING_CODE_EXPIRED')
  })

  it('checks the redeem proof before counting the guess [NP-PAIR-009]', async () => {
    const a = await registerFirstDevice(running)
    const { code } = await running.as(a.deviceJwt).createPairingCode({})
    const b = createTestDevice()
    const forged = { ...redeemRequest(a.account, code, b), proofSignature: new Uint8Array(64) }
    expect(await rejectionCode(running.client.redeemPairingCode(forged))).toBe('BAD_SIGNATURE')
    expect((await running.client.redeemPairingCode(redeemRequest(a.account, code, b))).claimToken).not.toBe('')
  })

  it('lets only the creating device see or complete, and only the claim holder read the result [NP-PAIR-012] [NP-PAIR-013]', async () => {
    const a = await registerFirstDevice(running)
    const other = await registerFirstDevice(running)
    const { code, pairingId } = await running.as(a.deviceJwt).createPairingCode({})
    const b = createTestDevice()
    await running.client.redeemPairingCode(redeemRequest(a.account, code, b))
    expect(await rejectionCode(running.as(other.deviceJwt).getPairingStatus({ pairingId }))).toBe('PERMISSION_DENIED')
    const sealedSecret = create(SealedSecretSchema, {
      ephemeralPublicKey: new Uint8Array(32).fill(1),
      nonce: new Uint8Array(12),
      ciphertext: new Uint8Array(48),
      keyEpoch: 1,
    })
    expect(await rejectionCode(running.as(other.deviceJwt).completePairing({ pairingId, sealedSecret }))).toBe(
      'PERMISSION_DENIED',
    )
    expect(await rejectionCode(running.client.getPairingResult({ pairingId, claimToken: 'guess' }))).toBe(
      'PERMISSION_DENIED',
    )
  })
})
