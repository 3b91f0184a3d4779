import { type Asset, formatAsset, type ParseAssetOptions, parseAsset } from './asset.ts'
import { type ToNativeUnitsOptions, toEvmUnits, toNativeUnits } from './convert.ts'
import { SymbolMismatchError } from './errors.ts'
import { getToken, type TokenLike } from './tokens.ts'

/**
 * Converts a native asset (`"1.0000 USD"` or an {@link Asset}) into EVM units of its bridged token, checking that the
 * asset's symbol and precision are the token's.
 *
 * @example
 * ```ts
 * import { assetToEvmUnits } from '@spaceos/units'
 * assetToEvmUnits('2.5000 USDT') // 2500000n (USDT.s has 6 decimals)
 * ```
 */
export function assetToEvmUnits(asset: string | Asset, token?: TokenLike): bigint {
  const parsed = typeof asset === 'string' ? parseAsset(asset) : asset
  const resolved = getToken(token ?? parsed.symbol)
  if (parsed.symbol !== resolved.nativeSymbol || parsed.precision !== resolved.nativeDecimals) {
    throw new SymbolMismatchError({
      expected: `${resolved.nativeDecimals},${resolved.nativeSymbol}`,
      actual: `${parsed.precision},${parsed.symbol}`,
    })
  }
  return toEvmUnits(parsed.amount, resolved)
}

/**
 * Converts EVM units of a bridged token into the native asset string (`"1.0000 SPACE"`); rounding as in
 * {@link toNativeUnits} (exact by default).
 *
 * @example
 * ```ts
 * import { evmUnitsToAsset } from '@spaceos/units'
 * evmUnitsToAsset(10n ** 18n, 'SPACE') // { asset: '1.0000 SPACE', dust: 0n }
 * ```
 */
export function evmUnitsToAsset(
  amount: bigint,
  token: TokenLike,
  options: ToNativeUnitsOptions = {},
): { asset: string; dust: bigint } {
  const resolved = getToken(token)
  const { amount: native, dust } = toNativeUnits(amount, resolved, options)
  return {
    asset: formatAsset({ amount: native, precision: resolved.nativeDecimals, symbol: resolved.nativeSymbol }),
    dust,
  }
}

/**
 * Parses a native asset string of a known bridge token, checking its symbol and precision.
 *
 * @example
 * ```ts
 * import { parseTokenAsset } from '@spaceos/units'
 * parseTokenAsset('1.0000 SPACE', 'SPACE').amount // 10000n
 * ```
 */
export function parseTokenAsset(text: string, token: TokenLike, options: Omit<ParseAssetOptions, 'symbol'> = {}) {
  const resolved = getToken(token)
  return parseAsset(text, { ...options, symbol: resolved.nativeSymbol, precision: resolved.nativeDecimals })
}
