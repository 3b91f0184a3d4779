import { JWKS_CACHE_MAX_AGE_S, JWKS_MIN_REFETCH_S, JWT_CLOCK_SKEW_S } from '@spaceos/generated/parameters'
import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, jwtVerify } from 'jose'
import { IdentityRequestError } from './errors.ts'

/** What a verified SPACE OS token says (spec/AUTH.md §3.1). */
export type VerifiedToken = {
  /** The account ID (`sub`, lowercase address). */
  account: string
  /** The token ID. */
  jti: string
  /** The device ID (`did`) of a device token; absent for an account token. */
  deviceId?: string
  /** `exp` in Unix milliseconds. */
  expiresAtMs: number
}

/** Options of {@link createTokenVerifier}. */
export type CreateTokenVerifierOptions = {
  /** The identity node's public base URL: the expected `iss`. */
  issuer: string
  /**
   * The verifying service's own audience (spec/AUTH.md §3.4): its origin such as `wss://coord.example`, or
   * `spaceos:peer:<device_id>` for a peer-RPC callee. A token of any other audience is refused [NP-AUTH-114].
   */
  audience: string
  /** Where the JWKS lives; default `<issuer>/.well-known/jwks.json`. Ignored when `jwks` is given. */
  jwksUrl?: string
  /** A JWKS already at hand (offline verification, tests); no network then. */
  jwks?: JSONWebKeySet
  /** The current time; default `Date.now`. */
  now?: () => number
}

/**
 * Creates an offline verifier of the tokens bound to one service or peer (coordinator, storage, a peer-RPC callee): EdDSA
 * only [NP-AUTH-042], signature under the JWKS key named by `kid`, `iss`, and `aud` exactly the verifier's own audience
 * [NP-AUTH-043] [NP-AUTH-114], `exp` [NP-AUTH-044] and
 * `nbf` [NP-AUTH-045] with `JWT_CLOCK_SKEW_S` tolerance. The JWKS is cached up to `JWKS_CACHE_MAX_AGE_S` and refetched
 * on an unknown `kid` at most once per `JWKS_MIN_REFETCH_S` [NP-KEY-006]. Failures throw {@link IdentityRequestError}
 * with `UNAUTHENTICATED` or `TOKEN_EXPIRED`. Revocation of a device (`did`) needs `GetDevice` on top [NP-AUTH-083].
 *
 * @example
 * import { createTokenVerifier } from '@spaceos/identity'
 * const verifyToken = createTokenVerifier({ issuer: 'https://id.spaceos.example', audience: 'wss://coord.example' })
 * const { account, deviceId } = await verifyToken(request.headers.authorization.slice(7))
 */
export function createTokenVerifier(options: CreateTokenVerifierOptions): (jwt: string) => Promise<VerifiedToken> {
  const issuer = options.issuer.replace(/\/$/, '')
  const keys =
    options.jwks !== undefined
      ? createLocalJWKSet(options.jwks)
      : createRemoteJWKSet(new URL(options.jwksUrl ?? `${issuer}/.well-known/jwks.json`), {
          cacheMaxAge: JWKS_CACHE_MAX_AGE_S * 1000,
          cooldownDuration: JWKS_MIN_REFETCH_S * 1000,
        })
  const now = options.now ?? Date.now
  return async (jwt) => {
    try {
      const { payload } = await jwtVerify(jwt, keys, {
        algorithms: ['EdDSA'],
        issuer,
        clockTolerance: JWT_CLOCK_SKEW_S,
        currentDate: new Date(now()),
        requiredClaims: ['sub', 'jti', 'exp', 'iat', 'nbf', 'aud'],
      })
      const aud = payload.aud
      if (!(aud === options.audience || (Array.isArray(aud) && aud.length === 1 && aud[0] === options.audience))) {
        throw new IdentityRequestError({ code: 'UNAUTHENTICATED', message: 'The token is bound to another audience.' })
      }
      return {
        account: String(payload.sub),
        jti: String(payload.jti),
        ...(typeof payload.did === 'string' ? { deviceId: payload.did } : {}),
        expiresAtMs: Number(payload.exp) * 1000,
      }
    } catch (error) {
      if (error instanceof IdentityRequestError) throw error
      if (error instanceof errors.JWTExpired) {
        throw new IdentityRequestError({ code: 'TOKEN_EXPIRED', message: 'The token has expired.', cause: error })
      }
      throw new IdentityRequestError({
        code: 'UNAUTHENTICATED',
        message: `The token does not verify (${(error as Error).message}).`,
        cause: error,
      })
    }
  }
}
