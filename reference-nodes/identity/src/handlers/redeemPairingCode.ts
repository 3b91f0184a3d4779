import { createHash, randomBytes } from 'node:crypto'
import type { MessageInitShape } from '@bufbuild/protobuf'
import { PAIRING_CODE_MAX_ATTEMPTS, PAIRING_MAX_REDEEMS_PER_HOUR_PER_SOURCE } from '@spaceos/generated/parameters'
import type {
  RedeemPairingCodeRequest,
  RedeemPairingCodeResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { parseAccountAddress } from '../address.ts'
import { type CallInfo, enforceHourlyLimit, type IdentityContext, publicKeyField, sourceKey } from '../context.ts'
import { verifyEd25519 } from '../ed25519.ts'
import { IdentityError, SignatureInvalidError } from '../errors.ts'
import { checkDisplayName } from './registerDevice.ts'

/** The bytes device B signs when redeeming (spec/AUTH.md §5 step 2). */
export function redeemProofBytes(account: string, code: string, encryptionPublicKey: Uint8Array): Uint8Array {
  return Buffer.concat([
    Buffer.from('SPACEOS-PAIR-REDEEM-V1', 'utf8'),
    Buffer.from([0]),
    Buffer.from(account, 'utf8'),
    Buffer.from(code, 'utf8'),
    encryptionPublicKey,
  ])
}

/** Options that deliberately break the node, for proving the conformance suite has teeth. Never set in production. */

/** `RedeemPairingCode` (spec/AUTH.md §5 step 2): the new device guesses the code, without a token. */
export async function redeemPairingCode(
  context: IdentityContext,
  request: RedeemPairingCodeRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof RedeemPairingCodeResponseSchema>> {
  // [NP-PAIR-006] counted first, without checking the code
  await enforceHourlyLimit(
    context,
    `pair-redeem:${sourceKey(call.source)}`,
    PAIRING_MAX_REDEEMS_PER_HOUR_PER_SOURCE,
    'NP-PAIR-006',
  )
  const { account } = parseAccountAddress(request.account, 'account')
  const signingPublicKey = publicKeyField(request.signingPublicKey, 'signing_public_key')
  const encryptionPublicKey = publicKeyField(request.encryptionPublicKey, 'encryption_public_key')
  const displayName = checkDisplayName(request.displayName)
  // [NP-PAIR-009] before the guess counts
  const proof = redeemProofBytes(account, request.code, request.encryptionPublicKey)
  if (!verifyEd25519(proof, request.proofSignature, request.signingPublicKey)) {
    throw new SignatureInvalidError('pairing redeem', 'NP-PAIR-009')
  }
  const claimToken = randomBytes(32).toString('base64url') // [NP-PAIR-013]
  const outcome = await context.store.redeemPairing({
    account,
    code: request.code,
    nowMs: context.clock.now(),
    maxAttempts: PAIRING_CODE_MAX_ATTEMPTS,
    redeemer: { signingPublicKey, encryptionPublicKey, displayName, platform: request.platform },
    claimHash: createHash('sha256').update(claimToken).digest('hex'),
  })
  if (!outcome.ok) {
    if (outcome.reason === 'no-code') {
      // [NP-PAIR-007]
      throw new IdentityError('PAIRING_CODE_EXPIRED', {
        message: 'No live pairing code for this account; create a new one on a paired device.',
        details: { requirement: 'NP-PAIR-007' },
      })
    }
    if (outcome.burned) context.log.warn({ account }, 'pairing code burned by wrong guesses') // [NP-PAIR-011]
    throw new IdentityError('PAIRING_CODE_INVALID', {
      message: 'Wrong pairing code.',
      details: { requirement: 'NP-PAIR-004', burned: String(outcome.burned) },
    })
  }
  return { pairingId: outcome.pairingId, claimToken }
}
