import type { MessageInitShape } from '@bufbuild/protobuf'
import {
  type CompletePairingRequest,
  type CompletePairingResponseSchema,
  PairingState,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { deviceIdFromPublicKey } from '@spaceos/protocol'
import type { CallInfo, IdentityContext } from '../context.ts'
import { FieldInvalidError, IdentityError } from '../errors.ts'
import { toDeviceMessage } from './deviceMessage.ts'
import { pairingOfCreator } from './getPairingStatus.ts'
import { pairingStateOf, sealedToText } from './pairingMessages.ts'

/**
 * `CompletePairing` (spec/AUTH.md §5 step 3): A relays the sealed secret and B is registered, atomically, only while
 * the secret was sealed for the account's current key epoch [NP-PAIR-031].
 */
export async function completePairing(
  context: IdentityContext,
  request: CompletePairingRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof CompletePairingResponseSchema>> {
  const pairing = await pairingOfCreator(context, request.pairingId, call)
  const sealed = request.sealedSecret
  // [NP-PAIR-030]
  if (sealed === undefined || sealed.ephemeralPublicKey.length !== 32 || sealed.nonce.length !== 12) {
    throw new FieldInvalidError(
      'sealed_secret',
      'sealed_secret needs a 32-byte ephemeral key and a 12-byte nonce.',
      'NP-PAIR-030',
    )
  }
  if (sealed.ciphertext.length < 16) {
    throw new FieldInvalidError('sealed_secret.ciphertext', 'ciphertext too short.', 'NP-PAIR-030')
  }
  if (pairingStateOf(pairing, context.clock) !== PairingState.REDEEMED || pairing.signingPublicKey === null) {
    throw new IdentityError('PAIRING_CODE_EXPIRED', {
      message: 'The pairing is not waiting for completion (expired, burned or done); start again.',
      details: { requirement: 'NP-PAIR-023' },
    })
  }
  const device = {
    deviceId: deviceIdFromPublicKey(Buffer.from(pairing.signingPublicKey, 'base64url')),
    account: pairing.account,
    signingPublicKey: pairing.signingPublicKey,
    encryptionPublicKey: pairing.encryptionPublicKey ?? '',
    displayName: pairing.displayName ?? '',
    platform: pairing.platform ?? 0,
    createdAtMs: context.clock.now(),
    revokedAtMs: null,
  }
  // [NP-PAIR-010] registered only here, atomically with the state change
  const outcome = await context.store.completePairing({
    pairingId: pairing.pairingId,
    sealedSecret: sealedToText(sealed),
    keyEpoch: sealed.keyEpoch,
    device,
  })
  if (!outcome.ok) {
    if (outcome.reason === 'stale-epoch') {
      // [NP-PAIR-031] checked in the step that registers B
      throw new FieldInvalidError(
        'sealed_secret.key_epoch',
        `The account's current key epoch is ${outcome.currentEpoch}, not ${sealed.keyEpoch}; seal epochs 1..${outcome.currentEpoch} and retry.`,
        'NP-PAIR-031',
      )
    }
    if (outcome.reason === 'key-registered') {
      throw new FieldInvalidError('signing_public_key', 'This Ed25519 key is already registered.', 'NP-AUTH-052')
    }
    throw new IdentityError('PAIRING_CODE_EXPIRED', { message: 'The pairing was already completed.' })
  }
  context.log.info({ account: pairing.account, device: device.deviceId }, 'device paired')
  return { device: toDeviceMessage(device) }
}
