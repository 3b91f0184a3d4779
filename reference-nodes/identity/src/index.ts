/**
 * `@spaceos/identity-node` — the identity role's reference node (spec/AUTH.md).
 */
export { createPostgresStore, type PostgresStoreOptions } from './store/postgresStore.ts'
export { createSqliteStore, type SqliteStoreOptions } from './store/sqliteStore.ts'
export type {
  ApiKeyRecord,
  DeviceRecord,
  IdentityStore,
  LoginGrantRecord,
  NonceRecord,
  RegisterDeviceInput,
  RegisterDeviceOutcome,
} from './store/types.ts'
