import type {
  ApiKeyRecord,
  DeviceRecord,
  IdentityStore,
  NonceRecord,
  RegisterDeviceInput,
  RegisterDeviceOutcome,
} from './types.ts'

/** One row as the driver returns it. */
export type Row = Record<string, unknown>

/** Runs SQL with `$1, $2 …` placeholders (each used once, in order). */
export type Query = (sql: string, params?: readonly unknown[]) => Promise<Row[]>

/** What a SQL adapter supplies: a query function and a transaction runner. */
export type SqlExecutor = {
  kind: 'sqlite' | 'postgres'
  query: Query
  /** Runs `work` in one transaction; concurrent transactions never interleave on the same rows. */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>
  close(): Promise<void>
}

const num = (value: unknown): number => Number(value)
const numOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value))
const strOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

function toNonce(row: Row): NonceRecord {
  return {
    nonce: String(row.nonce),
    address: String(row.address),
    message: String(row.message),
    issuedAtMs: num(row.issued_at_ms),
    expiresAtMs: num(row.expires_at_ms),
    signingPublicKey: strOrNull(row.signing_public_key),
    encryptionPublicKey: strOrNull(row.encryption_public_key),
  }
}

function toDevice(row: Row): DeviceRecord {
  return {
    deviceId: String(row.device_id),
    account: String(row.account),
    signingPublicKey: String(row.signing_public_key),
    encryptionPublicKey: String(row.encryption_public_key),
    displayName: String(row.display_name),
    platform: num(row.platform),
    createdAtMs: num(row.created_at_ms),
    revokedAtMs: numOrNull(row.revoked_at_ms),
  }
}

