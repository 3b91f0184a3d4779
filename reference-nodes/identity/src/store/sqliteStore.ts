import Database from 'better-sqlite3'
import { schemaStatements } from './schema.ts'
import { createSqlStore, type Query, type Row } from './sqlStore.ts'
import type { IdentityStore } from './types.ts'

/** Options of {@link createSqliteStore}. */
export type SqliteStoreOptions = {
  /** Database file; `':memory:'` for a throw-away store. */
  path: string
}

/**
 * The embedded default store: one SQLite file (WAL, synchronous=FULL so an accepted nonce or registered device
 * survives a crash). Transactions are serialised in-process and run as `BEGIN IMMEDIATE`.
 *
 * @example
 * import { createSqliteStore } from '@spaceos/identity-node'
 * const store = createSqliteStore({ path: 'identity.db' })
 */
export function createSqliteStore(options: SqliteStoreOptions): IdentityStore {
  const db = new Database(options.path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  for (const statement of schemaStatements) db.exec(statement)

  const cache = new Map<string, Database.Statement>()
  const run = (sql: string, params: readonly unknown[] = []): Row[] => {
    // keyed by the SQL as written: the placeholder rewrite runs once per statement, not once per query
    let statement = cache.get(sql)
    if (statement === undefined) {
      statement = db.prepare(sql.replace(/\$\d+/g, '?'))
      cache.set(sql, statement)
    }
    if (statement.reader) return statement.all(...params) as Row[]
    statement.run(...params)
    return []
  }
  const query: Query = async (sql, params) => run(sql, params)
  // Serialise transactions: their bodies await, so without the queue two could interleave on one connection.
  let queue: Promise<unknown> = Promise.resolve()
  return createSqlStore({
    kind: 'sqlite',
    query,
    lockSuffix: '',
    transaction<T>(work: (tx: Query) => Promise<T>): Promise<T> {
      const next = queue.then(async () => {
        db.exec('BEGIN IMMEDIATE')
        try {
          const result = await work(query)
          db.exec('COMMIT')
          return result
        } catch (error) {
          db.exec('ROLLBACK')
          throw error
        }
      })
      queue = next.catch(() => undefined)
      return next
    },
    async close() {
      await queue
      db.close()
    },
  })
}
