import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import {
  AUTH_NONCE_TTL_S,
  JWKS_CACHE_MAX_AGE_S,
  JWT_CLOCK_SKEW_S,
  JWT_TTL_S,
  PAIRING_CODE_DIGITS,
  PAIRING_CODE_MAX_ATTEMPTS,
} from '@spaceos/generated/parameters'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { defineSuite } from '../../suite.ts'
import { audienceCases } from './audienceCases.ts'
import {
  createDevice,
  createIdentityClient,
  createWallet,
  deviceSign,
  logIn,
  registerDevice,
  requestNonce,
  verifyJwtWithJwks,
  verifyNonce,
} from './client.ts'
import { moreCases } from './moreCases.ts'
import { accountToken, b64url, expectCode, expectOk, type IdentityContext, role } from './shared.ts'
import { walletCases } from './walletCases.ts'

export type { IdentityContext } from './shared.ts'

/** Options of {@link createIdentitySuite}. */
export type IdentitySuiteOptions = {
  /** For in-process targets: advance the node's clock (enables the expiry cases). */
  advanceClock?: (ms: number) => Promise<void>
  /** The Antelope chain API the node creates native accounts on; enables the on-chain wallet checks. */
  antelopeUrl?: string
}

const cases: ConformanceCase<IdentityContext>[] = [
  defineCase<IdentityContext>({
    id: 'identity.login.stranger',
    title: 'a stranger logs in with viem and the spec alone; the token has the claims of the spec',
    requirements: [
      'NP-AUTH-002',
      'NP-AUTH-010',
      'NP-AUTH-040',
      'NP-AUTH-041',
      'NP-AUTH-020',
      'NP-AUTH-022',
      'NP-AUTH-110',
    ],
    role,
    async run({ client }) {
      const wallet = createWallet()
      const { nonce, verified, jwt } = await logIn(client, wallet)
      expectOk(nonce, 'GET /api/auth/nonce must answer')
      if (!/^[0-9a-f]{32}$/.test(String(nonce.body.nonce))) {
        throw new CaseFailedError('nonce format', { expected: '32 lowercase hex', actual: String(nonce.body.nonce) })
      }
      const message = String(nonce.body.message)
      const domain = new URL(client.url).host
      if (!message.startsWith(`${domain} wants you to sign in with your Ethereum account:\n${wallet.address}\n`)) {
        throw new CaseFailedError('message header', { expected: `${domain} wants you …`, actual: message.slice(0, 80) })
      }
      if (!message.includes(`\nURI: ${client.url}\n`)) {
        throw new CaseFailedError('the URI is the issuer', { expected: client.url, actual: message })
      }
      expectOk(verified, 'POST /api/auth/verify must accept a correct signature')
      const jwks = await client.rest('/.well-known/jwks.json')
      expectOk(jwks, 'JWKS must be served')
      const checked = verifyJwtWithJwks(jwt as string, jwks.body)
      if (!checked.ok) throw new CaseFailedError('JWT must verify under the JWKS', { actual: checked.reason ?? '' })
      const claims = checked.claims ?? {}
      if (claims.sub !== wallet.address.toLowerCase()) {
        throw new CaseFailedError('sub is the lowercase address', {
          expected: wallet.address.toLowerCase(),
          actual: String(claims.sub),
        })
      }
      if (claims.exp !== Number(claims.iat) + JWT_TTL_S || claims.nbf !== claims.iat) {
        throw new CaseFailedError('exp = iat + JWT_TTL_S and nbf = iat', { actual: JSON.stringify(claims) })
      }
      const audience = claims.aud
      if (
        !(Array.isArray(audience) && audience.length === 1 && audience[0] === client.url) ||
        claims.iss !== client.url
      ) {
        throw new CaseFailedError('aud = [issuer] and iss = base URL', { actual: JSON.stringify(claims) })
      }
      if (typeof claims.jti !== 'string' || claims.jti.length !== 22) {
        throw new CaseFailedError('jti is 22 base64url characters', { actual: String(claims.jti) })
      }
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.nonce.reuse',
    title: 'a nonce is single-use: a replayed verify is answered NONCE_INVALID',
    requirements: ['NP-AUTH-011', 'NP-AUTH-030'],
    role,
    async run({ client }) {
      const wallet = createWallet()
      const { verified, message, signature } = await logIn(client, wallet)
      expectOk(verified, 'first verify must succeed')
      const replay = await verifyNonce(client, wallet.address, message, signature)
      expectCode(replay, 'NONCE_INVALID', 'a replayed verify must fail')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.nonce.expired',
    title: 'a nonce older than AUTH_NONCE_TTL_S is answered NONCE_INVALID',
    requirements: ['NP-AUTH-011'],
    role,
    async run({ client, advanceClock }) {
      if (advanceClock === undefined) skipCase('needs a target whose clock the suite can advance')
      const wallet = createWallet()
      const nonce = await requestNonce(client, wallet.address)
      expectOk(nonce, 'nonce')
      const message = String(nonce.body.message)
      const signature = await wallet.signMessage({ message })
      await advanceClock((AUTH_NONCE_TTL_S + 1) * 1000)
      const late = await verifyNonce(client, wallet.address, message, signature)
      expectCode(late, 'NONCE_INVALID', 'an expired nonce must fail')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.verify.wrong-signer',
    title: 'a signature by another key is answered BAD_SIGNATURE and burns the nonce',
    requirements: ['NP-AUTH-031', 'NP-AUTH-033'],
    role,
    async run({ client }) {
      const wallet = createWallet()
      const nonce = await requestNonce(client, wallet.address)
      expectOk(nonce, 'nonce')
      const message = String(nonce.body.message)
      const wrong = await verifyNonce(client, wallet.address, message, await createWallet().signMessage({ message }))
      expectCode(wrong, 'BAD_SIGNATURE', 'a wrong signer must fail')
      const retry = await verifyNonce(client, wallet.address, message, await wallet.signMessage({ message }))
      expectCode(retry, 'NONCE_INVALID', 'the nonce must be consumed by the failed verify')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.address.malformed',
    title: 'malformed addresses (short, non-hex, bad EIP-55 checksum) are answered INVALID_FIELD',
    requirements: ['NP-AUTH-001'],
    role,
    async run({ client }) {
      const good = createWallet().address
      const flipped = good.replace(/[a-f]/, (c) => c.toUpperCase())
      const badChecksum = flipped === good ? good.replace(/[A-F]/, (c) => c.toLowerCase()) : flipped
      for (const address of ['0x1234', `0x${'zz'.repeat(20)}`, badChecksum, good.slice(2)]) {
        expectCode(await requestNonce(client, address), 'INVALID_FIELD', `address ${address}`)
      }
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.jwt.tampered',
    title: 'a token whose claims were changed after signing is answered UNAUTHENTICATED',
    requirements: ['NP-AUTH-043'],
    role,
    async run({ client }) {
      const jwt = await accountToken(client)
      const [header, payload, signature] = jwt.split('.') as [string, string, string]
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
      const tampered = `${header}.${b64url({ ...claims, sub: `0x${'00'.repeat(20)}` })}.${signature}`
      expectOk(await client.call('ListApiKeys', {}, jwt), 'the untampered token must work')
      expectCode(await client.call('ListApiKeys', {}, tampered), 'UNAUTHENTICATED', 'tampered token')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.jwt.wrong-issuer',
    title: 'a token signed by a foreign key for another issuer, or with alg none, is answered UNAUTHENTICATED',
    requirements: ['NP-AUTH-042', 'NP-AUTH-043'],
    role,
    async run({ client }) {
      const jwks = await client.rest('/.well-known/jwks.json')
      expectOk(jwks, 'JWKS')
      const kid = (jwks.body.keys as { kid: string }[] | undefined)?.[0]?.kid ?? 'unknown'
      const now = Math.floor(Date.now() / 1000)
      const claims = {
        iss: 'https://issuer.invalid',
        sub: `0x${'11'.repeat(20)}`,
        aud: ['https://issuer.invalid'],
        iat: now,
        nbf: now,
        exp: now + 3600,
        jti: 'a'.repeat(22),
      }
      const input = `${b64url({ alg: 'EdDSA', kid })}.${b64url(claims)}`
      const foreign = `${input}.${sign(null, Buffer.from(input), generateKeyPairSync('ed25519').privateKey).toString('base64url')}`
      expectCode(await client.call('ListApiKeys', {}, foreign), 'UNAUTHENTICATED', 'foreign token')
      const none = `${b64url({ alg: 'none' })}.${b64url({ ...claims, iss: client.url, aud: [client.url] })}.`
      expectCode(await client.call('ListApiKeys', {}, none), 'UNAUTHENTICATED', 'alg none')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.jwt.expired',
    title: 'a token past exp + JWT_CLOCK_SKEW_S is answered TOKEN_EXPIRED',
    requirements: ['NP-AUTH-044'],
    role,
    async run({ client, advanceClock }) {
      if (advanceClock === undefined) skipCase('needs a target whose clock the suite can advance')
      const jwt = await accountToken(client)
      await advanceClock((JWT_TTL_S + JWT_CLOCK_SKEW_S + 1) * 1000)
      expectCode(await client.call('ListApiKeys', {}, jwt), 'TOKEN_EXPIRED', 'expired token')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.pairing.brute-force',
    title: `PAIRING_CODE_MAX_ATTEMPTS wrong guesses burn the code: even the right code is then PAIRING_CODE_EXPIRED`,
    requirements: ['NP-PAIR-004', 'NP-PAIR-002'],
    role,
    async run({ client }) {
      const a = await registerDevice(client)
      if (a.deviceJwt === undefined)
        throw new CaseFailedError('first device registration must succeed', {
          actual: a.answer?.ok === false ? a.answer.code : 'login failed',
        })
      const created = await client.call('CreatePairingCode', {}, a.deviceJwt)
      expectOk(created, 'CreatePairingCode')
      const code = String(created.body.code)
      const account = a.wallet.address.toLowerCase()
      const b = createDevice()
      const redeem = (guess: string) =>
        client.call('RedeemPairingCode', {
          account,
          code: guess,
          signingPublicKey: b.signing.toString('base64'),
          encryptionPublicKey: b.encryption.toString('base64'),
          displayName: 'attacker',
          platform: 'PLATFORM_DESKTOP',
          proofSignature: deviceSign(
            b,
            Buffer.concat([Buffer.from('SPACEOS-PAIR-REDEEM-V1\0'), Buffer.from(account + guess), b.encryption]),
          ).toString('base64'),
        })
      for (let i = 0; i < PAIRING_CODE_MAX_ATTEMPTS; i++) {
        const guess = String((Number(code) + 1 + i) % 10 ** PAIRING_CODE_DIGITS).padStart(PAIRING_CODE_DIGITS, '0')
        expectCode(await redeem(guess), 'PAIRING_CODE_INVALID', `wrong guess ${i + 1}`)
      }
      expectCode(await redeem(code), 'PAIRING_CODE_EXPIRED', 'the right code after the attempt limit')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.device.revoked',
    title: 'a revoked device token is answered DEVICE_REVOKED from the moment of revocation',
    requirements: ['NP-AUTH-082', 'NP-AUTH-046', 'NP-AUTH-080'],
    role,
    async run({ client }) {
      const a = await registerDevice(client)
      if (a.deviceJwt === undefined)
        throw new CaseFailedError('first device registration must succeed', {
          actual: a.answer?.ok === false ? a.answer.code : 'login failed',
        })
      expectOk(await client.call('ListDevices', {}, a.deviceJwt), 'ListDevices with the device token')
      expectOk(await client.call('RevokeDevice', { deviceId: a.device.deviceId }, a.deviceJwt), 'RevokeDevice (itself)')
      expectCode(await client.call('ListDevices', {}, a.deviceJwt), 'DEVICE_REVOKED', 'the revoked token')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.jwks.stranger',
    title:
      'the JWKS is readable without credentials, Ed25519 only, no private parts, cached at most JWKS_CACHE_MAX_AGE_S',
    requirements: ['NP-KEY-001', 'NP-KEY-005', 'NP-KEY-007'],
    role,
    async run({ client }) {
      const jwks = await client.rest('/.well-known/jwks.json')
      expectOk(jwks, 'JWKS without credentials')
      const keys = (jwks.body.keys ?? []) as Record<string, unknown>[]
      if (keys.length === 0) throw new CaseFailedError('JWKS has keys', { actual: '[]' })
      for (const key of keys) {
        if (
          key.kty !== 'OKP' ||
          key.crv !== 'Ed25519' ||
          key.alg !== 'EdDSA' ||
          key.use !== 'sig' ||
          typeof key.kid !== 'string' ||
          'd' in key
        ) {
          throw new CaseFailedError('every key is a public Ed25519 signing key', { actual: JSON.stringify(key) })
        }
      }
      const maxAge = /max-age=(\d+)/.exec(jwks.headers.get('cache-control') ?? '')?.[1]
      if (maxAge === undefined || Number(maxAge) > JWKS_CACHE_MAX_AGE_S) {
        throw new CaseFailedError('Cache-Control max-age', {
          expected: `<= ${JWKS_CACHE_MAX_AGE_S}`,
          actual: String(jwks.headers.get('cache-control')),
        })
      }
      const jwt = await accountToken(client)
      const checked = verifyJwtWithJwks(jwt, jwks.body)
      if (!checked.ok)
        throw new CaseFailedError('a stranger verifies a token with the JWKS alone', { actual: checked.reason ?? '' })
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.register.unnamed-keys',
    title: 'RegisterDevice refuses keys the login message did not name',
    requirements: ['NP-AUTH-060'],
    role,
    async run({ client }) {
      const named = createDevice()
      const other = createDevice()
      const { jwt } = await logIn(client, createWallet(), named)
      if (jwt === undefined) throw new CaseFailedError('login must succeed')
      const answer = await client.call(
        'RegisterDevice',
        {
          signingPublicKey: other.signing.toString('base64'),
          encryptionPublicKey: other.encryption.toString('base64'),
          displayName: 'x',
          platform: 'PLATFORM_DESKTOP',
          proofSignature: deviceSign(other, createHash('sha256').update(jwt).digest()).toString('base64'),
        },
        jwt,
      )
      expectCode(answer, 'PERMISSION_DENIED', 'unnamed keys')
    },
  }),
]

/**
 * The identity role suite (spec/AUTH.md) over the wire: `--target` is the node's base URL.
 *
 * @example
 * import { createIdentitySuite, runSuite } from '@spaceos/conformance'
 * const report = await runSuite(createIdentitySuite(), { target: 'http://127.0.0.1:8090' })
 */
export function createIdentitySuite(options: IdentitySuiteOptions = {}) {
  return defineSuite<IdentityContext>({
    role,
    title: 'identity: wallet login, JWTs and JWKS, devices, pairing, wallets, key epochs',
    targetKind: 'url',
    targetHelp: 'base URL of an identity node, e.g. http://127.0.0.1:8090',
    // wallet cases before moreCases: its last case spends the source's redeem budget for the hour
    cases: [...cases, ...audienceCases, ...walletCases, ...moreCases],
    async open(target, { timeoutMs }) {
      const client = createIdentityClient(target, timeoutMs)
      const context: IdentityContext = { client }
      if (options.advanceClock !== undefined) context.advanceClock = options.advanceClock
      if (options.antelopeUrl !== undefined) context.antelopeUrl = options.antelopeUrl
      return { context, broken: () => false, close: async () => undefined }
    },
  })
}
