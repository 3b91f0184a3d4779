/**
 * `@spaceos/identity` — log in to SPACE OS with any viem wallet client, manage device keys, pair devices and manage
 * SpaceRouter API keys (spec/AUTH.md).
 */
export { createApiKey, listApiKeys, listDevices, revokeApiKey, revokeDevice } from './apiKeys.ts'
export {
  type CreateIdentityClientOptions,
  createIdentityClient,
  type IdentityServiceClient,
} from './createIdentityClient.ts'
export {
  type CreateTokenVerifierOptions,
  createTokenVerifier,
  type VerifiedToken,
} from './createTokenVerifier.ts'
export {
  type DeviceKeys,
  type ExportedDeviceKeys,
  exportDeviceKeys,
  generateDeviceKeys,
  importDeviceKeys,
  signWithDevice,
} from './deviceKeys.ts'
export { peerAudience, requestDeviceToken, serviceAudience } from './deviceToken.ts'
export { IdentityRequestError, toIdentityRequestError } from './errors.ts'
export { type EpochSecret, getKeyEnvelopes, rotateKeyEpoch } from './keyEpochs.ts'
export { type LoginOptions, login, type Session } from './login.ts'
export {
  completePairing,
  createPairingCode,
  getPairingResult,
  getPairingStatus,
  type PairingCode,
  type RedeemedDevice,
  type RedeemedPairing,
  redeemPairingCode,
} from './pairing.ts'
export { deviceSession, type RegisterDeviceOptions, registerDevice } from './registerDevice.ts'
export { getWallets, type Wallets } from './wallets.ts'
