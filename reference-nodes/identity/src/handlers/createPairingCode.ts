import { randomBytes, randomInt } from 'node:crypto'
import type { MessageInitShape } from '@bufbuild/protobuf'
import { PAIRING_CODE_DIGITS, PAIRING_CODE_TTL_S, PAIRING_MAX_CODES_PER_HOUR } from '@spaceos/generated/parameters'
import type { CreatePairingCodeResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { type CallInfo, enforceHourlyLimit, type IdentityContext } from '../context.ts'
import { requireDeviceToken } from './requireDeviceToken.ts'

/** `CreatePairingCode` (spec/AUTH.md §5 step 1): a registered device asks for a code to show. */
export async function createPairingCode(
  context: IdentityContext,
  call: CallInfo,
): Promise<MessageInitShape<typeof CreatePairingCodeResponseSchema>> {
  const claims = await requireDeviceToken(context, call)
  // [NP-PAIR-005]
  await enforceHourlyLimit(context, `pair-create:${claims.account}`, PAIRING_MAX_CODES_PER_HOUR, 'NP-PAIR-005')
  // [NP-PAIR-001] uniform over all PAIRING_CODE_DIGITS-digit strings, leading zeros kept
  const code = String(randomInt(0, 10 ** PAIRING_CODE_DIGITS)).padStart(PAIRING_CODE_DIGITS, '0')
  const now = context.clock.now()
  const pairingId = randomBytes(16).toString('base64url')
  const expiresAtMs = now + PAIRING_CODE_TTL_S * 1000 // [NP-PAIR-002]
  await context.store.createPairing({
    pairingId,
    account: claims.account,
    creatorDeviceId: claims.deviceId,
    code,
    createdAtMs: now,
    expiresAtMs,
    attempts: 0,
    state: 'waiting',
    redeemedAtMs: null,
    signingPublicKey: null,
    encryptionPublicKey: null,
    displayName: null,
    platform: null,
    claimHash: null,
    sealedSecret: null,
    deviceId: null,
  })
  return { code, pairingId, expiresAtMs: BigInt(expiresAtMs) }
}
