import { createIdentityClient } from './createIdentityClient.ts'
import { type DeviceKeys, signWithDevice } from './deviceKeys.ts'
import { callIdentity, IdentityRequestError } from './errors.ts'

/**
 * The audience of one peer device for peer-RPC: `spaceos:peer:` + its device ID (spec/AUTH.md §3.4).
 *
 * @example
 * import { peerAudience } from '@spaceos/identity'
 * const audience = peerAudience(presence.deviceId)
 */
export function peerAudience(deviceId: string): string {
  if (!/^[0-9a-f]{64}$/.test(deviceId)) {
    throw new IdentityRequestError({ code: 'INVALID_FIELD', message: 'A device ID is 64 lowercase hex characters.' })
  }
  return `spaceos:peer:${deviceId}`
}

/**
 * The audience of a service reached at `url`: the serialized origin of that URL (spec/AUTH.md §3.4), e.g.
 * `wss://coord.example` for `wss://coord.example/v1/ws`.
 *
 * @example
 * import { serviceAudience } from '@spaceos/identity'
 * serviceAudience('ws://127.0.0.1:8092/v1/ws') // 'ws://127.0.0.1:8092'
 */
export function serviceAudience(url: string): string {
  const parsed = new URL(url)
  if (!['https:', 'wss:', 'http:', 'ws:'].includes(parsed.protocol)) {
    throw new IdentityRequestError({
      code: 'INVALID_FIELD',
      message: `No service audience for a ${parsed.protocol} URL.`,
    })
  }
  return parsed.origin
}

/** The bytes a device signs for a token (spec/AUTH.md §3.3): label 0x00 || challenge || UTF-8(audience). */
function tokenRequestBytes(challenge: Uint8Array, audience: string): Uint8Array {
  return Buffer.concat([Buffer.from('SPACEOS-DEVICE-TOKEN-V1\0', 'utf8'), challenge, Buffer.from(audience, 'utf8')])
}

/**
 * Gets a device token with the device key, no wallet needed (spec/AUTH.md §3.3): without `audience` a fresh identity
 * token (accepted by identity only), with one a short-lived token bound to that service or peer [NP-AUTH-113]. Present
 * it only to its audience [NP-AUTH-115] and reuse it until shortly before `expiresAtMs` [NP-AUTH-119].
 *
 * @example
 * import { peerAudience, requestDeviceToken, serviceAudience } from '@spaceos/identity'
 * const coordinator = await requestDeviceToken({ url, keys, audience: serviceAudience('wss://coord.example/v1/ws') })
 * const peer = await requestDeviceToken({ url, keys, audience: peerAudience(otherDeviceId) })
 */
export async function requestDeviceToken(parameters: {
  /** The identity node's base URL. */
  url: string
  keys: DeviceKeys
  /** A service origin or a peer audience; omitted for an identity token. */
  audience?: string
}): Promise<{ jwt: string; expiresAtMs: number }> {
  const identity = createIdentityClient({ url: parameters.url })
  const deviceId = parameters.keys.deviceId
  const audience = parameters.audience ?? ''
  const { challenge } = await callIdentity(() => identity.getDeviceChallenge({ deviceId }))
  const signature = signWithDevice(parameters.keys, tokenRequestBytes(challenge, audience))
  const response = await callIdentity(() => identity.refreshDeviceToken({ deviceId, challenge, signature, audience }))
  return { jwt: response.jwt, expiresAtMs: Number(response.expiresAtMs) }
}
