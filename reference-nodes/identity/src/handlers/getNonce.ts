import { randomBytes } from 'node:crypto'
import type { MessageInitShape } from '@bufbuild/protobuf'
import { AUTH_NONCE_MAX_PER_HOUR, AUTH_NONCE_TTL_S } from '@spaceos/generated/parameters'
import type { GetNonceRequest, GetNonceResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { parseAccountAddress } from '../address.ts'
import { type CallInfo, type IdentityContext, publicKeyField, sourceKey } from '../context.ts'
import { FieldInvalidError, RateLimitedError } from '../errors.ts'
import { buildLoginMessage } from '../loginMessage.ts'

const hourMs = 3_600_000

/** `GetNonce` / `GET /api/auth/nonce` (spec/AUTH.md §2.1). */
export async function getNonce(
  context: IdentityContext,
  request: GetNonceRequest,
  call: CallInfo,
): Promise<MessageInitShape<typeof GetNonceResponseSchema>> {
  const { account, checksum } = parseAccountAddress(request.address)
  const hasSigning = request.signingPublicKey.length > 0
  const hasEncryption = request.encryptionPublicKey.length > 0
  if (hasSigning !== hasEncryption) {
    throw new FieldInvalidError('signing_public_key', 'Name both device keys or neither.')
  }
  const device = hasSigning
    ? {
        signingPublicKey: publicKeyField(request.signingPublicKey, 'signing_public_key'),
        encryptionPublicKey: publicKeyField(request.encryptionPublicKey, 'encryption_public_key'),
      }
    : undefined
  const nonce = randomBytes(16).toString('hex') // [NP-AUTH-010]
  const issuedAtMs = context.clock.now()
  const expiresAtMs = issuedAtMs + AUTH_NONCE_TTL_S * 1000 // [NP-AUTH-011]
  const message = buildLoginMessage({
    domain: context.domain,
    address: checksum,
    uri: context.issuer,
    nonce,
    issuedAtMs,
    expiresAtMs,
    ...(device === undefined ? {} : { device }),
  })
  // [NP-AUTH-012] both limits counted and the nonce stored in one transaction (one fsync instead of three)
  const stored = await context.store.insertNonceWithinLimits({
    record: {
      nonce,
      address: account,
      message,
      issuedAtMs,
      expiresAtMs,
      signingPublicKey: device?.signingPublicKey ?? null,
      encryptionPublicKey: device?.encryptionPublicKey ?? null,
    },
    limits: [
      { key: `nonce-source:${sourceKey(call.source)}`, max: AUTH_NONCE_MAX_PER_HOUR },
      { key: `nonce-account:${account}`, max: AUTH_NONCE_MAX_PER_HOUR },
    ],
    windowMs: hourMs,
    nowMs: issuedAtMs,
  })
  if (!stored.ok) {
    context.counters.rateLimited(stored.key.split(':')[0] ?? stored.key)
    throw new RateLimitedError(`${AUTH_NONCE_MAX_PER_HOUR} per hour`, hourMs - (issuedAtMs % hourMs), 'NP-AUTH-012')
  }
  return { nonce, message, expiresAtMs: BigInt(expiresAtMs) }
}
