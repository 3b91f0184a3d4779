import { AmountOutOfRangeError, InexactConversionError } from './errors.ts'
import { ASSET_MAX_AMOUNT, UINT256_MAX } from './limits.ts'
import { getScale, getToken, type TokenLike } from './tokens.ts'

/**
 * Converts a native amount (smallest unit of the 4-decimal asset) to EVM units of the same token. Always exact: a
 * multiplication by the token's scale (×10^14 for SPACE/USD, ×10^2 for USDT/USDC), white paper §8.1.
 *
 * @param amount Native units, `0 ≤ amount ≤ 2^62 − 1`.
 * @param token Token name (`'SPACE'`, `'USD'`, `'USDT.s'` …) or description.
 * @returns EVM units.
 * @throws {AmountOutOfRangeError} when `amount` is negative or above the asset maximum.
 * @example
 * ```ts
 * import { toEvmUnits } from '@spaceos/units'
 * toEvmUnits(10000n, 'SPACE') // 1 SPACE → 1000000000000000000n
 * ```
 */
export function toEvmUnits(amount: bigint, token: TokenLike): bigint {
  // [NP-BRDG-030] exact multiplication; [NP-BRDG-032] asset range
  if (amount < 0n || amount > ASSET_MAX_AMOUNT) {
    throw new AmountOutOfRangeError({ amount, min: 0n, max: ASSET_MAX_AMOUNT, what: 'native amount' })
  }
  return amount * getScale(token)
}

/** How {@link toNativeUnits} treats EVM units below the native precision. */
export type Rounding = 'reject' | 'floor'

/** Options of {@link toNativeUnits}. */
export type ToNativeUnitsOptions = {
  /**
   * `'reject'` (default) throws {@link InexactConversionError} when the amount has dust below native precision;
   * `'floor'` rounds down and reports the dust, which the caller keeps on the EVM side.
   */
  rounding?: Rounding
}

/** Result of {@link toNativeUnits}. */
export type ToNativeUnitsReturnType = {
  /** Native units (4 decimals). */
  amount: bigint
  /** EVM units that did not convert (always `0n` with `rounding: 'reject'`); `amount × scale + dust` is the input. */
  dust: bigint
}

/**
 * Converts EVM units to native units of the same token. Exact by default: an amount that is not a whole number of
 * native units is rejected rather than silently rounded, because the bridge must never lose or invent value.
 *
 * @param amount EVM units, `0 ≤ amount ≤ 2^256 − 1`.
 * @param token Token name or description.
 * @param options `rounding` (default `'reject'`).
 * @throws {InexactConversionError} with `rounding: 'reject'` when there is dust.
 * @throws {AmountOutOfRangeError} when the input is out of uint256 range or the result exceeds the asset maximum.
 * @example
 * ```ts
 * import { toNativeUnits } from '@spaceos/units'
 * toNativeUnits(1_234_567n, 'USDT', { rounding: 'floor' }) // { amount: 12345n, dust: 67n }
 * ```
 */
export function toNativeUnits(
  amount: bigint,
  token: TokenLike,
  options: ToNativeUnitsOptions = {},
): ToNativeUnitsReturnType {
  if (amount < 0n || amount > UINT256_MAX) {
    throw new AmountOutOfRangeError({ amount, min: 0n, max: UINT256_MAX, what: 'EVM amount' })
  }
  // [NP-BRDG-031] exact division, a remainder is rejected (or returned as dust with rounding: 'floor')
  const scale = getScale(token)
  const native = amount / scale
  const dust = amount % scale
  if (dust !== 0n && (options.rounding ?? 'reject') === 'reject') {
    throw new InexactConversionError({ amount, dust, token: getToken(token).evmSymbol })
  }
  if (native > ASSET_MAX_AMOUNT) {
    throw new AmountOutOfRangeError({ amount: native, min: 0n, max: ASSET_MAX_AMOUNT, what: 'native amount' })
  }
  return { amount: native, dust }
}
