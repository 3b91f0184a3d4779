import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import {
  defaultScryptParams,
  deriveMasterKey,
  open,
  openPrivateKey,
  type ScryptParams,
  seal,
  sealPrivateKey,
} from './envelope.ts'
import { MasterSecretMismatchError } from './errors.ts'

/** `evm` (secp256k1, EVM address) or `native` (Antelope K1). */
export type KeyKind = 'evm' | 'native'

/** A stored key's public description; the sealed private key never leaves the store's methods. */
export type KeyRecord = {
  id: string
  kind: KeyKind
  publicKey: string
  address: `0x${string}` | undefined
  label: string | undefined
  status: 'active' | 'retired' | 'pending'
  origin: 'created' | 'imported'
  createdAt: string
  /** Retired keys: the ID that took over (the rotated key ID). Pending keys: the key they will replace. */
  successorId: string | undefined
  /** The signing caller that may use the key; `undefined`: every signing caller (an import without an owner). */
  owner: string | undefined
}

/** New key material to store. */
export type NewKey = {
  kind: KeyKind
  privateKey: Uint8Array
  publicKey: string
  address?: `0x${string}` | undefined
  label?: string | undefined
  origin: 'created' | 'imported'
  owner?: string | undefined
}

/** Options of {@link openKeyStore}. */
export type OpenKeyStoreOptions = {
  /** SQLite file (`:memory:` for a throw-away store). */
  path: string
  /** The operator's secret the master key is derived from. */
  masterSecret: string
  /** scrypt cost for a new store; an existing store keeps the parameters it was created with. */
  scrypt?: ScryptParams
}

/** The encrypted key store of KIS. */
export type KeyStore = Awaited<ReturnType<typeof openKeyStore>>

type Row = {
  id: string
  material_id: string
  kind: KeyKind
  public_key: string
  address: string | null
  label: string | null
  status: KeyRecord['status']
  origin: KeyRecord['origin']
  created_at: string
  successor_id: string | null
  owner: string | null
  wrapped_data_key: Buffer
  ciphertext: Buffer
}

const checkPlaintext = Buffer.from('spaceos-kis master key check v1', 'utf8')

const toRecord = (row: Row): KeyRecord => ({
  id: row.id,
  kind: row.kind,
  publicKey: row.public_key,
  address: (row.address ?? undefined) as `0x${string}` | undefined,
  label: row.label ?? undefined,
  status: row.status,
  origin: row.origin,
  createdAt: row.created_at,
  successorId: row.successor_id ?? undefined,
  owner: row.owner ?? undefined,
})

/** A new key ID: `kis_` + 20 random bytes in hex. */
export const newKeyId = () => `kis_${randomBytes(20).toString('hex')}`

/**
 * Opens (or creates) the KIS key store: SQLite with every private key sealed by envelope encryption under a master
 * key derived with scrypt from the operator's secret [NP-KEY-020]. A wrong secret fails here with
 * {@link MasterSecretMismatchError}, before anything listens.
 *
 * @example
 * import { openKeyStore } from '@spaceos/kis-node'
 * const store = await openKeyStore({ path: 'kis.db', masterSecret: process.env.SPACEOS_KIS_MASTER_SECRET! })
 */
