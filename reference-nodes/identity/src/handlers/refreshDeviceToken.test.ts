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
