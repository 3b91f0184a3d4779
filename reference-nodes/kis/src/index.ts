/**
 * `@spaceos/kis-node` — the key issuing service (spec/AUTH.md §9, white paper §11.2).
 */

export { type AuditLog, type AuditRecord, auditGenesis, openAuditLog, verifyAuditLog } from './audit.ts'
export { type AuthenticatedCaller, authenticate, type Caller, parseCallers } from './auth.ts'
export type { KisContext, KisResult, KisRoute } from './context.ts'
export { defaultScryptParams, type ScryptParams } from './envelope.ts'
export { KisNodeError, MasterSecretMismatchError } from './errors.ts'
export { type KeyKind, type KeyRecord, type KeyStore, type OpenKeyStoreOptions, openKeyStore } from './keyStore.ts'
export { createKisNode, type KisNode, type KisNodeOptions } from './node.ts'
export { type KisConfig, kisConfigSchema, startKisServer } from './startKisServer.ts'
