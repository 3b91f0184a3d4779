import { createHash, randomBytes } from 'node:crypto'
import type { MessageInitShape } from '@bufbuild/protobuf'
import { ID_MAX_LENGTH } from '@spaceos/generated/parameters'
import type {
  CreateApiKeyRequest,
  CreateApiKeyResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { authenticate, type CallInfo, type IdentityContext } from '../context.ts'
import { FieldInvalidError } from '../errors.ts'
import { toApiKeyMessage } from './apiKeyMessage.ts'

/** The prefix of every SpaceRouter API key (spec/AUTH.md §7). */
export const apiKeyPrefix = 'sk-space-'

/** `CreateApiKey` (spec/AUTH.md §7): the key is returned once and stored only as its SHA-256. */
export async function createApiKey(
  context: IdentityContext,
  request: CreateApiKeyRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof CreateApiKeyResponseSchema>> {
  const claims = await authenticate(context, call)
  if (request.name.length < 1 || [...request.name].length > ID_MAX_LENGTH) {
    throw new FieldInvalidError('name', `name must be 1 to ${ID_MAX_LENGTH} characters.`)
  }
  const secret = apiKeyPrefix + randomBytes(32).toString('base64url') // [NP-AUTH-090]
  const now = context.clock.now()
  const record = {
    keyId: randomBytes(12).toString('base64url'),
    account: claims.account, // [NP-AUTH-093]
    name: request.name,
    prefix: secret.slice(0, 12),
    keyHash: createHash('sha256').update(secret).digest('hex'), // [NP-AUTH-091]
    createdAtMs: now,
    expiresAtMs: request.ttlS > 0n ? now + Number(request.ttlS) * 1000 : null,
    revokedAtMs: null,
    lastUsedAtMs: null,
  }
  await context.store.insertApiKey(record)
  context.log.info({ account: claims.account, keyId: record.keyId }, 'api key created')
  return { apiKey: toApiKeyMessage(record), secret }
}
