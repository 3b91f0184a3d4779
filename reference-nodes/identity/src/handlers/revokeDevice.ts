import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  RevokeDeviceRequest,
  RevokeDeviceResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { CallInfo, IdentityContext } from '../context.ts'
import { PermissionDeniedError, ResourceNotFoundError } from '../errors.ts'
import { requireDeviceToken } from './requireDeviceToken.ts'

/** `RevokeDevice` (spec/AUTH.md §4.5) [NP-AUTH-080] [NP-AUTH-081] [NP-AUTH-084]. */
export async function revokeDevice(
  context: IdentityContext,
  request: RevokeDeviceRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof RevokeDeviceResponseSchema>> {
  const claims = await requireDeviceToken(context, call)
  const target = await context.store.getDevice(request.deviceId)
  if (target === undefined) throw new ResourceNotFoundError('device')
  if (target.account !== claims.account) {
    throw new PermissionDeniedError('That device belongs to another account.', 'NP-AUTH-081')
  }
  await context.store.revokeDevice(target.deviceId, context.clock.now())
  context.log.info({ account: claims.account, device: target.deviceId, by: claims.deviceId }, 'device revoked')
  return {}
}
