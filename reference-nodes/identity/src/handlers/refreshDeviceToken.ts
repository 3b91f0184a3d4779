import type { MessageInitShape } from '@bufbuild/protobuf'
import { ENDPOINT_URL_MAX_LENGTH } from '@spaceos/generated/parameters'
import type {
  RefreshDeviceTokenRequest,
  RefreshDeviceTokenResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { IdentityContext } from '../context.ts'
import { verifyEd25519 } from '../ed25519.ts'
import {
  DeviceRevokedError,
  FieldInvalidError,
  NonceInvalidError,
  ResourceNotFoundError,
  SignatureInvalidError,
} from '../errors.ts'
import { issueToken, peerAudiencePrefix } from '../tokens.ts'

/**
 * The bytes a device signs for a token: "SPACEOS-DEVICE-TOKEN-V1" 0x00 || challenge || UTF-8(audience); an empty
 * audience (an identity token) adds no bytes (spec/AUTH.md §3.3).
 */
export function refreshProofBytes(challenge: Uint8Array, audience = ''): Uint8Array {
  return Buffer.concat([
    Buffer.from('SPACEOS-DEVICE-TOKEN-V1', 'utf8'),
    Buffer.from([0]),
    challenge,
    Buffer.from(audience, 'utf8'),
  ])
}

const serviceSchemes = new Set(['https:', 'wss:', 'http:', 'ws:'])
const peerAudience = new RegExp(`^${peerAudiencePrefix}[0-9a-f]{64}$`)

/**
 * Whether `audience` is a peer audience (`spaceos:peer:` + device ID) or a service origin written exactly as its
 * RFC 6454 serialization (lowercase scheme and host, no default port, nothing after the authority) [NP-AUTH-112].
 */
export function isValidAudience(audience: string): boolean {
  if (audience.length > ENDPOINT_URL_MAX_LENGTH) return false
  if (audience.startsWith(peerAudiencePrefix)) return peerAudience.test(audience)
  let url: URL
  try {
    url = new URL(audience)
  } catch {
    return false
  }
  return serviceSchemes.has(url.protocol) && url.origin === audience
}

/**
 * `RefreshDeviceToken` (spec/AUTH.md §3.3–§3.4) [NP-KEY-010] [NP-KEY-011]: an identity token, or with `audience` a
 * short-lived device token bound to one service or peer [NP-AUTH-112] [NP-AUTH-113], the device key's signature
 * covering the audience [NP-AUTH-117].
 */
export async function refreshDeviceToken(
  context: IdentityContext,
  request: RefreshDeviceTokenRequest,
): Promise<MessageInitShape<typeof RefreshDeviceTokenResponseSchema>> {
  const audience = request.audience
  if (audience !== '' && (audience === context.issuer || !isValidAudience(audience))) {
    throw new FieldInvalidError(
      'audience',
      'audience must be a service origin such as wss://coordinator.example or spaceos:peer:<device_id>, and not identity itself.',
      'NP-AUTH-112',
    )
  }
  const device = await context.store.getDevice(request.deviceId)
  if (device === undefined) throw new ResourceNotFoundError('device')
  if (device.revokedAtMs !== null) throw new DeviceRevokedError(device.deviceId)
  const publicKey = Buffer.from(device.signingPublicKey, 'base64url')
  if (!verifyEd25519(refreshProofBytes(request.challenge, audience), request.signature, publicKey)) {
    throw new SignatureInvalidError('device token request', audience === '' ? 'NP-KEY-010' : 'NP-AUTH-117')
  }
  const fresh = await context.store.consumeDeviceChallenge(
    Buffer.from(request.challenge).toString('hex'),
    device.deviceId,
    context.clock.now(),
  )
  if (!fresh) throw new NonceInvalidError('challenge unknown, used, expired or issued to another device')
  const token = await issueToken(
    context.keys,
    context.clock,
    context.issuer,
    device.account,
    device.deviceId,
    audience === '' ? context.issuer : audience,
  )
  return { jwt: token.jwt, expiresAtMs: BigInt(token.expiresAtMs) }
}
