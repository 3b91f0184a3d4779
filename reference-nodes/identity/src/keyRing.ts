import { randomBytes } from 'node:crypto'
import { JWKS_CACHE_MAX_AGE_S, JWKS_ROTATION_INTERVAL_S, JWT_TTL_S } from '@spaceos/generated/parameters'
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK } from 'jose'
import type { Clock } from './clock.ts'
import type { IdentityStore } from './store/types.ts'

type RingKey = {
  kid: string
  privateKey: CryptoKey
  privateJwk: JWK
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
  /** Rotates when the newest key is older than `JWKS_ROTATION_INTERVAL_S`; returns the new kid, if any. */
  rotateIfDue(): Promise<string | undefined>
  /** The public JWK Set; retired keys stay until `JWT_TTL_S` after their last token [NP-KEY-004]. */
  jwks(): JSONWebKeySet
}

function publicOf(kid: string, jwk: JWK): JWK {
  // [NP-KEY-001] only public members
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x as string, use: 'sig', alg: 'EdDSA', kid }
}

async function newKey(activatesAtMs: number): Promise<RingKey> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true })
  const kid = randomBytes(12).toString('base64url')
  const privateJwk = await exportJWK(privateKey)
  return { kid, privateKey, privateJwk, publicJwk: publicOf(kid, privateJwk), activatesAtMs, lastSignedAtMs: null }
}

/** Options of {@link createKeyRing}. */
export type CreateKeyRingOptions = {
  clock: Clock
  /** Persist keys here so tokens survive restarts; default in memory only. */
  store?: IdentityStore
}

/**
 * Creates the key ring, loading persisted keys from `store` (or creating the first one). Private keys never leave the
 * identity trust domain: only `jwks()` is published [NP-KEY-007].
 *
 * @example
 * import { createKeyRing, createSqliteStore, systemClock } from '@spaceos/identity-node'
 * const store = createSqliteStore({ path: 'identity.db' })
 * const keys = await createKeyRing({ clock: systemClock, store })
 */
export async function createKeyRing(options: CreateKeyRingOptions): Promise<KeyRing> {
  const { clock, store } = options
  const ring: RingKey[] = []
  for (const record of (await store?.listSigningKeys()) ?? []) {
    const privateJwk = JSON.parse(record.privateJwk) as JWK
    ring.push({
      kid: record.kid,
      privateKey: (await importJWK(privateJwk, 'EdDSA')) as CryptoKey,
      privateJwk,
      publicJwk: publicOf(record.kid, privateJwk),
      activatesAtMs: record.activatesAtMs,
      lastSignedAtMs: record.lastSignedAtMs,
    })
  }
  const persist = async (key: RingKey) => {
    await store?.saveSigningKey({
      kid: key.kid,
      privateJwk: JSON.stringify(key.privateJwk),
      activatesAtMs: key.activatesAtMs,
      lastSignedAtMs: key.lastSignedAtMs,
    })
  }
  const add = async (activatesAtMs: number) => {
    const key = await newKey(activatesAtMs)
    ring.push(key)
    await persist(key)
    return key.kid
  }
  if (ring.length === 0) await add(clock.now())
  // Persist last-use times lazily (at most once a minute per key) so retirement survives restarts.
  const persistedAt = new Map<string, number>()
  const ringApi: KeyRing = {
    signingKey() {
      const now = clock.now()
      const active = ring.filter((key) => key.activatesAtMs <= now)
      const key = active[active.length - 1] ?? (ring[0] as RingKey)
      key.lastSignedAtMs = now
      if (now - (persistedAt.get(key.kid) ?? 0) > 60_000) {
        persistedAt.set(key.kid, now)
        void persist(key).catch(() => undefined)
      }
      return { kid: key.kid, privateKey: key.privateKey }
    },
    rotate: () => add(clock.now() + JWKS_CACHE_MAX_AGE_S * 1000),
    async rotateIfDue() {
      const newest = ring.at(-1)
      if (newest !== undefined && clock.now() - newest.activatesAtMs < JWKS_ROTATION_INTERVAL_S * 1000) return undefined
      return ringApi.rotate()
    },
    jwks() {
      const now = clock.now()
      const newestActive = ring.filter((key) => key.activatesAtMs <= now).at(-1)
      for (let i = ring.length - 1; i >= 0; i--) {
        const key = ring[i] as RingKey
        const retired = key !== newestActive && key.activatesAtMs <= now
        const lastUse = key.lastSignedAtMs ?? key.activatesAtMs
        if (retired && lastUse + JWT_TTL_S * 1000 < now) {
          ring.splice(i, 1)
          void store?.deleteSigningKey(key.kid).catch(() => undefined)
        }
      }
      return { keys: ring.map((key) => ({ ...key.publicJwk })) }
    },
  }
  return ringApi
}
