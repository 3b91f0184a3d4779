import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  RotateKeyEpochRequest,
  RotateKeyEpochResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { CallInfo, IdentityContext } from '../context.ts'
import { FieldInvalidError } from '../errors.ts'
import { requireDeviceToken } from './requireDeviceToken.ts'

/** eph_pub (32) || nonce (12) || AES-256-GCM ciphertext of the 32-byte secret (32) || tag (16) (spec/MEMORY.md §7.4). */
export const KEY_ENVELOPE_BYTES = 92

const maxEpoch = 0xffff_ffff

/**
 * `RotateKeyEpoch` (spec/MEMORY.md §7.5): a device starts epoch `expected_epoch + 1` with one envelope per non-revoked
 * device of its account. Accepted only when the current epoch is still `expected_epoch` and the envelopes name
 * exactly the active devices, in one atomic step [NP-PRIV-042] [NP-PRIV-043]; identity stores the ciphertext only
 * and never holds a key that opens it.
 */
export async function rotateKeyEpoch(
  context: IdentityContext,
  request: RotateKeyEpochRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof RotateKeyEpochResponseSchema>> {
  const claims = await requireDeviceToken(context, call)
  if (request.expectedEpoch >= maxEpoch) {
    throw new FieldInvalidError('expected_epoch', 'The key epoch space is exhausted.', 'NP-PRIV-043')
  }
  const epoch = request.expectedEpoch + 1
  if (request.envelopes.length === 0) {
    throw new FieldInvalidError('envelopes', 'A rotation needs an envelope for every active device.', 'NP-PRIV-043')
  }
  const envelopes = request.envelopes.map((envelope, i) => {
    if (!/^[0-9a-f]{64}$/.test(envelope.deviceId)) {
      throw new FieldInvalidError(`envelopes[${i}].device_id`, 'device_id must be 64 lowercase hex characters.')
    }
    if (envelope.epoch !== epoch) {
      throw new FieldInvalidError(`envelopes[${i}].epoch`, `Every envelope must be of epoch ${epoch}.`, 'NP-PRIV-043')
    }
    if (envelope.envelope.length !== KEY_ENVELOPE_BYTES) {
      throw new FieldInvalidError(
        `envelopes[${i}].envelope`,
        `A key envelope is ${KEY_ENVELOPE_BYTES} bytes (spec/MEMORY.md §7.4).`,
        'NP-PRIV-030',
      )
    }
    return { deviceId: envelope.deviceId, envelope: Buffer.from(envelope.envelope).toString('base64') }
  })
  const outcome = await context.store.rotateKeyEpoch({
    account: claims.account,
    expectedEpoch: request.expectedEpoch,
    envelopes,
    nowMs: context.clock.now(),
  })
  if (!outcome.ok) {
    if (outcome.reason === 'stale-epoch') {
      throw new FieldInvalidError(
        'expected_epoch',
        `The current key epoch is ${outcome.currentEpoch}, not ${request.expectedEpoch}; fetch it and retry.`,
        'NP-PRIV-043',
      )
    }
    throw new FieldInvalidError(
      'envelopes',
      `The envelopes must name every non-revoked device of the account once (missing: ${outcome.missing.join(', ') || 'none'}; not active or repeated: ${outcome.unexpected.join(', ') || 'none'}).`,
      'NP-PRIV-043',
    )
  }
  context.log.info({ account: claims.account, deviceId: claims.deviceId, epoch: outcome.epoch }, 'key epoch rotated')
  return { epoch: outcome.epoch }
}
