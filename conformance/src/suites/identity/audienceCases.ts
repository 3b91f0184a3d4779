import { randomBytes } from 'node:crypto'
import { fromBinary } from '@bufbuild/protobuf'
import {
  ENDPOINT_URL_MAX_LENGTH,
  JWT_TTL_S,
  PEER_TOKEN_TTL_S,
  SERVICE_TOKEN_TTL_S,
} from '@spaceos/generated/parameters'
import { GetJwksResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { CaseFailedError, type ConformanceCase, defineCase } from '../../case.ts'
import { createDevice, deviceSign, type IdentityClient, type SuiteDevice, verifyJwtWithJwks } from './client.ts'
import { b64, firstDevice, redeemRequest, sealed } from './moreCases.ts'
import { expectCode, expectOk, type IdentityContext, role } from './shared.ts'

/** The claims of a compact JWT, unverified (the node under test verifies; the cases only read). */
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>

/** Asks identity for a token of `audience` (empty: an identity token), signing over the challenge and the audience. */
async function requestToken(
  client: IdentityClient,
  device: SuiteDevice,
  audience: string,
  signedAudience: string = audience,
) {
  const challenge = await client.call('GetDeviceChallenge', { deviceId: device.deviceId })
  expectOk(challenge, 'GetDeviceChallenge')
  const bytes = Buffer.from(String(challenge.body.challenge), 'base64')
  const signature = deviceSign(
    device,
    Buffer.concat([Buffer.from('SPACEOS-DEVICE-TOKEN-V1\0'), bytes, Buffer.from(signedAudience, 'utf8')]),
  )
  return client.call('RefreshDeviceToken', {
    deviceId: device.deviceId,
    challenge: b64(bytes),
    signature: b64(signature),
    ...(audience === '' ? {} : { audience }),
  })
}

function expectAudienceToken(jwt: string, audience: string, deviceId: string, lifetimeS: number, what: string) {
  const claims = claimsOf(jwt)
  const aud = claims.aud
  if (!Array.isArray(aud) || aud.length !== 1 || aud[0] !== audience) {
    throw new CaseFailedError(`${what}: aud is exactly [audience]`, { expected: audience, actual: JSON.stringify(aud) })
  }
  if (claims.did !== deviceId) throw new CaseFailedError(`${what}: a device token`, { actual: String(claims.did) })
  if (Number(claims.exp) - Number(claims.iat) !== lifetimeS) {
    throw new CaseFailedError(`${what}: exp = iat + its lifetime`, {
      expected: String(lifetimeS),
      actual: String(Number(claims.exp) - Number(claims.iat)),
    })
  }
}

/** POST to a Connect path with raw headers and body, as a stranger's client would. */
async function rawConnect(client: IdentityClient, method: string, headers: Record<string, string>, body: BodyInit) {
  return fetch(`${client.url}/spaceos.identity.v1.IdentityService/${method}`, { method: 'POST', headers, body })
}

/** Reaching identity (spec/AUTH.md §0), audience-bound tokens (§3.4) and the pairing rules of §5–§6. */
export const audienceCases: ConformanceCase<IdentityContext>[] = [
  defineCase<IdentityContext>({
    id: 'identity.connect.surface',
    title:
      'Connect unary POST in JSON and binary, with or without Connect-Protocol-Version; Connect errors on Connect paths, the JSON error body on REST',
    requirements: ['NP-AUTH-003', 'NP-AUTH-006', 'NP-AUTH-007', 'NP-AUTH-013'],
    role,
    async run({ client }) {
      const binary = await rawConnect(
        client,
        'GetJwks',
        { 'content-type': 'application/proto', 'connect-protocol-version': '1' },
        new Uint8Array(),
      )
      if (binary.status !== 200 || !(binary.headers.get('content-type') ?? '').startsWith('application/proto')) {
        throw new CaseFailedError('GetJwks in binary', {
          expected: '200 application/proto',
          actual: `${binary.status} ${binary.headers.get('content-type')}`,
        })
      }
      const decoded = fromBinary(GetJwksResponseSchema, new Uint8Array(await binary.arrayBuffer()))
      if (!decoded.jwksJson.includes('"keys"')) throw new CaseFailedError('GetJwks answers the JWKS')
      const json = await rawConnect(client, 'GetJwks', { 'content-type': 'application/json' }, '{}')
      if (json.status !== 200) {
        throw new CaseFailedError('GetJwks in JSON without Connect-Protocol-Version', { actual: String(json.status) })
      }
      const noToken = await client.call('ListDevices', {})
      expectCode(noToken, 'UNAUTHENTICATED', 'ListDevices without Authorization')
      const shape = await rawConnect(client, 'ListDevices', { 'content-type': 'application/json' }, '{}')
      const body = (await shape.json()) as Record<string, unknown>
      if (body.code !== 'unauthenticated' || 'error' in body) {
        throw new CaseFailedError('a Connect path answers a Connect error with the Error detail', {
          actual: JSON.stringify(body).slice(0, 200),
        })
      }
      const rest = await fetch(`${client.url}/api/auth/nonce?address=0x1234`)
      const restBody = (await rest.json()) as { error?: { code?: string }; code?: unknown }
      if (restBody.error?.code !== 'INVALID_FIELD' || 'code' in restBody) {
        throw new CaseFailedError('a REST path answers the JSON error body', { actual: JSON.stringify(restBody) })
      }
      const device = createDevice()
      const query = new URLSearchParams({
        address: `0x${'ab'.repeat(20)}`,
        signing_public_key: device.signing.subarray(0, 31).toString('base64url'),
        encryption_public_key: device.encryption.toString('base64url'),
      })
      expectCode(await client.rest(`/api/auth/nonce?${query}`), 'INVALID_FIELD', 'a 31-byte key in the nonce query')
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.audience.peer-token-replay',
    title:
      "a peer's token (and a service's) is bound to its audience: replayed at identity it is refused on every method",
    requirements: ['NP-AUTH-110', 'NP-AUTH-111', 'NP-AUTH-113', 'NP-AUTH-041', 'NP-AUTH-054'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const b = await firstDevice(client)
      const ownAud = claimsOf(a.deviceJwt).aud
      if (JSON.stringify(ownAud) !== JSON.stringify([client.url])) {
        throw new CaseFailedError("identity's own tokens are bound to its issuer", {
          expected: JSON.stringify([client.url]),
          actual: JSON.stringify(ownAud),
        })
      }
      const fresh = await requestToken(client, a.device, '')
      expectOk(fresh, 'an identity token by device key')
      expectAudienceToken(String(fresh.body.jwt), client.url, a.device.deviceId, JWT_TTL_S, 'identity token')
      expectOk(await client.call('ListDevices', {}, String(fresh.body.jwt)), 'the identity token at identity')
      const peerAudience = `spaceos:peer:${b.device.deviceId}`
      const peer = await requestToken(client, a.device, peerAudience)
      expectOk(peer, 'a peer token')
      const peerJwt = String(peer.body.jwt)
      expectAudienceToken(peerJwt, peerAudience, a.device.deviceId, PEER_TOKEN_TTL_S, 'peer token')
      const jwks = await client.rest('/.well-known/jwks.json')
      expectOk(jwks, 'JWKS')
      if (!verifyJwtWithJwks(peerJwt, jwks.body).ok) throw new CaseFailedError('the peer token verifies under the JWKS')
      const serviceAudience = 'wss://coordinator.conformance.invalid'
      const service = await requestToken(client, a.device, serviceAudience)
      expectOk(service, 'a service token')
      const serviceJwt = String(service.body.jwt)
      expectAudienceToken(serviceJwt, serviceAudience, a.device.deviceId, SERVICE_TOKEN_TTL_S, 'service token')
      // B (the callee) replays A's peer token at identity; so would a coordinator with its service token.
      for (const [what, jwt] of [
        ['peer token', peerJwt],
        ['service token', serviceJwt],
      ] as const) {
        expectCode(await client.call('CreatePairingCode', {}, jwt), 'UNAUTHENTICATED', `${what}: CreatePairingCode`)
        expectCode(await client.call('ListDevices', {}, jwt), 'UNAUTHENTICATED', `${what}: ListDevices`)
        expectCode(
          await client.call('GetDevice', { deviceId: a.device.deviceId }, jwt),
          'UNAUTHENTICATED',
          `${what}: GetDevice`,
        )
        expectCode(await client.call('GetKeyEnvelopes', {}, jwt), 'UNAUTHENTICATED', `${what}: GetKeyEnvelopes`)
        expectCode(
          await client.call('RevokeDevice', { deviceId: a.device.deviceId }, jwt),
          'UNAUTHENTICATED',
          `${what}: RevokeDevice`,
        )
      }
      expectOk(await client.call('ListDevices', {}, a.deviceJwt), 'A is still active')
      const other = await client.call('GetDevice', { deviceId: a.device.deviceId }, b.deviceJwt)
      expectOk(other, "GetDevice with another account's identity token")
      if (other.body.account !== a.account) {
        throw new CaseFailedError('GetDevice names the device’s account', { actual: String(other.body.account) })
      }
      expectCode(
        await client.call('GetDevice', { deviceId: 'cd'.repeat(32) }, b.deviceJwt),
        'NOT_FOUND',
        'an unknown device',
      )
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.audience.request-rules',
    title: 'RefreshDeviceToken refuses malformed audiences and a signature made for another audience',
    requirements: ['NP-AUTH-112', 'NP-AUTH-117'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      for (const audience of [
        'spaceos',
        'https://coordinator.example/',
        'https://Coordinator.example',
        'https://coordinator.example:443',
        'wss://user@coordinator.example',
        'ftp://coordinator.example',
        'spaceos:peer:1234',
        client.url,
        `https://${'a'.repeat(ENDPOINT_URL_MAX_LENGTH)}.example`,
      ]) {
        expectCode(await requestToken(client, a.device, audience), 'INVALID_FIELD', `audience ${audience.slice(0, 60)}`)
      }
      expectCode(
        await requestToken(client, a.device, 'wss://b.example', 'wss://a.example'),
        'BAD_SIGNATURE',
        'a signature made for another audience',
      )
      expectCode(
        await requestToken(client, a.device, 'wss://b.example', ''),
        'BAD_SIGNATURE',
        'an identity-token signature used for an audience token',
      )
    },
  }),
  defineCase<IdentityContext>({
    id: 'identity.pairing.ids-and-epochs',
    title:
      'redeem and create share the pairing ID, the proof binds the lowercase account, the result is a device token, and B is registered only for a secret sealed at the current epoch',
    requirements: ['NP-PAIR-014', 'NP-PAIR-015', 'NP-PAIR-016', 'NP-PAIR-030', 'NP-PAIR-031'],
    role,
    async run({ client }) {
      const a = await firstDevice(client)
      const pair = async () => {
        const created = await client.call('CreatePairingCode', {}, a.deviceJwt)
        expectOk(created, 'CreatePairingCode')
        const b = createDevice()
        // the account typed as shown (EIP-55), the proof over the lowercase account ID
        const request = { ...redeemRequest(a.account, String(created.body.code), b), account: a.wallet.address }
        const redeemed = await client.call('RedeemPairingCode', request)
        expectOk(redeemed, 'redeem with an EIP-55 account and a proof over the lowercase one')
        if (redeemed.body.pairingId !== created.body.pairingId) {
          throw new CaseFailedError('RedeemPairingCode answers the pairing ID of CreatePairingCode', {
            expected: String(created.body.pairingId),
            actual: String(redeemed.body.pairingId),
          })
        }
        const pairingId = String(created.body.pairingId)
        const complete = (sealedSecret?: unknown) =>
          client.call(
            'CompletePairing',
            { pairingId, ...(sealedSecret === undefined ? {} : { sealedSecret }) },
            a.deviceJwt,
          )
        return { b, pairingId, claimToken: String(redeemed.body.claimToken), complete }
      }
      const first = await pair()
      expectCode(await first.complete(), 'INVALID_FIELD', 'CompletePairing without sealed_secret')
      expectCode(await first.complete(sealed(1)), 'INVALID_FIELD', 'key_epoch 1 on an account at epoch 0')
      expectOk(await first.complete(sealed(0)), 'key_epoch 0 on an account at epoch 0')
      const result = await client.call('GetPairingResult', { pairingId: first.pairingId, claimToken: first.claimToken })
      expectOk(result, 'GetPairingResult')
      const jwt = String(result.body.jwt)
      expectAudienceToken(jwt, client.url, first.b.deviceId, JWT_TTL_S, 'the new device’s token')
      expectOk(await client.call('ListDevices', {}, jwt), "B's device token at identity")
      const second = await pair()
      const envelopes = [a.device.deviceId, first.b.deviceId].map((deviceId) => ({
        deviceId,
        epoch: 1,
        envelope: b64(randomBytes(92)),
      }))
      expectOk(await client.call('RotateKeyEpoch', { expectedEpoch: 0, envelopes }, a.deviceJwt), 'rotation to 1')
      expectCode(await second.complete(sealed(0)), 'INVALID_FIELD', 'a secret sealed before the rotation')
      expectCode(
        await client.call('GetDevice', { deviceId: second.b.deviceId }, a.deviceJwt),
        'NOT_FOUND',
        'B is not registered by a refused completion',
      )
      expectOk(await second.complete(sealed(1)), 'sealed again at the current epoch')
    },
  }),
]