export async function openKeyStore(options: OpenKeyStoreOptions) {
  const db = new Database(options.path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS keys (
      id TEXT PRIMARY KEY,
      material_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('evm', 'native')),
      public_key TEXT NOT NULL,
      address TEXT,
      label TEXT,
      status TEXT NOT NULL CHECK (status IN ('active', 'retired', 'pending')),
      origin TEXT NOT NULL CHECK (origin IN ('created', 'imported')),
      created_at TEXT NOT NULL,
      successor_id TEXT,
      owner TEXT,
      wrapped_data_key BLOB NOT NULL,
      ciphertext BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS seen_signatures (signature TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS seen_signatures_expiry ON seen_signatures (expires_at);
  `)
  // Stores made before keys had owners gain the column (their keys stay usable by every signing caller).
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(keys)').all()
  if (!columns.some((c) => c.name === 'owner')) db.exec('ALTER TABLE keys ADD COLUMN owner TEXT')
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?')
  const setMeta = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)')

  let masterKey: Buffer
  const kdf = getMeta.get('kdf')
  try {
    if (kdf === undefined) {
      const params = options.scrypt ?? defaultScryptParams
      const salt = randomBytes(32)
      masterKey = await deriveMasterKey(options.masterSecret, salt, params)
      const check = seal(masterKey, checkPlaintext, 'kis/master-check')
      db.transaction(() => {
        setMeta.run('kdf', JSON.stringify({ algorithm: 'scrypt', salt: salt.toString('hex'), ...params }))
        setMeta.run('check', check.toString('hex'))
      })()
    } else {
      const stored = JSON.parse(kdf.value) as { salt: string } & ScryptParams
      masterKey = await deriveMasterKey(options.masterSecret, Buffer.from(stored.salt, 'hex'), stored)
      const check = getMeta.get('check')
      let opened = false
      try {
        opened =
          check !== undefined &&
          open(masterKey, Buffer.from(check.value, 'hex'), 'kis/master-check').equals(checkPlaintext)
      } catch {
        opened = false
      }
      if (!opened) throw new MasterSecretMismatchError(options.path)
    }
  } catch (error) {
    db.close()
    throw error
  }

  const insert = db.prepare(`INSERT INTO keys (id, material_id, kind, public_key, address, label, status, origin,
    created_at, successor_id, owner, wrapped_data_key, ciphertext) VALUES (@id, @material_id, @kind, @public_key,
    @address, @label, @status, @origin, @created_at, @successor_id, @owner, @wrapped_data_key, @ciphertext)`)
  const byId = db.prepare<[string], Row>('SELECT * FROM keys WHERE id = ?')
  const pendingFor = db.prepare<[string], Row>("SELECT * FROM keys WHERE status = 'pending' AND successor_id = ?")
  // The replay table is written on every request through its own connection with synchronous = NORMAL (WAL): it
  // survives a crash of KIS (and a restart) but skips the per-request fsync; only an OS crash or power loss can drop
  // its newest entries. Key rows keep synchronous = FULL: a pending rotation key must be on disk before funds move.
  const replayDb = new Database(options.path)
  replayDb.pragma('busy_timeout = 5000')
  replayDb.pragma('synchronous = NORMAL')
  const insertSeen = replayDb.prepare('INSERT OR IGNORE INTO seen_signatures (signature, expires_at) VALUES (?, ?)')
  const pruneSeen = replayDb.prepare('DELETE FROM seen_signatures WHERE expires_at < ?')
  let lastPrune = -1

  const write = (id: string, key: NewKey, status: Row['status'], successorId: string | null) => {
    const materialId = randomBytes(16).toString('hex')
    const sealed = sealPrivateKey(masterKey, materialId, key.privateKey)
    insert.run({
      id,
      material_id: materialId,
      kind: key.kind,
      public_key: key.publicKey,
      address: key.address ?? null,
      label: key.label ?? null,
      status,
      origin: key.origin,
      created_at: new Date().toISOString(),
      successor_id: successorId,
      owner: key.owner ?? null,
      wrapped_data_key: sealed.wrappedDataKey,
      ciphertext: sealed.ciphertext,
    })
  }

  return {
    /** Stores a new active key and answers its record. */
    insert(key: NewKey): KeyRecord {
      const id = newKeyId()
      write(id, key, 'active', null)
      return toRecord(byId.get(id) as Row)
    },
    get(id: string): KeyRecord | undefined {
      const row = byId.get(id)
      return row && row.status !== 'pending' ? toRecord(row) : undefined
    },
    /**
     * Runs `use` with the decrypted private key of `id` (any status) and zero-fills it afterwards. The only way a
     * private key leaves the store, and only into KIS's own signing code.
     */
    async withPrivateKey<T>(id: string, use: (privateKey: Buffer, record: KeyRecord) => Promise<T> | T): Promise<T> {
      const row = byId.get(id)
      if (row === undefined) throw new Error(`no key ${id}`)
      const privateKey = openPrivateKey(masterKey, row.material_id, {
        wrappedDataKey: row.wrapped_data_key,
        ciphertext: row.ciphertext,
      })
      try {
        return await use(privateKey, toRecord(row))
      } finally {
        privateKey.fill(0)
      }
    },
    /** The pending replacement of `id` left by an interrupted rotation, if any. */
    pendingReplacement(id: string): KeyRecord | undefined {
      const row = pendingFor.get(id)
      return row && toRecord(row)
    },
    /** Stores the replacement of `id` as `pending` (before any funds move to it, so a crash loses nothing). */
    insertPending(id: string, key: NewKey): KeyRecord {
      const pendingId = newKeyId()
      write(pendingId, key, 'pending', id)
      return toRecord(byId.get(pendingId) as Row)
    },
    /**
     * Completes a rotation atomically: `id` takes over the pending key's material; the previous material moves to
     * the new ID `oldId`, `retired`. Answers `oldId`.
     */
    swap(id: string, pendingId: string): string {
      const oldId = newKeyId()
      db.transaction(() => {
        const current = byId.get(id) as Row
        const pending = byId.get(pendingId) as Row
        db.prepare('DELETE FROM keys WHERE id = ?').run(pendingId)
        db.prepare(`UPDATE keys SET id = ?, status = 'retired', successor_id = ? WHERE id = ?`).run(
          oldId,
          id,
          current.id,
        )
        insert.run({
          ...pending,
          id,
          status: 'active',
          successor_id: null,
          label: current.label,
          owner: current.owner,
        })
      })()
      return oldId
    },
    /**
     * Records an accepted request signature until `expiresAt` (Unix s); false if it was already recorded — a replay
     * [NP-KEY-025]. Kept in SQLite, so a restart inside the window does not reopen it.
     */
    acceptSignature(signature: string, expiresAt: number, now: number): boolean {
      if (now !== lastPrune) {
        pruneSeen.run(now)
        lastPrune = now
      }
      return insertSeen.run(signature, expiresAt).changes === 1
    },
    /** Every key row's ID (tests and audits). */
    ids(): string[] {
      return db
        .prepare<[], { id: string }>('SELECT id FROM keys ORDER BY created_at, id')
        .all()
        .map((r) => r.id)
    },
    close() {
      masterKey.fill(0)
      replayDb.close()
      db.close()
    },
  }
}
