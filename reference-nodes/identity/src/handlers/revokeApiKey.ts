import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  RevokeApiKeyRequest,
  RevokeApiKeyResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { authenticate, type CallInfo, type IdentityContext } from '../context.ts'
import { ResourceNotFoundError } from '../errors.ts'

/** `RevokeApiKey` (spec/AUTH.md §7) [NP-AUTH-094]. */
export async function revokeApiKey(
  context: IdentityContext,
  request: RevokeApiKeyRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof RevokeApiKeyResponseSchema>> {
  const claims = await authenticate(context, call)
  if (!(await context.store.revokeApiKey(claims.account, request.keyId, context.clock.now()))) {
    throw new ResourceNotFoundError('api key')
  }
  return {}
}
