import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  RefreshDeviceTokenRequest,
  RefreshDeviceTokenResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { IdentityContext } from '../context.ts'
import { verifyEd25519 } from '../ed25519.ts'
import { DeviceRevokedError, NonceInvalidError, ResourceNotFoundError, SignatureInvalidError } from '../errors.ts'
import { issueToken } from '../tokens.ts'

/** The bytes a device signs to refresh its token: "SPACEOS-DEVICE-TOKEN-V1" 0x00 || challenge. */
export function refreshProofBytes(challenge: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from('SPACEOS-DEVICE-TOKEN-V1', 'utf8'), Buffer.from([0]), challenge])
}

/** `RefreshDeviceToken` (spec/AUTH.md §3.3) [NP-KEY-010] [NP-KEY-011]. */
export async function refreshDeviceToken(
  context: IdentityContext,
  request: RefreshDeviceTokenRequest,
): Promise<MessageInitShape<typeof RefreshDeviceTokenResponseSchema>> {
  const device = await context.store.getDevice(request.deviceId)
  if (device === undefined) throw new ResourceNotFoundError('device')
  if (device.revokedAtMs !== null) throw new DeviceRevokedError(device.deviceId)
  const publicKey = Buffer.from(device.signingPublicKey, 'base64url')
  if (!verifyEd25519(refreshProofBytes(request.challenge), request.signature, publicKey)) {
    throw new SignatureInvalidError('device refresh', 'NP-KEY-010')
  }
  const fresh = await context.store.consumeDeviceChallenge(
    Buffer.from(request.challenge).toString('hex'),
    device.deviceId,
    context.clock.now(),
  )
  if (!fresh) throw new NonceInvalidError('challenge unknown, used, expired or issued to another device')
  const token = await issueToken(context.keys, context.clock, context.issuer, device.account, device.deviceId)
  return { jwt: token.jwt, expiresAtMs: BigInt(token.expiresAtMs) }
}
