export {
  assetToEvmUnits,
  evmUnitsToAsset,
  InexactConversionError,
  InvalidAssetError,
  SymbolMismatchError,
  toEvmUnits,
  toNativeUnits,
} from '@spaceos/units'
export { bridgeMemo, parseBridgeMemo } from './bridge.ts'
export { type ChainClient, type CreateChainClientOptions, createChainClient } from './client.ts'
export * from './contracts.ts'
export { AntelopeSdkError, BridgeMemoInvalidError } from './errors.ts'
export { eosioNativeAbi } from './nativeAbi.ts'
export { formatSpace, parseSpace, spaceSymbol } from './space.ts'
