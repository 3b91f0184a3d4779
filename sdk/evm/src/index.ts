/**
 * `@spaceos/evm`: viem chain definitions for SPACE OS (chain 800000, legacy transactions at 150 gwei), typed contract
 * helpers on the generated ABIs, `deploy` + address book, and the decimal helpers of `@spaceos/units`. Runs in
 * browsers and Node; file and process helpers (address book files, anvil) are in `@spaceos/evm/node`.
 */

// decimal helpers: one implementation, shared with @spaceos/antelope
export * from '@spaceos/units'
export { type BridgeSpaceToNativeParameters, bridgeSpaceToNative } from './actions/bridge/bridgeSpaceToNative.ts'
export { type BridgeToNativeParameters, bridgeToNative } from './actions/bridge/bridgeToNative.ts'
export { type MintBridgedTokenParameters, mintBridgedToken } from './actions/bridge/mintBridgedToken.ts'
export { type DeployOptions, type DeployReturnType, type DeployRoles, deploy } from './actions/deploy.ts'
export type { SpaceosWalletClient, WriteReturnType } from './actions/execute.ts'
export { type AttestReservesParameters, attestReserves } from './actions/fiat/attestReserves.ts'
export { type MintStablecoinParameters, mintStablecoin } from './actions/fiat/mintStablecoin.ts'
export {
  type RedeemStablecoinParameters,
  type ReviewWithdrawalParameters,
  redeemStablecoin,
  reviewWithdrawal,
} from './actions/fiat/redeemStablecoin.ts'
export {
  type KycLevel,
  kycLevels,
  type SetKycIdentityParameters,
  setKycIdentity,
} from './actions/identity/setKycIdentity.ts'
export {
  type CreateInsurancePolicyParameters,
  createInsurancePolicy,
} from './actions/insurance/createInsurancePolicy.ts'
export { proveLife } from './actions/insurance/proveLife.ts'
export { type CreateRwaTokenParameters, createRwaToken, rwaAssetClasses } from './actions/rwa/createRwaToken.ts'
export { type DepositForInferenceParameters, depositForInference } from './actions/settlement/depositForInference.ts'
export { type QuoteInferenceParameters, quoteInference } from './actions/settlement/quoteInference.ts'
export { type SettleUsageParameters, settleUsage, type UsageRecord } from './actions/settlement/settleUsage.ts'
export { dripFaucet } from './actions/staking/dripFaucet.ts'
export { postProviderBond } from './actions/staking/postProviderBond.ts'
export { requestUnstake } from './actions/staking/requestUnstake.ts'
export { stakeSpace } from './actions/staking/stakeSpace.ts'
export { type ApproveTokenParameters, approveToken } from './actions/tokens/approveToken.ts'
export { type BorrowFromVaultParameters, borrowFromVault } from './actions/vault/borrowFromVault.ts'
export { type DepositToVaultParameters, depositToVault } from './actions/vault/depositToVault.ts'
export { type GetVaultPositionParameters, getVaultPosition } from './actions/vault/getVaultPosition.ts'
export { type RepayVaultParameters, repayVault } from './actions/vault/repayVault.ts'
export { type WithdrawFromVaultParameters, withdrawFromVault } from './actions/vault/withdrawFromVault.ts'
export { type AddressBook, addressBookSchema, parseAddressBook, type TokenSymbol } from './addressBook.ts'
export { type SpaceosChain, spaceNativeCurrency, spaceosLocal, spaceosMainnet, spaceosTestnet } from './chains.ts'
export {
  type CreateSpaceosWalletClientOptions,
  createSpaceosWalletClient,
  withLegacyTransactions,
} from './clients/createSpaceosWalletClient.ts'
export {
  abis,
  bytecodes,
  contractNames,
  type DeployedContractName,
  getSpaceosContracts,
  type SpaceosContractName,
  type SpaceosContracts,
  spaceosErrorsAbi,
} from './contracts.ts'
export {
  AddressBookInvalidError,
  DeployFailedError,
  SpaceosEvmError,
  type SpaceosEvmErrorCode,
  TypedTransactionError,
} from './errors/base.ts'
export { ContractRevertError, toContractRevertError } from './errors/contractRevert.ts'
export { legacySerializer, toLegacyRequest } from './legacy.ts'
