import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openPgStore, pgAvailable } from '../../test/pg.ts'
import { describeStoreContract } from '../../test/storeContract.ts'
import { createSqliteStore } from './sqliteStore.ts'

const dir = mkdtempSync(join(tmpdir(), 'identity-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
describeStoreContract('SQLite', async () => createSqliteStore({ path: join(dir, `s${n++}.db`) }))

if (await pgAvailable()) describeStoreContract('PostgreSQL', openPgStore)
