/**
 * `@spaceos/units`: exact decimal conversions between the native chain (4 decimals) and the EVM (18 decimals for
 * SPACE/USD.s/EUR.s/GBP.s, 6 for USDT.s/USDC.s), and Antelope asset strings. White paper §8.1.
 */

export { type FormatAmountOptions, formatAmount, parseAmount } from './amount.ts'
export { type Asset, formatAsset, type ParseAssetOptions, parseAsset } from './asset.ts'
export { assetToEvmUnits, evmUnitsToAsset, parseTokenAsset } from './bridge.ts'
export {
  type Rounding,
  type ToNativeUnitsOptions,
  type ToNativeUnitsReturnType,
  toEvmUnits,
  toNativeUnits,
} from './convert.ts'
export {
  AmountOutOfRangeError,
  InexactConversionError,
  InvalidAmountError,
  InvalidAssetError,
  SymbolMismatchError,
  UnitsError,
  type UnitsErrorCode,
  UnknownTokenError,
} from './errors.ts'
export { ASSET_MAX_AMOUNT, UINT256_MAX } from './limits.ts'
export { type BridgeToken, getScale, getToken, type TokenLike, type TokenName, tokens } from './tokens.ts'
