import type { Logger } from '@spaceos/node-kit'
import type { Clock } from './clock.ts'
import { DeviceRevokedError, FieldInvalidError, RateLimitedError, UnauthenticatedError } from './errors.ts'
import type { KeyRing } from './keyRing.ts'
import type { IdentityStore } from './store/types.ts'
import { type TokenClaims, verifyToken } from './tokens.ts'
import type { WalletProvisioner } from './wallets/provisionWallets.ts'

/** Where a request came from and what credentials it carried. */
export type CallInfo = {
  /** The `Authorization` header, if any. */
  authorization: string | undefined
  /** Source IP address (rate limits per source). */
  source: string
}

/** Everything a handler needs. */
export type IdentityContext = {
  store: IdentityStore
  clock: Clock
  keys: KeyRing
  /** Public base URL: JWT `iss` and the message's `URI`. */
  issuer: string
  /** RFC 3986 authority of `issuer`: the message's `domain`. */
  domain: string
  log: Logger
  /** Creates the proxy and native wallets (spec/AUTH.md §8). */
  wallets: WalletProvisioner
  /** Longest a login waits for wallet provisioning before answering (the rest continues in the background). */
  walletWaitMs: number
  counters: { logins: (result: string) => void; rateLimited: (limit: string) => void }
}

const hourMs = 3_600_000

/** Counts one event against an hourly limit and throws `RATE_LIMITED` with `Retry-After` beyond it. */
export async function enforceHourlyLimit(
  context: IdentityContext,
  key: string,
  limit: number,
  requirement: string,
): Promise<void> {
  const now = context.clock.now()
  const count = await context.store.hitRateLimit(key, hourMs, now)
  if (count > limit) {
    context.counters.rateLimited(key.split(':')[0] ?? key)
    throw new RateLimitedError(`${limit} per hour`, hourMs - (now % hourMs), requirement)
  }
}

/** The rate-limit key of a source address: the address, or its /64 prefix for IPv6 [NP-PAIR-006]. */
export function sourceKey(source: string): string {
  const address = source.startsWith('::ffff:') ? source.slice(7) : source
  if (!address.includes(':')) return address
  const [head = '', tail = ''] = address.split('::')
  const groups = [...head.split(':').filter(Boolean)]
  const tailGroups = tail.split(':').filter(Boolean)
  while (groups.length + tailGroups.length < 8) groups.push('0')
  return `${[...groups, ...tailGroups].slice(0, 4).join(':')}::/64`
}

/** Verifies the bearer token and, for a device token, that the device exists and is not revoked [NP-AUTH-082]. */
export async function authenticate(context: IdentityContext, call: CallInfo): Promise<TokenClaims> {
  const header = call.authorization
  if (header === undefined || !header.startsWith('Bearer ')) throw new UnauthenticatedError('no bearer token')
  const claims = await verifyToken(context.keys, context.clock, context.issuer, header.slice(7).trim())
  if (claims.deviceId !== undefined) {
    const device = await context.store.getDevice(claims.deviceId)
    if (device === undefined || device.account !== claims.account) throw new UnauthenticatedError('unknown device')
    if (device.revokedAtMs !== null) throw new DeviceRevokedError(claims.deviceId) // [NP-AUTH-046]
  }
  return claims
}

/** Checks a 32-byte public key field and returns it as base64url. */
export function publicKeyField(bytes: Uint8Array, field: string): string {
  if (bytes.length !== 32) throw new FieldInvalidError(field, `${field} must be 32 bytes.`)
  return Buffer.from(bytes).toString('base64url')
}
