import pg from 'pg'
import { schemaStatements } from './schema.ts'
import { createSqlStore, type Query, type Row } from './sqlStore.ts'
import type { IdentityStore } from './types.ts'

/** Options of {@link createPostgresStore}. */
export type PostgresStoreOptions = {
  /** `postgres://user@host:port/db` */
  connectionString: string
  /** Schema to use (created if absent); default `public`. */
  schema?: string
  /** Pool size; default 10. */
  max?: number
}

/**
 * The PostgreSQL store for operators who outgrow one machine; same contract as the SQLite store. Transactions run at
 * READ COMMITTED with row-locking `UPDATE … RETURNING`, so a nonce or login grant is consumed once.
 *
 * @example
 * import { createPostgresStore } from '@spaceos/identity-node'
 * const store = await createPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/identity' })
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<IdentityStore> {
  const schema = options.schema ?? 'public'
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`)
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    options: `-c search_path=${schema}`,
  })
  const setup = await pool.connect()
  try {
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    for (const statement of schemaStatements) await setup.query(statement)
  } finally {
    setup.release()
  }
  const query: Query = async (sql, params = []) => (await pool.query(sql, [...params])).rows as Row[]
  return createSqlStore({
    kind: 'postgres',
    query,
    lockSuffix: ' FOR UPDATE',
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work(async (sql, params = []) => (await client.query(sql, [...params])).rows as Row[])
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  })
}
