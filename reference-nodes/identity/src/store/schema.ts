/** DDL shared by the SQLite and PostgreSQL adapters (portable types only). */
export const schemaStatements: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS nonces (
    nonce TEXT PRIMARY KEY, address TEXT NOT NULL, message TEXT NOT NULL, issued_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL, used_at_ms BIGINT, signing_public_key TEXT, encryption_public_key TEXT)`,
  `CREATE TABLE IF NOT EXISTS login_grants (
    jti TEXT PRIMARY KEY, account TEXT NOT NULL, signing_public_key TEXT NOT NULL,
    encryption_public_key TEXT NOT NULL, used_at_ms BIGINT)`,
  `CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY, account TEXT NOT NULL, signing_public_key TEXT NOT NULL UNIQUE,
    encryption_public_key TEXT NOT NULL, display_name TEXT NOT NULL, platform INTEGER NOT NULL,
    created_at_ms BIGINT NOT NULL, revoked_at_ms BIGINT)`,
  'CREATE INDEX IF NOT EXISTS devices_account ON devices (account)',
  `CREATE TABLE IF NOT EXISTS rate_limits (
    key TEXT NOT NULL, window_start_ms BIGINT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (key, window_start_ms))`,
  `CREATE TABLE IF NOT EXISTS api_keys (
    key_id TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE, created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT, revoked_at_ms BIGINT,
    last_used_at_ms BIGINT)`,
  'CREATE INDEX IF NOT EXISTS api_keys_account ON api_keys (account)',
  `CREATE TABLE IF NOT EXISTS pairings (
    pairing_id TEXT PRIMARY KEY, account TEXT NOT NULL, creator_device_id TEXT NOT NULL, code TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL, attempts INTEGER NOT NULL, state TEXT NOT NULL,
    redeemed_at_ms BIGINT, signing_public_key TEXT, encryption_public_key TEXT, display_name TEXT, platform INTEGER,
    claim_hash TEXT, sealed_secret TEXT, device_id TEXT)`,
  'CREATE INDEX IF NOT EXISTS pairings_account ON pairings (account, state)',
  `CREATE TABLE IF NOT EXISTS signing_keys (
    kid TEXT PRIMARY KEY, private_jwk TEXT NOT NULL, activates_at_ms BIGINT NOT NULL, last_signed_at_ms BIGINT)`,
  `CREATE TABLE IF NOT EXISTS device_challenges (
    challenge TEXT PRIMARY KEY, device_id TEXT NOT NULL, expires_at_ms BIGINT NOT NULL, used_at_ms BIGINT)`,
  `CREATE TABLE IF NOT EXISTS wallets (
    account TEXT PRIMARY KEY, proxy_key_id TEXT, proxy_address TEXT UNIQUE, native_key_id TEXT,
    native_public_key TEXT, native_account TEXT NOT NULL UNIQUE, native_state TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS key_epochs (
    account TEXT PRIMARY KEY, epoch INTEGER NOT NULL, updated_at_ms BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS key_envelopes (
    account TEXT NOT NULL, epoch INTEGER NOT NULL, device_id TEXT NOT NULL, envelope TEXT NOT NULL,
    PRIMARY KEY (account, epoch, device_id))`,
  'CREATE INDEX IF NOT EXISTS key_envelopes_device ON key_envelopes (device_id, epoch)',
]
