import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  ListDevicesRequest,
  ListDevicesResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { CallInfo, IdentityContext } from '../context.ts'
import { toDeviceMessage } from './deviceMessage.ts'
import { requireDeviceToken } from './requireDeviceToken.ts'

/** `ListDevices` (spec/AUTH.md §4.5): the caller's account's devices. */
export async function listDevices(
  context: IdentityContext,
  request: ListDevicesRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof ListDevicesResponseSchema>> {
  const claims = await requireDeviceToken(context, call)
  const devices = await context.store.listDevices(claims.account, request.includeRevoked)
  return { devices: devices.map(toDeviceMessage) }
}
