import { createHash, randomBytes } from 'node:crypto'
import {
  JWT_CLOCK_SKEW_S,
  PAIRING_EXCHANGE_TTL_S,
  PAIRING_MAX_CODES_PER_HOUR,
  PAIRING_MAX_REDEEMS_PER_HOUR_PER_SOURCE,
} from '@spaceos/generated/parameters'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import {
  createDevice,
  createWallet,
  deviceSign,
  type IdentityClient,
  logIn,
  registerDevice,
  requestNonce,
  type SuiteDevice,
} from './client.ts'
import { accountToken, expectCode, expectOk, type IdentityContext, role } from './shared.ts'

export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** Logs a fresh wallet in and registers its first device. */
export async function firstDevice(client: IdentityClient, wallet = createWallet()) {
  const registered = await registerDevice(client, wallet)
  if (registered.deviceJwt === undefined) {
    throw new CaseFailedError('first device registration must succeed', {
      actual: registered.answer?.ok === false ? registered.answer.code : 'login failed',
    })
  }
  return { ...registered, deviceJwt: registered.deviceJwt, account: wallet.address.toLowerCase() }
}

function registerRequest(device: SuiteDevice, jwt: string, extra: Record<string, unknown> = {}) {
  return {
    signingPublicKey: b64(device.signing),
    encryptionPublicKey: b64(device.encryption),
    displayName: 'conformance',
    platform: 'PLATFORM_DESKTOP',
    proofSignature: b64(deviceSign(device, createHash('sha256').update(jwt, 'utf8').digest())),
    ...extra,
  }
}

/** A well-formed RedeemPairingCode request of `device` for `account`'s code. */
export function redeemRequest(account: string, code: string, device: SuiteDevice) {
  return {
    account,
    code,
    signingPublicKey: b64(device.signing),
    encryptionPublicKey: b64(device.encryption),
    displayName: 'new device',
    platform: 'PLATFORM_DESKTOP',
    proofSignature: b64(
      deviceSign(
        device,
        Buffer.concat([Buffer.from('SPACEOS-PAIR-REDEEM-V1\0'), Buffer.from(account + code), device.encryption]),
      ),
    ),
  }
}

/**
 * A random (never opened) SealedSecret for the relay, sealed at `keyEpoch`: the account's current epoch, 0 for an
 * account that never rotated (spec/AUTH.md §6, NP-PAIR-031).
 */
export const sealed = (keyEpoch = 0) => ({
  ephemeralPublicKey: b64(randomBytes(32)),
  nonce: b64(randomBytes(12)),
  ciphertext: b64(randomBytes(64)),
  keyEpoch,
})

