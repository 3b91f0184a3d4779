import { create } from '@bufbuild/protobuf'
import { type ApiKey, ApiKeySchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { ApiKeyRecord } from '../store/types.ts'

/** The proto `ApiKey` of a stored record: never the key itself [NP-AUTH-092]. */
export function toApiKeyMessage(record: ApiKeyRecord): ApiKey {
  return create(ApiKeySchema, {
    keyId: record.keyId,
    name: record.name,
    prefix: record.prefix,
    createdAtMs: BigInt(record.createdAtMs),
    expiresAtMs: BigInt(record.expiresAtMs ?? 0),
    revokedAtMs: BigInt(record.revokedAtMs ?? 0),
    lastUsedAtMs: BigInt(record.lastUsedAtMs ?? 0),
  })
}
