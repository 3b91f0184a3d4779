import type { MessageInitShape } from '@bufbuild/protobuf'
import type { ListApiKeysResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { authenticate, type CallInfo, type IdentityContext } from '../context.ts'
import { toApiKeyMessage } from './apiKeyMessage.ts'

/** `ListApiKeys` (spec/AUTH.md §7) [NP-AUTH-092]. */
export async function listApiKeys(
  context: IdentityContext,
  call: CallInfo,
): Promise<MessageInitShape<typeof ListApiKeysResponseSchema>> {
  const claims = await authenticate(context, call)
  return { apiKeys: (await context.store.listApiKeys(claims.account)).map(toApiKeyMessage) }
}
