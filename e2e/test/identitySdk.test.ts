import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JWT_CLOCK_SKEW_S, SERVICE_TOKEN_TTL_S } from '@spaceos/generated/parameters'
import {
  completePairing,
  createApiKey,
  createPairingCode,
  createTokenVerifier,
  exportDeviceKeys,
  generateDeviceKeys,
  getKeyEnvelopes,
  getPairingResult,
  getPairingStatus,
  getWallets,
  IdentityRequestError,
  importDeviceKeys,
  listApiKeys,
  listDevices,
  login,
  peerAudience,
  redeemPairingCode,
  registerDevice,
  requestDeviceToken,
  revokeApiKey,
  revokeDevice,
  rotateKeyEpoch,
  serviceAudience,
} from '@spaceos/identity'
import { createIdentityNode, createKeyRing, createSqliteStore, systemClock } from '@spaceos/identity-node'
import { createLogger, serveNodeApp } from '@spaceos/node-kit'
import { createWalletClient, custom } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

let url: string
let dir: string
const controller = new AbortController()
const store = () => createSqliteStore({ path: join(dir, 'identity.db') })
let close: () => Promise<void>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'identity-sdk-'))
  const db = store()
  const keys = await createKeyRing({ clock: systemClock })
  const server = await serveNodeApp(
    (issuer) =>
      createIdentityNode({
        store: db,
        clock: systemClock,
        keys,
        signal: controller.signal,
        issuer,
        log: createLogger({ name: 'identity-sdk-test', level: 'silent' }),
      }).app,
  )
  url = server.url
  close = async () => {
    controller.abort()
    await server.close()
    await db.close()
  }
})
afterAll(async () => {
  await close()
  rmSync(dir, { recursive: true, force: true })
})

/** A wallet client whose account is local but whose transport is an EIP-1193 provider, as with an injected wallet. */
function walletClient() {
  const account = privateKeyToAccount(generatePrivateKey())
  const provider = {
    async request({ method, params }: { method: string; params?: unknown }) {
      if (method === 'eth_accounts' || method === 'eth_requestAccounts') return [account.address]
      if (method === 'personal_sign') {
        const [message] = params as [`0x${string}`]
        return account.signMessage({ message: { raw: message } })
      }
      throw new Error(`unsupported ${method}`)
    },
  }
  return { account, client: createWalletClient({ transport: custom(provider) }) }
}

