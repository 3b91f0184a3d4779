import { randomBytes } from 'node:crypto'
import { JWT_CLOCK_SKEW_S, JWT_TTL_S } from '@spaceos/generated/parameters'
import { createLocalJWKSet, errors, jwtVerify, SignJWT } from 'jose'
import type { Clock } from './clock.ts'
import { TokenExpiredError, UnauthenticatedError } from './errors.ts'
import type { KeyRing } from './keyRing.ts'

/** The audience of every SPACE OS token. */
export const tokenAudience = 'spaceos'

/** Claims the node relies on after verification. */
export type TokenClaims = { account: string; jti: string; deviceId?: string; expiresAtMs: number }

/**
 * Signs an account token, or a device token when `deviceId` is given (spec/AUTH.md §3.1) [NP-AUTH-040] [NP-AUTH-041].
 */
export async function issueToken(
  keys: KeyRing,
  clock: Clock,
  issuer: string,
  account: string,
  deviceId?: string,
): Promise<{ jwt: string; jti: string; expiresAtMs: number }> {
  const { kid, privateKey } = keys.signingKey()
  const iat = Math.floor(clock.now() / 1000)
  const exp = iat + JWT_TTL_S
  const jti = randomBytes(16).toString('base64url')
  const jwt = await new SignJWT(deviceId === undefined ? {} : { did: deviceId })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(account)
    .setAudience([tokenAudience])
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

/**
 * Verifies a token against the key ring: `EdDSA` only [NP-AUTH-042], known `kid`, issuer and audience [NP-AUTH-043],
 * `exp` [NP-AUTH-044] and `nbf` [NP-AUTH-045] with `JWT_CLOCK_SKEW_S` tolerance.
 */
export async function verifyToken(keys: KeyRing, clock: Clock, issuer: string, jwt: string): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(jwt, localKeySet(keys), {
      algorithms: ['EdDSA'],
      issuer,
      audience: tokenAudience,
      clockTolerance: JWT_CLOCK_SKEW_S,
      currentDate: new Date(clock.now()),
      requiredClaims: ['sub', 'jti', 'exp', 'iat', 'nbf'],
    })
    const claims: TokenClaims = {
      account: String(payload.sub),
      jti: String(payload.jti),
      expiresAtMs: Number(payload.exp) * 1000,
    }
    if (typeof payload.did === 'string') claims.deviceId = payload.did
    return claims
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new TokenExpiredError()
    throw new UnauthenticatedError('invalid token', error)
  }
}
