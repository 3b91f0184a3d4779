import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  GetPairingStatusRequest,
  GetPairingStatusResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { CallInfo, IdentityContext } from '../context.ts'
import { PermissionDeniedError, ResourceNotFoundError } from '../errors.ts'
import type { PairingRecord } from '../store/types.ts'
import { pairingStateOf } from './pairingMessages.ts'
import { requireDeviceToken } from './requireDeviceToken.ts'

/** Loads a pairing for the device that created it; anyone else gets `PERMISSION_DENIED` [NP-PAIR-012]. */
export async function pairingOfCreator(
  context: IdentityContext,
  pairingId: string,
  call: CallInfo,
): Promise<PairingRecord> {
  const claims = await requireDeviceToken(context, call)
  const pairing = await context.store.getPairing(pairingId)
  if (pairing === undefined) throw new ResourceNotFoundError('pairing')
  if (pairing.creatorDeviceId !== claims.deviceId) {
    throw new PermissionDeniedError('Only the device that created the code may do this.', 'NP-PAIR-012')
  }
  return pairing
}

/** `GetPairingStatus` (spec/AUTH.md §5 step 3): A sees B's keys, name and platform once redeemed. */
export async function getPairingStatus(
  context: IdentityContext,
  request: GetPairingStatusRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof GetPairingStatusResponseSchema>> {
  const pairing = await pairingOfCreator(context, request.pairingId, call)
  const state = pairingStateOf(pairing, context.clock)
  if (pairing.signingPublicKey === null || pairing.encryptionPublicKey === null) return { state }
  return {
    state,
    signingPublicKey: Buffer.from(pairing.signingPublicKey, 'base64url'),
    encryptionPublicKey: Buffer.from(pairing.encryptionPublicKey, 'base64url'),
    displayName: pairing.displayName ?? '',
    platform: pairing.platform ?? 0,
  }
}