describe('@spaceos/identity', () => {
  it('logs in with a JSON-RPC wallet client and with a local-account wallet client', async () => {
    const injected = walletClient()
    const session = await login(injected.client, { url })
    expect(session.account).toBe(injected.account.address.toLowerCase())
    const local = privateKeyToAccount(generatePrivateKey())
    const localSession = await login(
      createWalletClient({ account: local, transport: custom({ request: async () => null }) }),
      { url },
    )
    expect(localSession.account).toBe(local.address.toLowerCase())
    expect(localSession.expiresAtMs).toBeGreaterThan(Date.now())
  })

  it('registers a first device, pairs a second with the secrets handed over, and revokes it', async () => {
    const { client } = walletClient()
    const keysA = generateDeviceKeys()
    const a = await registerDevice(await login(client, { url, device: keysA }), keysA, {
      displayName: 'laptop',
      platform: 3,
    })
    expect(a.device.deviceId).toBe(keysA.deviceId)
    const { code, pairingId } = await createPairingCode(a.session)
    const keysB = importDeviceKeys(exportDeviceKeys(generateDeviceKeys()))
    const redeemed = await redeemPairingCode({
      url,
      account: a.session.account,
      code,
      keys: keysB,
      displayName: 'phone',
      platform: 1,
    })
    expect(await getPairingResult(redeemed, keysB)).toBeUndefined()
    const status = await getPairingStatus(a.session, pairingId)
    expect(status.device?.fingerprint).toBe(keysB.deviceId.slice(0, 8))
    // the account starts epoch 1 first, so the pairing hands its secret over [NP-PAIR-029]
    const { secret } = await rotateKeyEpoch(a.session, { expectedEpoch: 0 })
    await completePairing(a.session, { pairingId, code }, new Map([[1, secret]]))
    const result = await getPairingResult(redeemed, keysB)
    expect(result?.secrets.get(1)).toEqual(secret)
    expect((await listDevices(result?.session ?? a.session)).length).toBe(2)
    await revokeDevice(a.session, keysB.deviceId)
    await expect(listDevices(result?.session ?? a.session)).rejects.toMatchObject({ code: 'DEVICE_REVOKED' })
  })

  it('rotates the private-scope epoch: every active device opens the new secret, a revoked one gets none', async () => {
    const { client } = walletClient()
    const keysA = generateDeviceKeys()
    const a = await registerDevice(await login(client, { url, device: keysA }), keysA, {
      displayName: 'laptop',
      platform: 3,
    })
    const { code, pairingId } = await createPairingCode(a.session)
    const keysB = generateDeviceKeys()
    const redeemed = await redeemPairingCode({
      url,
      account: a.session.account,
      code,
      keys: keysB,
      displayName: 'phone',
      platform: 1,
    })
    await completePairing(a.session, { pairingId, code }, new Map()) // no epoch yet: an empty bundle [NP-PAIR-029]
    const b = await getPairingResult(redeemed, keysB)
    if (b === undefined) throw new Error('pairing did not complete')
    expect((await getKeyEnvelopes(a.session, keysA)).currentEpoch).toBe(0)
    const first = await rotateKeyEpoch(a.session, { expectedEpoch: 0 })
    expect(first.epoch).toBe(1)
    const seenByB = await getKeyEnvelopes(b.session, keysB, { epoch: 1 })
    expect(seenByB.secrets).toEqual([{ epoch: 1, secret: first.secret }])
    // B's keys cannot open A's envelope: each device gets its own
    await expect(getKeyEnvelopes(a.session, keysB)).rejects.toThrow()
    await expect(rotateKeyEpoch(b.session, { expectedEpoch: 0 })).rejects.toMatchObject({ code: 'INVALID_FIELD' })
    await revokeDevice(a.session, keysB.deviceId)
    const second = await rotateKeyEpoch(a.session, { expectedEpoch: 1 })
    const mine = await getKeyEnvelopes(a.session, keysA)
    expect(mine).toEqual({ currentEpoch: 2, secrets: [first, second] })
    await expect(getKeyEnvelopes(b.session, keysB)).rejects.toMatchObject({ code: 'DEVICE_REVOKED' })
  })

  it('answers the wallets of the session; without KIS only the connected one [NP-AUTH-103]', async () => {
    const session = await login(walletClient().client, { url })
    expect(await getWallets(session)).toEqual({ connected: session.account, proxy: '', nativeAccount: '' })
  })

  it('verifies tokens offline for services: only tokens of its own audience, with the spec codes for bad ones', async () => {
    const keysA = generateDeviceKeys()
    const session = await login(walletClient().client, { url, device: keysA })
    const device = await registerDevice(session, keysA, { displayName: 'laptop', platform: 3 })
    const audience = serviceAudience('ws://coordinator.example:8092/v1/ws')
    expect(audience).toBe('ws://coordinator.example:8092')
    const service = await requestDeviceToken({ url, keys: keysA, audience })
    const verify = createTokenVerifier({ issuer: url, audience })
    expect(await verify(service.jwt)).toEqual({
      account: session.account,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      deviceId: keysA.deviceId,
      expiresAtMs: service.expiresAtMs,
    })
    const code = (promise: Promise<unknown>) =>
      promise.then(
        () => 'OK',
        (error: unknown) => (error as { code?: string }).code,
      )
    // identity's own tokens and another recipient's token are refused by the service [NP-AUTH-114]
    expect(await code(verify(session.jwt))).toBe('UNAUTHENTICATED')
    expect(await code(verify(device.session.jwt))).toBe('UNAUTHENTICATED')
    const peer = await requestDeviceToken({ url, keys: keysA, audience: peerAudience(generateDeviceKeys().deviceId) })
    expect(await code(verify(peer.jwt))).toBe('UNAUTHENTICATED')
    // and identity refuses the service token [NP-AUTH-111]
    await expect(listDevices({ ...device.session, jwt: service.jwt })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    })
    expect(
      await code(listDevices({ ...device.session, jwt: (await requestDeviceToken({ url, keys: keysA })).jwt })),
    ).toBe('OK')
    const [header, payload, signature] = service.jwt.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    expect(await code(verify(`${header}.${b64({ ...claims, sub: `0x${'00'.repeat(20)}` })}.${signature}`))).toBe(
      'UNAUTHENTICATED',
    )
    expect(await code(verify(`${b64({ alg: 'none' })}.${payload}.`))).toBe('UNAUTHENTICATED')
    expect(
      await code(
        createTokenVerifier({ issuer: 'https://other.example', audience, jwksUrl: `${url}/.well-known/jwks.json` })(
          service.jwt,
        ),
      ),
    ).toBe('UNAUTHENTICATED')
    const pastExpiry = (SERVICE_TOKEN_TTL_S + JWT_CLOCK_SKEW_S + 1) * 1000
    expect(
      await code(createTokenVerifier({ issuer: url, audience, now: () => Date.now() + pastExpiry })(service.jwt)),
    ).toBe('TOKEN_EXPIRED')
    expect(
      await code(createTokenVerifier({ issuer: url, audience, now: () => Date.now() - 120_000 })(service.jwt)),
    ).toBe('UNAUTHENTICATED')
    const offline = createTokenVerifier({
      issuer: url,
      audience,
      jwks: await (await fetch(`${url}/.well-known/jwks.json`)).json(),
    })
    expect((await offline(service.jwt)).account).toBe(session.account)
  })

  it('creates, lists and revokes API keys, and reports spec error codes', async () => {
    const session = await login(walletClient().client, { url })
    const { secret, apiKey } = await createApiKey(session, { name: 'ci' })
    expect(secret.startsWith('sk-space-')).toBe(true)
    expect((await listApiKeys(session)).map((key) => key.prefix)).toEqual([secret.slice(0, 12)])
    await revokeApiKey(session, apiKey.keyId)
    const error = await revokeApiKey(session, apiKey.keyId).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(IdentityRequestError)
    expect((error as IdentityRequestError).code).toBe('NOT_FOUND')
  })
})
