export {
  type ChainApi,
  type CreateChainApiOptions,
  createChainApi,
  type RunningChainApi,
  type StartChainApiOptions,
  startChainApi,
} from './antelope/createChainApi.ts'
export {
  type CreateDevChainOptions,
  createDevChain,
  type DevBlock,
  type DevChain,
  type DevCouncil,
  type DevKey,
  GENESIS_ACCOUNTS,
  GENESIS_CONTRACTS,
  type PushTransactionResult,
} from './antelope/createDevChain.ts'
export {
  ACCOUNT_COUNCIL,
  bootstrapSystemContracts,
  councilAuthority,
  type GovernableParam,
  governableParams,
} from './antelope/genesisContracts.ts'
export { NODEOS_ERRORS, NodeosApiError, type NodeosErrorKind, nodeosErrorFormat } from './antelope/nodeosError.ts'
export { recoverKey } from './antelope/recoverKey.ts'
export { type GetTableRowsParams, getTableByScope, getTableRows, toU64 } from './antelope/tables.ts'
export { cacheContractModule, clearUndoLog, isContractModuleCached, undoLogSize } from './antelope/vertPatches.ts'
export { type AntelopeClient, createAntelopeClient, type NativeAction, NativeTxError } from './bridge/antelopeClient.ts'
export {
  BRIDGED_STABLECOINS,
  type BridgeGenesisOptions,
  type BridgeKeys,
  bootstrapNativeBridge,
  GENESIS_DEPLOYER_FUNDING,
  loadBridgeKeys,
  loadDeployedAddressBook,
  registerBridgedTokens,
  runBridgeGenesis,
} from './bridge/genesis.ts'
export { type Journal, type JournalEntry, openJournal } from './bridge/journal.ts'
export {
  ACCOUNT_RELAYER,
  type BridgeMessage,
  type CreateRelayerOptions,
  createRelayer,
  depositIdOf,
  deviceIdOf,
  type Relayer,
  RelayerCrashError,
  refundIdOf,
  verdictIdOf,
} from './bridge/relayer.ts'
export { type BridgeAppOptions, createBridgeApp, startBridgeServer } from './bridge/server.ts'
export { type RunningBridge, type StartBridgeOptions, startBridge } from './bridge/startBridge.ts'
export { checkSupply, type SupplyReport } from './bridge/supply.ts'
export { ChainNodeError, TxWrapperRejectedError, UpstreamChainMismatchError } from './errors.ts'
export { type Anvil, type StartAnvilOptions, startAnvil } from './evm/anvil.ts'
export { checkRawTransaction, TX_REJECTED } from './evm/checkRawTransaction.ts'
export {
  type CreateTxWrapperOptions,
  createTxWrapper,
  jsonRpcErrorFormat,
  type RunningTxWrapper,
  type StartTxWrapperOptions,
  startTxWrapper,
  type TxWrapper,
} from './evm/createTxWrapper.ts'
export { findPush0 } from './evm/findPush0.ts'
export { type Devnet, type StartDevnetOptions, startDevnet } from './startDevnet.ts'
