import { createHash, timingSafeEqual } from 'node:crypto'
import type { MessageInitShape } from '@bufbuild/protobuf'
import {
  type GetPairingResultRequest,
  type GetPairingResultResponseSchema,
  PairingState,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { IdentityContext } from '../context.ts'
import { PermissionDeniedError } from '../errors.ts'
import { issueToken } from '../tokens.ts'
import { toDeviceMessage } from './deviceMessage.ts'
import { pairingStateOf, sealedFromText } from './pairingMessages.ts'

/** `GetPairingResult` (spec/AUTH.md §5 step 4): B, holding the claim token, gets its device, token and sealed secret. */
export async function getPairingResult(
  context: IdentityContext,
  request: GetPairingResultRequest,
): Promise<MessageInitShape<typeof GetPairingResultResponseSchema>> {
  const pairing = await context.store.getPairing(request.pairingId)
  const presented = createHash('sha256').update(request.claimToken).digest()
  const expected =
    pairing?.claimHash === null || pairing === undefined ? undefined : Buffer.from(pairing.claimHash, 'hex')
  // [NP-PAIR-013] [NP-PAIR-022]
  if (expected === undefined || request.claimToken.length === 0 || !timingSafeEqual(presented, expected)) {
    throw new PermissionDeniedError('GetPairingResult needs the claim token of the redeem.', 'NP-PAIR-013')
  }
  const state = pairingStateOf(pairing as NonNullable<typeof pairing>, context.clock)
  if (state !== PairingState.COMPLETED || pairing?.deviceId === null || pairing?.sealedSecret === null) {
    return { state }
  }
  const device = await context.store.getDevice(pairing?.deviceId ?? '')
  if (device === undefined) return { state: PairingState.EXPIRED }
  if (device.revokedAtMs !== null) return { state: PairingState.EXPIRED, device: toDeviceMessage(device) }
  const token = await issueToken(context.keys, context.clock, context.issuer, device.account, device.deviceId)
  return {
    state,
    device: toDeviceMessage(device),
    jwt: token.jwt,
    sealedSecret: sealedFromText(pairing?.sealedSecret ?? ''),
  }
}
