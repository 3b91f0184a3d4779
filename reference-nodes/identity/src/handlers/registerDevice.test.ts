import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDevice, tokenProof } from '../../test/device.ts'
import { type RunningNode, rejectionCode, startNode } from '../../test/harness.ts'
import { login } from '../../test/login.ts'

let running: RunningNode
beforeEach(async () => {
  running = await startNode()
})
afterEach(async () => {
  await running.close()
})

async function registerFirst(
  device = createTestDevice(),
  options: { recover?: boolean; wallet?: Parameters<typeof login>[1] } = {},
) {
  const { jwt, wallet } = await login(running.url, options.wallet, device)
  const response = await running.as(jwt).registerDevice({
    signingPublicKey: device.signing,
    encryptionPublicKey: device.encryption,
    displayName: 'laptop',
    platform: 1,
    proofSignature: tokenProof(device, jwt),
    recover: options.recover ?? false,
  })
  return { device, wallet, accountJwt: jwt, deviceJwt: response.jwt, response }
}

describe('RegisterDevice', () => {
  it('registers the first device named by the wallet login and issues a device token with did [NP-AUTH-060]', async () => {
    const { device, deviceJwt, response, wallet } = await registerFirst()
    expect(response.device?.deviceId).toBe(device.deviceId) // [NP-AUTH-051]
    const claims = JSON.parse(Buffer.from(deviceJwt.split('.')[1] as string, 'base64url').toString())
    expect(claims).toMatchObject({ did: device.deviceId, sub: wallet.address.toLowerCase() })
    const listed = await running.as(deviceJwt).listDevices({})
    expect(listed.devices.map((d) => d.deviceId)).toEqual([device.deviceId])
  })

  it('refuses keys the login message did not name [NP-AUTH-060]', async () => {
    const named = createTestDevice()
    const other = createTestDevice()
    const { jwt } = await login(running.url, undefined, named)
    const call = running.as(jwt).registerDevice({
      signingPublicKey: other.signing,
      encryptionPublicKey: other.encryption,
      displayName: 'x',
      platform: 1,
      proofSignature: tokenProof(other, jwt),
    })
    expect(await rejectionCode(call)).toBe('PERMISSION_DENIED')
  })

  it('refuses a bad proof of possession with BAD_SIGNATURE [NP-AUTH-062]', async () => {
    const device = createTestDevice()
    const { jwt } = await login(running.url, undefined, device)
    const call = running.as(jwt).registerDevice({
      signingPublicKey: device.signing,
      encryptionPublicKey: device.encryption,
      displayName: 'x',
      platform: 1,
      proofSignature: tokenProof(createTestDevice(), jwt),
    })
    expect(await rejectionCode(call)).toBe('BAD_SIGNATURE')
  })

  it('refuses a second first device without recover, and recovery revokes the old one [NP-AUTH-061] [NP-AUTH-070]', async () => {
    const first = await registerFirst()
    const second = createTestDevice()
    const { jwt } = await login(running.url, first.wallet, second)
    const request = {
      signingPublicKey: second.signing,
      encryptionPublicKey: second.encryption,
      displayName: 'phone',
      platform: 2,
      proofSignature: tokenProof(second, jwt),
    }
    expect(await rejectionCode(running.as(jwt).registerDevice(request))).toBe('PERMISSION_DENIED')
    const { jwt: again } = await login(running.url, first.wallet, second)
    const recovered = await running
      .as(again)
      .registerDevice({ ...request, proofSignature: tokenProof(second, again), recover: true })
    expect(await rejectionCode(running.as(first.deviceJwt).listDevices({}))).toBe('DEVICE_REVOKED')
    const devices = await running.as(recovered.jwt).listDevices({ includeRevoked: true })
    expect(devices.devices.filter((d) => d.revokedAtMs > 0n).map((d) => d.deviceId)).toEqual([first.device.deviceId])
  })

  it('registers at most one device per account token [NP-AUTH-063]', async () => {
    const { accountJwt, device } = await registerFirst()
    const call = running.as(accountJwt).registerDevice({
      signingPublicKey: device.signing,
      encryptionPublicKey: device.encryption,
      displayName: 'x',
      platform: 1,
      proofSignature: tokenProof(device, accountJwt),
      recover: true,
    })
    expect(await rejectionCode(call)).toBe('PERMISSION_DENIED')
  })
})

describe('devices', () => {
  it('rejects every request with a revoked device token from the moment of revocation [NP-AUTH-082]', async () => {
    const { deviceJwt, device } = await registerFirst()
    expect(await rejectionCode(running.as(deviceJwt).revokeDevice({ deviceId: device.deviceId }))).toBe('OK')
    expect(await rejectionCode(running.as(deviceJwt).listDevices({}))).toBe('DEVICE_REVOKED')
    expect(await rejectionCode(running.as(deviceJwt).createApiKey({ name: 'x' }))).toBe('DEVICE_REVOKED')
  })

  it('refuses to revoke a device of another account [NP-AUTH-081]', async () => {
    const alice = await registerFirst()
    const bob = await registerFirst()
    const call = running.as(bob.deviceJwt).revokeDevice({ deviceId: alice.device.deviceId })
    expect(await rejectionCode(call)).toBe('PERMISSION_DENIED')
  })

  it('answers ListDevices with an account token with PERMISSION_DENIED [NP-AUTH-047]', async () => {
    const { accountJwt } = await registerFirst()
    expect(await rejectionCode(running.as(accountJwt).listDevices({}))).toBe('PERMISSION_DENIED')
  })

  it('lets any authenticated caller read a device record', async () => {
    const alice = await registerFirst()
    const { jwt } = await login(running.url)
    const read = await running.as(jwt).getDevice({ deviceId: alice.device.deviceId })
    expect(read.account).toBe(alice.wallet.address.toLowerCase())
    expect(await rejectionCode(running.as(jwt).getDevice({ deviceId: 'f'.repeat(64) }))).toBe('NOT_FOUND')
    expect(await rejectionCode(running.client.getDevice({ deviceId: alice.device.deviceId }))).toBe('UNAUTHENTICATED')
  })
})