/** Cases beyond the login basics: devices, API keys and the pairing flow. */
export const moreCases: ConformanceCase<IdentityContext>[] = [
  defineCase<IdentityContext>({
    id: 'identity.nonce.concurrent',
    title: 'of several concurrent verifies of one nonce exactly one succeeds',
    requirements: ['NP-AUTH-032'],
    role,
    async run({ client }) {
      const wallet = createWallet()
      const nonce = await requestNonce(client, wallet.address)
      expectOk(nonce, 'nonce')
      const message = String(nonce.body.message)
      const signature = await wallet.signMessage({ message })
      const body = { address: wallet.address, message, signature }
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => client.rest('/api/auth/verify', { method: 'POST', body })),
      )
      const wins = answers.filter((a) => a.ok).length
      if (wins !== 1) throw new CaseFailedError('exactly one verify wins', { expected: '1', actual: String(wins) })
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.jwt.not-yet-valid',
    title: 'a token whose nbf is more than JWT_CLOCK_SKEW_S in the future is answered UNAUTHENTICATED',
    requirements: ['NP-AUTH-045'],
    role,
    async run({ client, advanceClock }) {
      if (advanceClock === undefined) skipCase('needs a target whose clock the suite can advance')
      const jwt = await accountToken(client)
      await advanceClock(-(JWT_CLOCK_SKEW_S + 5) * 1000)
      const answer = await client.call('ListApiKeys', {}, jwt)
      await advanceClock((JWT_CLOCK_SKEW_S + 5) * 1000)
      expectCode(answer, 'UNAUTHENTICATED', 'token used before nbf - skew')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.register.first-device',
    title: 'the first device registers under the wallet login; its ID is the SHA-256 of its key; its token names it',
    requirements: ['NP-AUTH-034', 'NP-AUTH-051', 'NP-AUTH-060', 'NP-AUTH-013'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const device = (a.answer?.ok ? a.answer.body.device : undefined) as { deviceId?: string } | undefined
      if (device?.deviceId !== a.device.deviceId) {
        throw new CaseFailedError('device_id = hex SHA-256 of the Ed25519 key', {
          expected: a.device.deviceId,
          actual: String(device?.deviceId),
        })
      }
      const claims = JSON.parse(Buffer.from(a.deviceJwt.split('.')[1] ?? '', 'base64url').toString()) as {
        did?: string
      }
      if (claims.did !== a.device.deviceId)
        throw new CaseFailedError('device token carries did', { actual: String(claims.did) })
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.register.rules',
    title: 'RegisterDevice: bad proof is BAD_SIGNATURE, a second first device needs recover, one device per token',
    requirements: ['NP-AUTH-061', 'NP-AUTH-062', 'NP-AUTH-063'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const second = createDevice()
      const { jwt } = await logIn(client, a.wallet, second)
      if (jwt === undefined) throw new CaseFailedError('login must succeed')
      const badProof = { ...registerRequest(second, jwt), proofSignature: b64(new Uint8Array(64)) }
      expectCode(await client.call('RegisterDevice', badProof, jwt), 'BAD_SIGNATURE', 'bad proof of possession')
      expectCode(
        await client.call('RegisterDevice', registerRequest(second, jwt), jwt),
        'PERMISSION_DENIED',
        'second first device without recover',
      )
      const { jwt: fresh } = await logIn(client, createWallet(), createDevice())
      if (fresh === undefined) throw new CaseFailedError('login must succeed')
      const once = createDevice()
      const { jwt: token } = await logIn(client, createWallet(), once)
      if (token === undefined) throw new CaseFailedError('login must succeed')
      expectOk(await client.call('RegisterDevice', registerRequest(once, token), token), 'first registration')
      expectCode(
        await client.call('RegisterDevice', registerRequest(once, token, { recover: true }), token),
        'PERMISSION_DENIED',
        'second registration with one account token',
      )
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.register.recover',
    title: 'recovery by wallet re-import revokes every other device; a revoked key can never register again',
    requirements: ['NP-AUTH-070', 'NP-AUTH-052', 'NP-AUTH-084'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const fresh = createDevice()
      const { jwt } = await logIn(client, a.wallet, fresh)
      if (jwt === undefined) throw new CaseFailedError('login must succeed')
      expectOk(
        await client.call('RegisterDevice', registerRequest(fresh, jwt, { recover: true }), jwt),
        'recovering registration',
      )
      expectCode(await client.call('ListDevices', {}, a.deviceJwt), 'DEVICE_REVOKED', 'the old device after recovery')
      const { jwt: again } = await logIn(client, createWallet(), a.device)
      if (again === undefined) throw new CaseFailedError('login must succeed')
      expectCode(
        await client.call('RegisterDevice', registerRequest(a.device, again), again),
        'INVALID_FIELD',
        'an already registered (revoked) key',
      )
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.device.boundaries',
    title: "device calls need a device token, and a device cannot revoke another account's device",
    requirements: ['NP-AUTH-047', 'NP-AUTH-081'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const b = await firstDevice(client)
      expectCode(
        await client.call('ListDevices', {}, await accountToken(client)),
        'PERMISSION_DENIED',
        'account token on ListDevices',
      )
      expectCode(
        await client.call('RevokeDevice', { deviceId: a.device.deviceId }, b.deviceJwt),
        'PERMISSION_DENIED',
        "revoking another account's device",
      )
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.api-keys',
    title: 'API keys: sk-space- format, shown once, listed by prefix only, checked by hash, rejected once revoked',
    requirements: ['NP-AUTH-090', 'NP-AUTH-091', 'NP-AUTH-092', 'NP-AUTH-094', 'NP-AUTH-095'],
    role,
    async run({ client }) {
      const jwt = await accountToken(client)
      const created = await client.call('CreateApiKey', { name: 'conformance' }, jwt)
      expectOk(created, 'CreateApiKey')
      const secret = String(created.body.secret)
      if (!/^sk-space-[A-Za-z0-9_-]{43}$/.test(secret))
        throw new CaseFailedError('key format', { actual: secret.slice(0, 12) })
      const listed = await client.call('ListApiKeys', {}, jwt)
      expectOk(listed, 'ListApiKeys')
      const text = JSON.stringify(listed.body)
      if (text.includes(secret.slice(12))) throw new CaseFailedError('ListApiKeys must not reveal the key')
      if (!text.includes(secret.slice(0, 12))) throw new CaseFailedError('ListApiKeys shows the first 12 characters')
      const keyHash = createHash('sha256').update(secret).digest('base64')
      const active = await client.call('CheckApiKey', { keyHash }, jwt)
      expectOk(active, 'CheckApiKey')
      if (active.body.status !== 'API_KEY_STATUS_ACTIVE')
        throw new CaseFailedError('active key', { actual: String(active.body.status) })
      const keyId = (created.body.apiKey as { keyId?: string } | undefined)?.keyId ?? ''
      expectOk(await client.call('RevokeApiKey', { keyId }, jwt), 'RevokeApiKey')
      const revoked = await client.call('CheckApiKey', { keyHash }, jwt)
      expectOk(revoked, 'CheckApiKey after revoke')
      if (revoked.body.status !== 'API_KEY_STATUS_REVOKED')
        throw new CaseFailedError('revoked key', { actual: String(revoked.body.status) })
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.pairing.exchange',
    title:
      'pairing: B is registered only when A completes; only A sees status; only the claim holder gets the relayed secret',
    requirements: ['NP-PAIR-001', 'NP-PAIR-010', 'NP-PAIR-012', 'NP-PAIR-013', 'NP-PAIR-022'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const stranger = await firstDevice(client)
      const created = await client.call('CreatePairingCode', {}, a.deviceJwt)
      expectOk(created, 'CreatePairingCode')
      const code = String(created.body.code)
      const pairingId = String(created.body.pairingId)
      if (!/^\d{6}$/.test(code)) throw new CaseFailedError('a 6-digit code', { actual: code })
      const b = createDevice()
      const redeemed = await client.call('RedeemPairingCode', redeemRequest(a.account, code, b))
      expectOk(redeemed, 'redeem with the right code')
      expectCode(
        await client.call('GetDevice', { deviceId: b.deviceId }, a.deviceJwt),
        'NOT_FOUND',
        'B before completion',
      )
      expectCode(
        await client.call('GetPairingStatus', { pairingId }, stranger.deviceJwt),
        'PERMISSION_DENIED',
        'status by another device',
      )
      const status = await client.call('GetPairingStatus', { pairingId }, a.deviceJwt)
      expectOk(status, 'status by A')
      if (status.body.signingPublicKey !== b64(b.signing))
        throw new CaseFailedError("A sees B's key", { actual: String(status.body.signingPublicKey) })
      const secret = sealed()
      expectCode(
        await client.call('CompletePairing', { pairingId, sealedSecret: secret }, stranger.deviceJwt),
        'PERMISSION_DENIED',
        'completion by another device',
      )
      expectOk(
        await client.call('CompletePairing', { pairingId, sealedSecret: secret }, a.deviceJwt),
        'completion by A',
      )
      expectCode(
        await client.call('GetPairingResult', { pairingId, claimToken: 'x'.repeat(43) }),
        'PERMISSION_DENIED',
        'result without the claim token',
      )
      const result = await client.call('GetPairingResult', { pairingId, claimToken: String(redeemed.body.claimToken) })
      expectOk(result, 'result with the claim token')
      const relayed = result.body.sealedSecret as Record<string, unknown> | undefined
      if (relayed?.ciphertext !== secret.ciphertext) throw new CaseFailedError('the sealed secret is relayed unchanged')
      expectOk(await client.call('ListDevices', {}, String(result.body.jwt)), "B's device token works")
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.pairing.code-rules',
    title: 'a new code burns the previous one; no live code and a bad proof are refused; code creation is limited',
    requirements: ['NP-PAIR-003', 'NP-PAIR-005', 'NP-PAIR-007', 'NP-PAIR-009'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const first = await client.call('CreatePairingCode', {}, a.deviceJwt)
      expectOk(first, 'first code')
      const b = createDevice()
      expectCode(
        await client.call('RedeemPairingCode', {
          ...redeemRequest(a.account, String(first.body.code), b),
          proofSignature: b64(new Uint8Array(64)),
        }),
        'BAD_SIGNATURE',
        'redeem with a bad proof',
      )
      for (let i = 1; i < PAIRING_MAX_CODES_PER_HOUR; i++)
        expectOk(await client.call('CreatePairingCode', {}, a.deviceJwt), `code ${i + 1}`)
      expectCode(await client.call('CreatePairingCode', {}, a.deviceJwt), 'RATE_LIMITED', 'one code too many')
      const old = await client.call('RedeemPairingCode', redeemRequest(a.account, String(first.body.code), b))
      if (old.ok) throw new CaseFailedError('a burned code must not redeem')
      const other = await firstDevice(client)
      expectCode(
        await client.call('RedeemPairingCode', redeemRequest(other.account, '000000', b)),
        'PAIRING_CODE_EXPIRED',
        'account without a live code',
      )
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.pairing.exchange-expired',
    title: 'a redeemed pairing not completed within PAIRING_EXCHANGE_TTL_S is answered PAIRING_CODE_EXPIRED',
    requirements: ['NP-PAIR-023'],
    role,
    async run({ client, advanceClock }) {
      if (advanceClock === undefined) skipCase('needs a target whose clock the suite can advance')
      const a = await firstDevice(client)
      const created = await client.call('CreatePairingCode', {}, a.deviceJwt)
      expectOk(created, 'CreatePairingCode')
      expectOk(
        await client.call('RedeemPairingCode', redeemRequest(a.account, String(created.body.code), createDevice())),
        'redeem',
      )
      await advanceClock((PAIRING_EXCHANGE_TTL_S + 1) * 1000)
      expectCode(
        await client.call(
          'CompletePairing',
          { pairingId: created.body.pairingId, sealedSecret: sealed() },
          a.deviceJwt,
        ),
        'PAIRING_CODE_EXPIRED',
        'late completion',
      )
    },
  }),
  // Runs last: it spends this source's redeem budget for the hour.
  defineCase<IdentityContext>({
    id: 'identity.pairing.source-limit',
    title: 'redeems beyond PAIRING_MAX_REDEEMS_PER_HOUR_PER_SOURCE are answered RATE_LIMITED',
    requirements: ['NP-PAIR-006'],
    role,
    async run({ client }) {
      const b = createDevice()
      const account = createWallet().address.toLowerCase()
      for (let i = 0; i <= PAIRING_MAX_REDEEMS_PER_HOUR_PER_SOURCE; i++) {
        const answer = await client.call('RedeemPairingCode', redeemRequest(account, '000000', b))
        if (!answer.ok && answer.code === 'RATE_LIMITED') return
      }
      throw new CaseFailedError('the source limit must be reached', {
        expected: `RATE_LIMITED within ${PAIRING_MAX_REDEEMS_PER_HOUR_PER_SOURCE + 1} redeems`,
      })
    },
  }),
]
