import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createPostgresStore } from '../src/store/postgresStore.ts'
import type { IdentityStore } from '../src/store/types.ts'

/** The test database: 127.0.0.1:5432, trust auth, database `test` (override with SPACEOS_TEST_PG_URL). */
export const pgUrl = process.env.SPACEOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** True when PostgreSQL answers; in CI an unreachable server is an error, never a skip. */
export async function pgAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL at ${pgUrl} is required in CI`, { cause: error })
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Opens a store in a fresh schema and drops the schema when the store closes. */
export async function openPgStore(): Promise<IdentityStore> {
  const schema = `identity_test_${randomBytes(6).toString('hex')}`
  const store = await createPostgresStore({ connectionString: pgUrl, schema, max: 4 })
  const close = store.close
  return {
    ...store,
    async close() {
      await close()
      const client = new pg.Client({ connectionString: pgUrl })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    },
  }
}
