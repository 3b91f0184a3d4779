/**
 * `@spaceos/identity-node` — the identity role's reference node (spec/AUTH.md).
 */

export { parseAccountAddress } from './address.ts'
export { type Clock, createManualClock, systemClock } from './clock.ts'
export type { CallInfo, IdentityContext } from './context.ts'
export {
  DeviceRevokedError,
  FieldInvalidError,
  IdentityError,
  NonceInvalidError,
  PermissionDeniedError,
  RateLimitedError,
  ResourceNotFoundError,
  SignatureInvalidError,
  TokenExpiredError,
  UnauthenticatedError,
} from './errors.ts'
export { apiKeyPrefix } from './handlers/createApiKey.ts'
export { redeemProofBytes } from './handlers/redeemPairingCode.ts'
export { isValidAudience, refreshProofBytes } from './handlers/refreshDeviceToken.ts'
export { KEY_ENVELOPE_BYTES } from './handlers/rotateKeyEpoch.ts'
export { type CreateKeyRingOptions, createKeyRing, type KeyRing } from './keyRing.ts'
export { buildLoginMessage, type LoginMessageParameters } from './loginMessage.ts'
export { createIdentityNode, type IdentityNode, type IdentityNodeOptions } from './node.ts'
export { createIdentityService, sourceContextKey } from './service.ts'
export {
  type IdentityConfig,
  identityConfigSchema,
  startIdentityServer,
} from './startIdentityServer.ts'
export { createPostgresStore, type PostgresStoreOptions } from './store/postgresStore.ts'
export { createSqliteStore, type SqliteStoreOptions } from './store/sqliteStore.ts'
export type {
  ApiKeyRecord,
  DeviceRecord,
  IdentityStore,
  KeyEnvelopeRecord,
  LoginGrantRecord,
  NativeAccountState,
  NonceRecord,
  RegisterDeviceInput,
  RegisterDeviceOutcome,
  RotateEpochOutcome,
  SigningKeyRecord,
  WalletRecord,
} from './store/types.ts'
export { issueToken, peerAudiencePrefix, type TokenClaims, tokenLifetimeS, verifyToken } from './tokens.ts'
export { createKisCustody, type NativeCreator, type WalletCustody } from './wallets/custody.ts'
export { nativeAccountName } from './wallets/nativeAccountName.ts'
export {
  createWalletProvisioner,
  type WalletProvisioner,
  type WalletProvisionerOptions,
  type WalletStepResult,
} from './wallets/provisionWallets.ts'
