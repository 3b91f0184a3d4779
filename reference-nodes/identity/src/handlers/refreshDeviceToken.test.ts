import { PEER_TOKEN_TTL_S, SERVICE_TOKEN_TTL_S } from '@spaceos/generated/parameters'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { signWith } from '../../test/device.ts'
import { registerFirstDevice } from '../../test/flows.ts'
import { type RunningNode, rejectionCode, startNode } from '../../test/harness.ts'
import { refreshProofBytes } from './refreshDeviceToken.ts'

let running: RunningNode
beforeEach(async () => {
  running = await startNode()
})
afterEach(async () => {
  await running.close()
})

it('refreshes a device token with the device key over a single-use challenge [NP-KEY-010]', async () => {
  const a = await registerFirstDevice(running)
  const { challenge } = await running.client.getDeviceChallenge({ deviceId: a.device.deviceId })
  expect(challenge).toHaveLength(32)
  const signature = signWith(a.device, refreshProofBytes(challenge))
  const { jwt } = await running.client.refreshDeviceToken({ deviceId: a.device.deviceId, challenge, signature })
  expect(await rejectionCode(running.as(jwt).listDevices({}))).toBe('OK')
  const replay = running.client.refreshDeviceToken({ deviceId: a.device.deviceId, challenge, signature })
  expect(await rejectionCode(replay)).toBe('NONCE_INVALID')
  const other = await registerFirstDevice(running)
  const { challenge: second } = await running.client.getDeviceChallenge({ deviceId: a.device.deviceId })
  const forged = signWith(other.device, refreshProofBytes(second))
  expect(
    await rejectionCode(
      running.client.refreshDeviceToken({ deviceId: a.device.deviceId, challenge: second, signature: forged }),
    ),
  ).toBe('BAD_SIGNATURE')
})

it('answers a refresh for a revoked device with DEVICE_REVOKED [NP-KEY-011]', async () => {
  const a = await registerFirstDevice(running)
  const { challenge } = await running.client.getDeviceChallenge({ deviceId: a.device.deviceId })
  await running.as(a.deviceJwt).revokeDevice({ deviceId: a.device.deviceId })
  const signature = signWith(a.device, refreshProofBytes(challenge))
  expect(
    await rejectionCode(running.client.refreshDeviceToken({ deviceId: a.device.deviceId, challenge, signature })),
  ).toBe('DEVICE_REVOKED')
})

/** The claims of a compact JWT (no verification: the node's own verifier is what the calls below exercise). */
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>

it('binds a requested token to one audience, which identity itself refuses [NP-AUTH-111] [NP-AUTH-113]', async () => {
  const a = await registerFirstDevice(running)
  const b = await registerFirstDevice(running)
  const tokenFor = async (audience: string) => {
    const { challenge } = await running.client.getDeviceChallenge({ deviceId: a.device.deviceId })
    const signature = signWith(a.device, refreshProofBytes(challenge, audience))
    return running.client.refreshDeviceToken({ deviceId: a.device.deviceId, challenge, signature, audience })
  }
  const peer = await tokenFor(`spaceos:peer:${b.device.deviceId}`)
  const peerClaims = claimsOf(peer.jwt)
  expect(peerClaims.aud).toEqual([`spaceos:peer:${b.device.deviceId}`])
  expect(peerClaims.did).toBe(a.device.deviceId)
  expect(Number(peerClaims.exp) - Number(peerClaims.iat)).toBe(PEER_TOKEN_TTL_S)
  const service = await tokenFor('wss://coordinator.example')
  const serviceClaims = claimsOf(service.jwt)
  expect(serviceClaims.aud).toEqual(['wss://coordinator.example'])
  expect(Number(serviceClaims.exp) - Number(serviceClaims.iat)).toBe(SERVICE_TOKEN_TTL_S)
  for (const replayed of [peer.jwt, service.jwt]) {
    expect(await rejectionCode(running.as(replayed).listDevices({}))).toBe('UNAUTHENTICATED')
    expect(await rejectionCode(running.as(replayed).createPairingCode({}))).toBe('UNAUTHENTICATED')
    expect(await rejectionCode(running.as(replayed).getDevice({ deviceId: b.device.deviceId }))).toBe('UNAUTHENTICATED')
  }
  expect(claimsOf(a.deviceJwt).aud).toEqual([running.url])
})

it('refuses malformed audiences and a signature made for another audience [NP-AUTH-112] [NP-AUTH-117]', async () => {
  const a = await registerFirstDevice(running)
  for (const audience of [
    'spaceos',
    'https://coordinator.example/',
    'https://Coordinator.example',
    'https://coordinator.example:443',
    'ftp://coordinator.example',
    'spaceos:peer:abc',
    running.url,
    `https://${'a'.repeat(300)}.example`,
  ]) {
    const { challenge } = await running.client.getDeviceChallenge({ deviceId: a.device.deviceId })
    const signature = signWith(a.device, refreshProofBytes(challenge, audience))
    const answer = running.client.refreshDeviceToken({ deviceId: a.device.deviceId, challenge, signature, audience })
    expect([audience, await rejectionCode(answer)]).toEqual([audience, 'INVALID_FIELD'])
  }
  const { challenge } = await running.client.getDeviceChallenge({ deviceId: a.device.deviceId })
  const signature = signWith(a.device, refreshProofBytes(challenge, 'wss://a.example'))
  const swapped = running.client.refreshDeviceToken({
    deviceId: a.device.deviceId,
    challenge,
    signature,
    audience: 'wss://b.example',
  })
  expect(await rejectionCode(swapped)).toBe('BAD_SIGNATURE')
})
