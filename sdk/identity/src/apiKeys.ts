import type { ApiKey } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { createIdentityClient } from './createIdentityClient.ts'
import { callIdentity } from './errors.ts'
import type { Session } from './login.ts'

/**
 * Creates a SpaceRouter API key. `secret` is shown only here, once; store it now [NP-AUTH-091].
 *
 * @example
 * import { createApiKey } from '@spaceos/identity'
 * const { secret } = await createApiKey(session, { name: 'ci' })
 */
export async function createApiKey(
  session: Session,
  parameters: { name: string; ttlS?: number },
): Promise<{ apiKey: ApiKey; secret: string }> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  const response = await callIdentity(() =>
    identity.createApiKey({ name: parameters.name, ttlS: BigInt(parameters.ttlS ?? 0) }),
  )
  if (response.apiKey === undefined) throw new Error('CreateApiKey answered without a key record')
  return { apiKey: response.apiKey, secret: response.secret }
}

/** Lists the account's API keys (prefix only, never the key). */
export async function listApiKeys(session: Session): Promise<ApiKey[]> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  return (await callIdentity(() => identity.listApiKeys({}))).apiKeys
}

/** Revokes an API key of the account. */
export async function revokeApiKey(session: Session, keyId: string): Promise<void> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  await callIdentity(() => identity.revokeApiKey({ keyId }))
}

/** Lists the account's devices (device session required). */
export async function listDevices(session: Session, options: { includeRevoked?: boolean } = {}) {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  return (await callIdentity(() => identity.listDevices({ includeRevoked: options.includeRevoked ?? false }))).devices
}

/** Revokes a device of the account (itself included); the remaining devices must then rotate the private epoch. */
export async function revokeDevice(session: Session, deviceId: string): Promise<void> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  await callIdentity(() => identity.revokeDevice({ deviceId }))
}
