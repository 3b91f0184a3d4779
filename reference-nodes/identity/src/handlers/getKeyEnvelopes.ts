import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  GetKeyEnvelopesRequest,
  GetKeyEnvelopesResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { CallInfo, IdentityContext } from '../context.ts'
import { requireDeviceToken } from './requireDeviceToken.ts'

/**
 * `GetKeyEnvelopes` (spec/MEMORY.md §7.4): the calling device's own envelopes of one epoch (or of all, epoch 0) and the
 * account's current epoch. A revoked device is refused by its token [NP-AUTH-082] and never gets envelopes of later
 * epochs, because a rotation names only active devices [NP-PRIV-045].
 */
export async function getKeyEnvelopes(
  context: IdentityContext,
  request: GetKeyEnvelopesRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof GetKeyEnvelopesResponseSchema>> {
  const claims = await requireDeviceToken(context, call)
  const [records, currentEpoch] = await Promise.all([
    context.store.listKeyEnvelopes(claims.account, claims.deviceId, request.epoch),
    context.store.getKeyEpoch(claims.account),
  ])
  return {
    envelopes: records.map((record) => ({
      deviceId: record.deviceId,
      epoch: record.epoch,
      envelope: new Uint8Array(Buffer.from(record.envelope, 'base64')),
    })),
    currentEpoch,
  }
}
