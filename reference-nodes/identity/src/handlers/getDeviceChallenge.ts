import { randomBytes } from 'node:crypto'
import type { MessageInitShape } from '@bufbuild/protobuf'
import { AUTH_NONCE_TTL_S } from '@spaceos/generated/parameters'
import type {
  GetDeviceChallengeRequest,
  GetDeviceChallengeResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { IdentityContext } from '../context.ts'
import { DeviceRevokedError, ResourceNotFoundError } from '../errors.ts'

/** `GetDeviceChallenge` (spec/AUTH.md §3.3): 32 random bytes, single use, valid `AUTH_NONCE_TTL_S`. */
export async function getDeviceChallenge(
  context: IdentityContext,
  request: GetDeviceChallengeRequest,
): Promise<MessageInitShape<typeof GetDeviceChallengeResponseSchema>> {
  const device = await context.store.getDevice(request.deviceId)
  if (device === undefined) throw new ResourceNotFoundError('device')
  if (device.revokedAtMs !== null) throw new DeviceRevokedError(device.deviceId) // [NP-KEY-011]
  const challenge = randomBytes(32)
  await context.store.insertDeviceChallenge(
    challenge.toString('hex'),
    device.deviceId,
    context.clock.now() + AUTH_NONCE_TTL_S * 1000,
  )
  return { challenge }
}