function toApiKey(row: Row): ApiKeyRecord {
  return {
    keyId: String(row.key_id),
    account: String(row.account),
    name: String(row.name),
    prefix: String(row.prefix),
    keyHash: String(row.key_hash),
    createdAtMs: num(row.created_at_ms),
    expiresAtMs: numOrNull(row.expires_at_ms),
    revokedAtMs: numOrNull(row.revoked_at_ms),
    lastUsedAtMs: numOrNull(row.last_used_at_ms),
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** Builds the {@link IdentityStore} contract over any {@link SqlExecutor} (SQLite or PostgreSQL). */
export function createSqlStore(executor: SqlExecutor): IdentityStore {
  const { query } = executor
  return {
    kind: executor.kind,
    async insertNonce(record) {
      await query(
        `INSERT INTO nonces (nonce, address, message, issued_at_ms, expires_at_ms, signing_public_key,
          encryption_public_key) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          record.nonce,
          record.address,
          record.message,
          record.issuedAtMs,
          record.expiresAtMs,
          record.signingPublicKey,
          record.encryptionPublicKey,
        ],
      )
    },
    async consumeNonce(nonce, nowMs) {
      // [NP-AUTH-032] one statement: only the first caller sees the row
      const rows = await query(
        'UPDATE nonces SET used_at_ms = $1 WHERE nonce = $2 AND used_at_ms IS NULL RETURNING *',
        [nowMs, nonce],
      )
      return rows[0] === undefined ? undefined : toNonce(rows[0])
    },
    async insertLoginGrant(grant) {
      await query(
        'INSERT INTO login_grants (jti, account, signing_public_key, encryption_public_key) VALUES ($1, $2, $3, $4)',
        [grant.jti, grant.account, grant.signingPublicKey, grant.encryptionPublicKey],
      )
    },
    registerDevice(input: RegisterDeviceInput): Promise<RegisterDeviceOutcome> {
      const { device } = input
      return executor
        .transaction(async (tx): Promise<RegisterDeviceOutcome> => {
          if (input.grantJti !== undefined) {
            const grants = await tx('SELECT * FROM login_grants WHERE jti = $1', [input.grantJti])
            const grant = grants[0]
            if (
              grant === undefined ||
              grant.account !== device.account ||
              grant.signing_public_key !== device.signingPublicKey ||
              grant.encryption_public_key !== device.encryptionPublicKey
            ) {
              return { ok: false, reason: 'grant-missing' } as const
            }
            // [NP-AUTH-063] one device per account token
            const used = await tx(
              'UPDATE login_grants SET used_at_ms = $1 WHERE jti = $2 AND used_at_ms IS NULL RETURNING jti',
              [input.nowMs, input.grantJti],
            )
            if (used.length === 0) return { ok: false, reason: 'grant-used' } as const
          }
          const existing = await tx('SELECT device_id FROM devices WHERE signing_public_key = $1', [
            device.signingPublicKey,
          ])
          if (existing.length > 0) return { ok: false, reason: 'key-registered' } as const
          const active = await tx('SELECT device_id FROM devices WHERE account = $1 AND revoked_at_ms IS NULL', [
            device.account,
          ])
          let revoked: string[] = []
          if (active.length > 0) {
            if (input.recover === true) {
              // [NP-AUTH-070]
              await tx('UPDATE devices SET revoked_at_ms = $1 WHERE account = $2 AND revoked_at_ms IS NULL', [
                input.nowMs,
                device.account,
              ])
              revoked = active.map((row) => String(row.device_id))
            } else if (input.requireNoActiveDevice === true) {
              return { ok: false, reason: 'active-device' } as const
            }
          }
          await tx(
            `INSERT INTO devices (device_id, account, signing_public_key, encryption_public_key, display_name, platform,
            created_at_ms, revoked_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)`,
            [
              device.deviceId,
              device.account,
              device.signingPublicKey,
              device.encryptionPublicKey,
              device.displayName,
              device.platform,
              device.createdAtMs,
            ],
          )
          return { ok: true, device: { ...device, revokedAtMs: null }, revoked } as const
        })
        .catch((error: unknown) => {
          // a concurrent registration of the same key lost the race on the unique index [NP-AUTH-052]
          if (isUniqueViolation(error)) return { ok: false, reason: 'key-registered' } as const
          throw error
        })
    },
    async getDevice(deviceId) {
      const rows = await query('SELECT * FROM devices WHERE device_id = $1', [deviceId])
      return rows[0] === undefined ? undefined : toDevice(rows[0])
    },
    async listDevices(account, includeRevoked) {
      const rows = await query(
        includeRevoked
          ? 'SELECT * FROM devices WHERE account = $1 ORDER BY created_at_ms, device_id'
          : 'SELECT * FROM devices WHERE account = $1 AND revoked_at_ms IS NULL ORDER BY created_at_ms, device_id',
        [account],
      )
      return rows.map(toDevice)
    },
    async revokeDevice(deviceId, nowMs) {
      const rows = await query(
        'UPDATE devices SET revoked_at_ms = $1 WHERE device_id = $2 AND revoked_at_ms IS NULL RETURNING device_id',
        [nowMs, deviceId],
      )
      return rows.length > 0
    },
    async hitRateLimit(key, windowMs, nowMs) {
      const windowStart = nowMs - (nowMs % windowMs)
      const rows = await query(
        `INSERT INTO rate_limits (key, window_start_ms, count) VALUES ($1, $2, 1)
          ON CONFLICT (key, window_start_ms) DO UPDATE SET count = rate_limits.count + 1 RETURNING count`,
        [key, windowStart],
      )
      return num(rows[0]?.count)
    },
    async insertApiKey(record) {
      await query(
        `INSERT INTO api_keys (key_id, account, name, prefix, key_hash, created_at_ms, expires_at_ms)
          VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          record.keyId,
          record.account,
          record.name,
          record.prefix,
          record.keyHash,
          record.createdAtMs,
          record.expiresAtMs,
        ],
      )
    },
    async listApiKeys(account) {
      const rows = await query('SELECT * FROM api_keys WHERE account = $1 ORDER BY created_at_ms, key_id', [account])
      return rows.map(toApiKey)
    },
    async getApiKeyByHash(keyHash) {
      const rows = await query('SELECT * FROM api_keys WHERE key_hash = $1', [keyHash])
      return rows[0] === undefined ? undefined : toApiKey(rows[0])
    },
    async touchApiKey(keyId, nowMs) {
      await query('UPDATE api_keys SET last_used_at_ms = $1 WHERE key_id = $2', [nowMs, keyId])
    },
    async revokeApiKey(account, keyId, nowMs) {
      const rows = await query(
        `UPDATE api_keys SET revoked_at_ms = $1 WHERE account = $2 AND key_id = $3 AND revoked_at_ms IS NULL
          RETURNING key_id`,
        [nowMs, account, keyId],
      )
      return rows.length > 0
    },
    async prune(nowMs) {
      await query('DELETE FROM nonces WHERE expires_at_ms < $1', [nowMs])
      await query('DELETE FROM rate_limits WHERE window_start_ms < $1', [nowMs - 2 * 3_600_000])
    },
    close: () => executor.close(),
  }
}
