import { createHash } from 'node:crypto'
import type { MessageInitShape } from '@bufbuild/protobuf'
import { ID_MAX_LENGTH } from '@spaceos/generated/parameters'
import type {
  RegisterDeviceRequest,
  RegisterDeviceResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { deviceIdFromPublicKey } from '@spaceos/protocol'
import { authenticate, type CallInfo, type IdentityContext, publicKeyField } from '../context.ts'
import { verifyEd25519 } from '../ed25519.ts'
import { FieldInvalidError, PermissionDeniedError, SignatureInvalidError } from '../errors.ts'
import { issueToken } from '../tokens.ts'
import { toDeviceMessage } from './deviceMessage.ts'

/** Checks a device display name: 1 to `ID_MAX_LENGTH` characters. */
export function checkDisplayName(name: string): string {
  if (name.length < 1 || [...name].length > ID_MAX_LENGTH) {
    throw new FieldInvalidError('display_name', `display_name must be 1 to ${ID_MAX_LENGTH} characters.`)
  }
  return name
}

/** `RegisterDevice`: the first device, under the wallet's login (spec/AUTH.md §4.2). */
export async function registerDevice(
  context: IdentityContext,
  request: RegisterDeviceRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof RegisterDeviceResponseSchema>> {
  const claims = await authenticate(context, call)
  if (claims.deviceId !== undefined) {
    throw new PermissionDeniedError('RegisterDevice needs the account token of a wallet login.', 'NP-AUTH-060')
  }
  const signingPublicKey = publicKeyField(request.signingPublicKey, 'signing_public_key')
  const encryptionPublicKey = publicKeyField(request.encryptionPublicKey, 'encryption_public_key')
  const displayName = checkDisplayName(request.displayName)
  const jwt = (call.authorization ?? '').slice(7).trim()
  const digest = createHash('sha256').update(jwt, 'utf8').digest()
  // [NP-AUTH-062] proof of possession over SHA-256 of the account token
  if (!verifyEd25519(digest, request.proofSignature, request.signingPublicKey)) {
    throw new SignatureInvalidError('device proof', 'NP-AUTH-062')
  }
  const now = context.clock.now()
  const outcome = await context.store.registerDevice({
    device: {
      deviceId: deviceIdFromPublicKey(request.signingPublicKey), // [NP-AUTH-051]
      account: claims.account,
      signingPublicKey,
      encryptionPublicKey,
      displayName,
      platform: request.platform,
      createdAtMs: now,
      revokedAtMs: null,
    },
    grantJti: claims.jti,
    requireNoActiveDevice: true,
    recover: request.recover,
    nowMs: now,
  })
  if (!outcome.ok) {
    switch (outcome.reason) {
      case 'grant-missing':
        throw new PermissionDeniedError(
          'The login message did not name exactly these device keys; log in again naming them.',
          'NP-AUTH-060',
        )
      case 'grant-used':
        throw new PermissionDeniedError('This account token already registered a device.', 'NP-AUTH-063')
      case 'active-device':
        throw new PermissionDeniedError(
          'The account already has a device: pair this one with a code, or set recover.',
          'NP-AUTH-061',
        )
      case 'key-registered':
        throw new FieldInvalidError('signing_public_key', 'This Ed25519 key is already registered.', 'NP-AUTH-052')
    }
  }
  if (outcome.revoked.length > 0) context.log.info({ account: claims.account, revoked: outcome.revoked }, 'recovery')
  const token = await issueToken(context.keys, context.clock, context.issuer, claims.account, outcome.device.deviceId)
  return { device: toDeviceMessage(outcome.device), jwt: token.jwt }
}
