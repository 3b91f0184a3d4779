import { authenticate, type CallInfo, type IdentityContext } from '../context.ts'
import { PermissionDeniedError } from '../errors.ts'
import type { TokenClaims } from '../tokens.ts'

/** Authenticates a device token; an account token gets `PERMISSION_DENIED` [NP-AUTH-047]. */
export async function requireDeviceToken(
  context: IdentityContext,
  call: CallInfo,
): Promise<TokenClaims & { deviceId: string }> {
  const claims = await authenticate(context, call)
  if (claims.deviceId === undefined) {
    throw new PermissionDeniedError('This call needs a device token.', 'NP-AUTH-047')
  }
  return claims as TokenClaims & { deviceId: string }
}
