import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JWKS_ROTATION_INTERVAL_S, JWT_TTL_S } from '@spaceos/generated/parameters'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createManualClock } from './clock.ts'
import { createKeyRing } from './keyRing.ts'
import { createSqliteStore } from './store/sqliteStore.ts'
import { issueToken, verifyToken } from './tokens.ts'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'identity-keys-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('keeps tokens valid across a restart by persisting the signing keys', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 1))
  const path = join(dir, 'identity.db')
  const store = createSqliteStore({ path })
  const { jwt } = await issueToken(await createKeyRing({ clock, store }), clock, 'https://id.example', '0xabc')
  await store.close()
  const reopened = createSqliteStore({ path })
  const keys = await createKeyRing({ clock, store: reopened })
  await expect(verifyToken(keys, clock, 'https://id.example', jwt)).resolves.toMatchObject({ account: '0xabc' })
  await reopened.close()
})

it('rotates when due [NP-KEY-002]', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 1))
  const keys = await createKeyRing({ clock })
  expect(await keys.rotateIfDue()).toBeUndefined()
  clock.advance(JWKS_ROTATION_INTERVAL_S * 1000)
  expect(await keys.rotateIfDue()).toBeDefined()
  expect(await keys.rotateIfDue()).toBeUndefined()
})

it('signs with a new key only after publishing it, and drops the old key JWT_TTL_S after its last token [NP-KEY-003] [NP-KEY-004]', async () => {
  const clock = createManualClock(Date.UTC(2026, 0, 1))
  const keys = await createKeyRing({ clock })
  const kid = await keys.rotate()
  const { jwt } = await issueToken(keys, clock, 'https://id.example', '0xabc')
  expect(keys.signingKey().kid).not.toBe(kid)
  clock.advance(3_600_000)
  expect(keys.signingKey().kid).toBe(kid)
  expect(keys.jwks().keys).toHaveLength(2)
  clock.advance(JWT_TTL_S * 1000 - 3_600_000)
  await expect(verifyToken(keys, clock, 'https://id.example', jwt)).resolves.toBeDefined()
  expect(keys.jwks().keys).toHaveLength(2)
  clock.advance(3_600_000)
  expect(keys.jwks().keys.map((key) => key.kid)).toEqual([kid])
})
