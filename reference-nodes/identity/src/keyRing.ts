import { randomBytes } from 'node:crypto'
import { JWKS_CACHE_MAX_AGE_S, JWT_TTL_S } from '@spaceos/generated/parameters'
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose'
import type { Clock } from './clock.ts'

type RingKey = {
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
  /** When this key may sign (published at least JWKS_CACHE_MAX_AGE_S before) [NP-KEY-003]. */
  activatesAtMs: number
  /** Last time this key signed a token. */
  lastSignedAtMs: number | null
}

/** The identity node's JWT signing keys (Ed25519) and their public JWK Set. */
export type KeyRing = {
  /** The key to sign with now: the newest active key. */
  signingKey(): { kid: string; privateKey: CryptoKey }
  /** Publishes a new key that starts signing `JWKS_CACHE_MAX_AGE_S` from now [NP-KEY-002] [NP-KEY-003]. */
  rotate(): Promise<string>
  /** The public JWK Set; retired keys stay until `JWT_TTL_S` after their last token [NP-KEY-004]. */
  jwks(): JSONWebKeySet
}

async function newKey(activatesAtMs: number): Promise<RingKey> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
  const kid = randomBytes(12).toString('base64url')
  const jwk = await exportJWK(publicKey)
  return {
    kid,
    privateKey,
    // [NP-KEY-001]
    publicJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string, use: 'sig', alg: 'EdDSA', kid },
    activatesAtMs,
    lastSignedAtMs: null,
  }
}

/**
 * Creates an in-memory key ring with one active key. Private keys never leave it: only `jwks()` is published
 * [NP-KEY-007].
 *
 * @example
 * import { createKeyRing, systemClock } from '@spaceos/identity-node'
 * const keys = await createKeyRing({ clock: systemClock })
 */
export async function createKeyRing(options: { clock: Clock }): Promise<KeyRing> {
  const { clock } = options
  const ring: RingKey[] = [await newKey(clock.now())]
  return {
    signingKey() {
      const now = clock.now()
      const active = ring.filter((key) => key.activatesAtMs <= now)
      const key = active[active.length - 1] ?? (ring[0] as RingKey)
      key.lastSignedAtMs = now
      return { kid: key.kid, privateKey: key.privateKey }
    },
    async rotate() {
      const key = await newKey(clock.now() + JWKS_CACHE_MAX_AGE_S * 1000)
      ring.push(key)
      return key.kid
    },
    jwks() {
      const now = clock.now()
      const newestActive = ring.filter((key) => key.activatesAtMs <= now).at(-1)
      for (let i = ring.length - 1; i >= 0; i--) {
        const key = ring[i] as RingKey
        const retired = key !== newestActive && key.activatesAtMs <= now
        const lastUse = key.lastSignedAtMs ?? key.activatesAtMs
        if (retired && lastUse + JWT_TTL_S * 1000 < now) ring.splice(i, 1)
      }
      return { keys: ring.map((key) => ({ ...key.publicJwk })) }
    },
  }
}
