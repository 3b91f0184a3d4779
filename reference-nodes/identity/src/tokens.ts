import { randomBytes } from 'node:crypto'
import { JWT_CLOCK_SKEW_S, JWT_TTL_S, PEER_TOKEN_TTL_S, SERVICE_TOKEN_TTL_S } from '@spaceos/generated/parameters'
import { createLocalJWKSet, errors, jwtVerify, SignJWT } from 'jose'
import type { Clock } from './clock.ts'
import { TokenExpiredError, UnauthenticatedError } from './errors.ts'
import type { KeyRing } from './keyRing.ts'

/** Claims the node relies on after verification. */
export type TokenClaims = { account: string; jti: string; deviceId?: string; expiresAtMs: number }

/** The prefix of a peer audience: `spaceos:peer:` + the callee's device ID (spec/AUTH.md §3.4). */
export const peerAudiencePrefix = 'spaceos:peer:'

/**
 * Lifetime of a token for `audience`: identity's own tokens (`audience` = the issuer) live `JWT_TTL_S`, peer tokens
 * `PEER_TOKEN_TTL_S`, service tokens `SERVICE_TOKEN_TTL_S` [NP-AUTH-041] [NP-AUTH-113].
 */
export function tokenLifetimeS(audience: string, issuer: string): number {
  if (audience === issuer) return JWT_TTL_S
  return audience.startsWith(peerAudiencePrefix) ? PEER_TOKEN_TTL_S : SERVICE_TOKEN_TTL_S
}

/**
 * Signs an account token, or a device token when `deviceId` is given (spec/AUTH.md §3.1) [NP-AUTH-040]
 * [NP-AUTH-041]. The audience is identity itself (its issuer) unless `audience` names a service or peer, which only
 * device tokens may [NP-AUTH-110] [NP-AUTH-113].
 */
export async function issueToken(
  keys: KeyRing,
  clock: Clock,
  issuer: string,
  account: string,
  deviceId?: string,
  audience: string = issuer,
): Promise<{ jwt: string; jti: string; expiresAtMs: number }> {
  if (audience !== issuer && deviceId === undefined) throw new Error('audience tokens are device tokens')
  const { kid, privateKey } = keys.signingKey()
  const iat = Math.floor(clock.now() / 1000)
  const exp = iat + tokenLifetimeS(audience, issuer)
  const jti = randomBytes(16).toString('base64url')
  const jwt = await new SignJWT(deviceId === undefined ? {} : { did: deviceId })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(account)
    .setAudience([audience])
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(privateKey)
  return { jwt, jti, expiresAtMs: exp * 1000 }
}

const keySets = new WeakMap<KeyRing, { json: string; set: ReturnType<typeof createLocalJWKSet> }>()

/** The key ring's published keys as a jose key set, rebuilt only when the JWKS changes (jose caches imported keys). */
function localKeySet(keys: KeyRing): ReturnType<typeof createLocalJWKSet> {
  const jwks = keys.jwks()
  const json = jwks.keys.map((key) => key.kid).join(' ') // a kid names one key for good
  const cached = keySets.get(keys)
  if (cached !== undefined && cached.json === json) return cached.set
  const set = createLocalJWKSet(jwks)
  keySets.set(keys, { json, set })
  return set
}

/** Whether `aud` is exactly `audience`: that string, or a one-element array holding it (spec/AUTH.md §3.4). */
function isExactly(aud: unknown, audience: string): boolean {
  return aud === audience || (Array.isArray(aud) && aud.length === 1 && aud[0] === audience)
}

/**
 * Verifies a token presented to identity: `EdDSA` only [NP-AUTH-042], known `kid`, issuer, and an audience of exactly
 * identity itself, so that a service or peer token is refused whoever replays it [NP-AUTH-043] [NP-AUTH-111]; `exp`
 * [NP-AUTH-044] and `nbf` [NP-AUTH-045] with `JWT_CLOCK_SKEW_S` tolerance.
 */
export async function verifyToken(keys: KeyRing, clock: Clock, issuer: string, jwt: string): Promise<TokenClaims> {
  let payload: Awaited<ReturnType<typeof jwtVerify>>['payload']
  try {
    payload = (
      await jwtVerify(jwt, localKeySet(keys), {
        algorithms: ['EdDSA'],
        issuer,
        clockTolerance: JWT_CLOCK_SKEW_S,
        currentDate: new Date(clock.now()),
        requiredClaims: ['sub', 'jti', 'exp', 'iat', 'nbf', 'aud'],
      })
    ).payload
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new TokenExpiredError()
    throw new UnauthenticatedError('invalid token', error)
  }
  if (!isExactly(payload.aud, issuer)) throw new UnauthenticatedError('token of another audience') // [NP-AUTH-111]
  const claims: TokenClaims = {
    account: String(payload.sub),
    jti: String(payload.jti),
    expiresAtMs: Number(payload.exp) * 1000,
  }
  if (typeof payload.did === 'string') claims.deviceId = payload.did
  return claims
}
