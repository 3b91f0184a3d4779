import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  GetDeviceRequest,
  GetDeviceResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { authenticate, type CallInfo, type IdentityContext } from '../context.ts'
import { ResourceNotFoundError } from '../errors.ts'
import { toDeviceMessage } from './deviceMessage.ts'

/** `GetDevice` (spec/AUTH.md §4): readable by any authenticated caller. */
export async function getDevice(
  context: IdentityContext,
  request: GetDeviceRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof GetDeviceResponseSchema>> {
  await authenticate(context, call)
  const device = await context.store.getDevice(request.deviceId)
  if (device === undefined) throw new ResourceNotFoundError('device')
  return { device: toDeviceMessage(device), account: device.account }
}
