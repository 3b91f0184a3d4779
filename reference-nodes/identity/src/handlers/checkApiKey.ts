import type { MessageInitShape } from '@bufbuild/protobuf'
import {
  ApiKeyStatus,
  type CheckApiKeyRequest,
  type CheckApiKeyResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { authenticate, type CallInfo, type IdentityContext } from '../context.ts'
import { FieldInvalidError } from '../errors.ts'

/**
 * `CheckApiKey` (spec/AUTH.md §7) [NP-AUTH-095]: status of a key by its SHA-256, with its account and that account's
 * proxy wallet, which pays for the key's usage [NP-AUTH-093] (empty while not provisioned [NP-AUTH-108]).
 */
export async function checkApiKey(
  context: IdentityContext,
  request: CheckApiKeyRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof CheckApiKeyResponseSchema>> {
  await authenticate(context, call)
  if (request.keyHash.length !== 32) throw new FieldInvalidError('key_hash', 'key_hash must be 32 bytes.')
  const record = await context.store.getApiKeyByHash(Buffer.from(request.keyHash).toString('hex'))
  if (record === undefined) return { status: ApiKeyStatus.UNKNOWN }
  const now = context.clock.now()
  const status =
    record.revokedAtMs !== null
      ? ApiKeyStatus.REVOKED
      : record.expiresAtMs !== null && record.expiresAtMs <= now
        ? ApiKeyStatus.EXPIRED
        : ApiKeyStatus.ACTIVE
  if (status === ApiKeyStatus.ACTIVE) await context.store.touchApiKey(record.keyId, now)
  const wallets = await context.store.getWallets(record.account)
  return { status, account: record.account, keyId: record.keyId, proxyWallet: wallets?.proxyAddress ?? '' }
}
