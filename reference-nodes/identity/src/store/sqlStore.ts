import { timingSafeEqual } from 'node:crypto'
import type {
  ApiKeyRecord,
  CompletePairingOutcome,
  DeviceRecord,
  IdentityStore,
  KeyEnvelopeRecord,
  NativeAccountState,
  NonceRecord,
  PairingRecord,
  PairingStateName,
  RedeemPairingOutcome,
  RegisterDeviceInput,
  RegisterDeviceOutcome,
  RotateEpochOutcome,
  WalletRecord,
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
  /** Appended to a SELECT that the transaction then updates: `' FOR UPDATE'` on PostgreSQL, `''` on SQLite. */
  lockSuffix: string
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

function toPairing(row: Row): PairingRecord {
  return {
    pairingId: String(row.pairing_id),
    account: String(row.account),
    creatorDeviceId: String(row.creator_device_id),
    code: String(row.code),
    createdAtMs: num(row.created_at_ms),
    expiresAtMs: num(row.expires_at_ms),
    attempts: num(row.attempts),
    state: String(row.state) as PairingStateName,
    redeemedAtMs: numOrNull(row.redeemed_at_ms),
    signingPublicKey: strOrNull(row.signing_public_key),
    encryptionPublicKey: strOrNull(row.encryption_public_key),
    displayName: strOrNull(row.display_name),
    platform: numOrNull(row.platform),
    claimHash: strOrNull(row.claim_hash),
    sealedSecret: strOrNull(row.sealed_secret),
    deviceId: strOrNull(row.device_id),
  }
}

function toWallets(row: Row): WalletRecord {
  return {
    account: String(row.account),
    proxyKeyId: strOrNull(row.proxy_key_id),
    proxyAddress: strOrNull(row.proxy_address),
    nativeKeyId: strOrNull(row.native_key_id),
    nativePublicKey: strOrNull(row.native_public_key),
    nativeAccount: String(row.native_account),
    nativeState: String(row.native_state) as NativeAccountState,
    createdAtMs: num(row.created_at_ms),
    updatedAtMs: num(row.updated_at_ms),
  }
}

function toEnvelope(row: Row): KeyEnvelopeRecord {
  return {
    account: String(row.account),
    deviceId: String(row.device_id),
    epoch: num(row.epoch),
    envelope: String(row.envelope),
  }
}

const insertNonceSql = `INSERT INTO nonces (nonce, address, message, issued_at_ms, expires_at_ms, signing_public_key,
  encryption_public_key) VALUES ($1, $2, $3, $4, $5, $6, $7)`
const nonceParams = (record: NonceRecord) => [
  record.nonce,
  record.address,
  record.message,
  record.issuedAtMs,
  record.expiresAtMs,
  record.signingPublicKey,
  record.encryptionPublicKey,
]

/** Counts one hit in the current window and returns the new count. */
const bumpRateLimitSql = `INSERT INTO rate_limits (key, window_start_ms, count) VALUES ($1, $2, 1)
  ON CONFLICT (key, window_start_ms) DO UPDATE SET count = rate_limits.count + 1 RETURNING count`

const insertDeviceSql = `INSERT INTO devices (device_id, account, signing_public_key, encryption_public_key, display_name,
  platform, created_at_ms, revoked_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)`
const deviceParams = (device: DeviceRecord) => [
  device.deviceId,
  device.account,
  device.signingPublicKey,
  device.encryptionPublicKey,
  device.displayName,
  device.platform,
  device.createdAtMs,
]

/** Constant-time comparison of two short strings [NP-PAIR-008]. */
function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  if (left.length !== right.length) return !timingSafeEqual(left, left)
  return timingSafeEqual(left, right)
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** Builds the {@link IdentityStore} contract over any {@link SqlExecutor} (SQLite or PostgreSQL). */
export function createSqlStore(executor: SqlExecutor): IdentityStore {
  const { query } = executor
  const walletsRow = async (account: string): Promise<Row | undefined> =>
    (await query('SELECT * FROM wallets WHERE account = $1', [account]))[0]
  /** The wallets row just written (claimed or updated) for `account`. */
  const readWallets = async (account: string): Promise<WalletRecord> => toWallets((await walletsRow(account)) as Row)
  return {
    kind: executor.kind,
    async insertNonce(record) {
      await query(insertNonceSql, nonceParams(record))
    },
    insertNonceWithinLimits(input) {
      return executor.transaction(async (tx) => {
        const windowStart = input.nowMs - (input.nowMs % input.windowMs)
        for (const limit of input.limits) {
          const rows = await tx(bumpRateLimitSql, [limit.key, windowStart])
          if (num(rows[0]?.count) > limit.max) return { ok: false, key: limit.key } as const
        }
        const { record } = input
        await tx(insertNonceSql, nonceParams(record))
        return { ok: true } as const
      })
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
          await tx(insertDeviceSql, deviceParams(device))
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
      const rows = await query(bumpRateLimitSql, [key, windowStart])
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
    createPairing(record) {
      return executor.transaction(async (tx) => {
        await tx(`UPDATE pairings SET state = 'burned' WHERE account = $1 AND state = 'waiting'`, [record.account])
        await tx(
          `INSERT INTO pairings (pairing_id, account, creator_device_id, code, created_at_ms, expires_at_ms, attempts,
            state) VALUES ($1, $2, $3, $4, $5, $6, 0, 'waiting')`,
          [
            record.pairingId,
            record.account,
            record.creatorDeviceId,
            record.code,
            record.createdAtMs,
            record.expiresAtMs,
          ],
        )
      })
    },
    async getPairing(pairingId) {
      const rows = await query('SELECT * FROM pairings WHERE pairing_id = $1', [pairingId])
      return rows[0] === undefined ? undefined : toPairing(rows[0])
    },
    redeemPairing(input) {
      return executor.transaction(async (tx): Promise<RedeemPairingOutcome> => {
        const rows = await tx(
          `SELECT * FROM pairings WHERE account = $1 AND state = 'waiting' AND expires_at_ms >= $2${executor.lockSuffix}`,
          [input.account, input.nowMs],
        )
        const row = rows[0]
        if (row === undefined) return { ok: false, reason: 'no-code', burned: false }
        const pairing = toPairing(row)
        if (!sameCode(pairing.code, input.code)) {
          const burned = pairing.attempts + 1 >= input.maxAttempts
          await tx('UPDATE pairings SET attempts = attempts + 1, state = $1 WHERE pairing_id = $2', [
            burned ? 'burned' : 'waiting',
            pairing.pairingId,
          ])
          return { ok: false, reason: 'wrong-code', burned }
        }
        const { redeemer } = input
        await tx(
          `UPDATE pairings SET state = 'redeemed', redeemed_at_ms = $1, signing_public_key = $2,
            encryption_public_key = $3, display_name = $4, platform = $5, claim_hash = $6 WHERE pairing_id = $7`,
          [
            input.nowMs,
            redeemer.signingPublicKey,
            redeemer.encryptionPublicKey,
            redeemer.displayName,
            redeemer.platform,
            input.claimHash,
            pairing.pairingId,
          ],
        )
        return { ok: true, pairingId: pairing.pairingId }
      })
    },
    completePairing(input) {
      return executor
        .transaction(async (tx): Promise<CompletePairingOutcome> => {
          const state = await tx(`SELECT state FROM pairings WHERE pairing_id = $1${executor.lockSuffix}`, [
            input.pairingId,
          ])
          if (state[0]?.state !== 'redeemed') return { ok: false, reason: 'not-redeemed' }
          // [NP-PAIR-031] the epoch row is locked as RotateKeyEpoch locks it, so a rotation and this registration
          // serialise: whichever comes second sees the other (a new epoch, or a device without its envelope).
          await tx(
            'INSERT INTO key_epochs (account, epoch, updated_at_ms) VALUES ($1, 0, $2) ON CONFLICT (account) DO NOTHING',
            [input.device.account, input.device.createdAtMs],
          )
          const currentEpoch = num(
            (
              await tx(`SELECT epoch FROM key_epochs WHERE account = $1${executor.lockSuffix}`, [input.device.account])
            )[0]?.epoch,
          )
          if (currentEpoch !== input.keyEpoch) return { ok: false, reason: 'stale-epoch', currentEpoch }
          const moved = await tx(
            `UPDATE pairings SET state = 'completed', sealed_secret = $1, device_id = $2
              WHERE pairing_id = $3 AND state = 'redeemed' RETURNING pairing_id`,
            [input.sealedSecret, input.device.deviceId, input.pairingId],
          )
          if (moved.length === 0) return { ok: false, reason: 'not-redeemed' }
          const existing = await tx('SELECT device_id FROM devices WHERE signing_public_key = $1', [
            input.device.signingPublicKey,
          ])
          if (existing.length > 0)
            throw Object.assign(new Error('key registered'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })
          await tx(insertDeviceSql, deviceParams(input.device))
          return { ok: true }
        })
        .catch((error: unknown): CompletePairingOutcome => {
          if (isUniqueViolation(error)) return { ok: false, reason: 'key-registered' }
          throw error
        })
    },
    async saveSigningKey(record) {
      await query(
        `INSERT INTO signing_keys (kid, private_jwk, activates_at_ms, last_signed_at_ms) VALUES ($1, $2, $3, $4)
          ON CONFLICT (kid) DO UPDATE SET last_signed_at_ms = excluded.last_signed_at_ms`,
        [record.kid, record.privateJwk, record.activatesAtMs, record.lastSignedAtMs],
      )
    },
    async listSigningKeys() {
      const rows = await query('SELECT * FROM signing_keys ORDER BY activates_at_ms, kid')
      return rows.map((row) => ({
        kid: String(row.kid),
        privateJwk: String(row.private_jwk),
        activatesAtMs: num(row.activates_at_ms),
        lastSignedAtMs: numOrNull(row.last_signed_at_ms),
      }))
    },
    async deleteSigningKey(kid) {
      await query('DELETE FROM signing_keys WHERE kid = $1', [kid])
    },
    async insertDeviceChallenge(challenge, deviceId, expiresAtMs) {
      await query('INSERT INTO device_challenges (challenge, device_id, expires_at_ms) VALUES ($1, $2, $3)', [
        challenge,
        deviceId,
        expiresAtMs,
      ])
    },
    async consumeDeviceChallenge(challenge, deviceId, nowMs) {
      const rows = await query(
        `UPDATE device_challenges SET used_at_ms = $1 WHERE challenge = $2 AND device_id = $3 AND used_at_ms IS NULL
          AND expires_at_ms >= $4 RETURNING challenge`,
        [nowMs, challenge, deviceId, nowMs],
      )
      return rows.length > 0
    },
    async getWallets(account) {
      const row = await walletsRow(account)
      return row === undefined ? undefined : toWallets(row)
    },
    async claimWallets(account, nativeAccount, nowMs) {
      await query(
        `INSERT INTO wallets (account, native_account, native_state, created_at_ms, updated_at_ms)
          VALUES ($1, $2, 'pending', $3, $4) ON CONFLICT (account) DO NOTHING`,
        [account, nativeAccount, nowMs, nowMs],
      )
      return readWallets(account)
    },
    async setProxyWallet(account, keyId, address, nowMs) {
      // [NP-AUTH-100] compare-and-set: the first recorded proxy wallet stays the only one
      await query(
        `UPDATE wallets SET proxy_key_id = $1, proxy_address = $2, updated_at_ms = $3
          WHERE account = $4 AND proxy_key_id IS NULL`,
        [keyId, address, nowMs, account],
      )
      return readWallets(account)
    },
    async updateProxyAddress(account, keyId, address, nowMs) {
      await query(
        'UPDATE wallets SET proxy_address = $1, updated_at_ms = $2 WHERE account = $3 AND proxy_key_id = $4',
        [address, nowMs, account, keyId],
      )
      return readWallets(account)
    },
    async setNativeKey(account, keyId, publicKey, nowMs) {
      await query(
        `UPDATE wallets SET native_key_id = $1, native_public_key = $2, updated_at_ms = $3
          WHERE account = $4 AND native_key_id IS NULL`,
        [keyId, publicKey, nowMs, account],
      )
      return readWallets(account)
    },
    async markNativeCreated(account, nowMs) {
      await query(`UPDATE wallets SET native_state = 'created', updated_at_ms = $1 WHERE account = $2`, [
        nowMs,
        account,
      ])
      return readWallets(account)
    },
    async getKeyEpoch(account) {
      const rows = await query('SELECT epoch FROM key_epochs WHERE account = $1', [account])
      return rows[0] === undefined ? 0 : num(rows[0].epoch)
    },
    rotateKeyEpoch(input) {
      return executor.transaction(async (tx): Promise<RotateEpochOutcome> => {
        // Create the row first so that PostgreSQL has a row to lock: concurrent rotations serialise on it.
        await tx(
          'INSERT INTO key_epochs (account, epoch, updated_at_ms) VALUES ($1, 0, $2) ON CONFLICT (account) DO NOTHING',
          [input.account, input.nowMs],
        )
        const current = num(
          (await tx(`SELECT epoch FROM key_epochs WHERE account = $1${executor.lockSuffix}`, [input.account]))[0]
            ?.epoch,
        )
        if (current !== input.expectedEpoch) return { ok: false, reason: 'stale-epoch', currentEpoch: current }
        const active = (
          await tx('SELECT device_id FROM devices WHERE account = $1 AND revoked_at_ms IS NULL', [input.account])
        ).map((row) => String(row.device_id))
        const named = input.envelopes.map((e) => e.deviceId)
        const missing = active.filter((id) => !named.includes(id))
        const unexpected = named.filter((id, i) => !active.includes(id) || named.indexOf(id) !== i)
        if (missing.length > 0 || unexpected.length > 0) {
          return { ok: false, reason: 'devices-mismatch', missing, unexpected }
        }
        const epoch = current + 1
        for (const envelope of input.envelopes) {
          await tx('INSERT INTO key_envelopes (account, epoch, device_id, envelope) VALUES ($1, $2, $3, $4)', [
            input.account,
            epoch,
            envelope.deviceId,
            envelope.envelope,
          ])
        }
        await tx('UPDATE key_epochs SET epoch = $1, updated_at_ms = $2 WHERE account = $3', [
          epoch,
          input.nowMs,
          input.account,
        ])
        return { ok: true, epoch }
      })
    },
    async listKeyEnvelopes(account, deviceId, epoch) {
      const rows =
        epoch === 0
          ? await query('SELECT * FROM key_envelopes WHERE account = $1 AND device_id = $2 ORDER BY epoch', [
              account,
              deviceId,
            ])
          : await query('SELECT * FROM key_envelopes WHERE account = $1 AND device_id = $2 AND epoch = $3', [
              account,
              deviceId,
              epoch,
            ])
      return rows.map(toEnvelope)
    },
    async prune(nowMs) {
      await query('DELETE FROM device_challenges WHERE expires_at_ms < $1', [nowMs])
      await query('DELETE FROM nonces WHERE expires_at_ms < $1', [nowMs])
      await query('DELETE FROM rate_limits WHERE window_start_ms < $1', [nowMs - 2 * 3_600_000])
    },
    close: () => executor.close(),
  }
}
