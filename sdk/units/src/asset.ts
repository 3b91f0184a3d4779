import { InvalidAssetError, SymbolMismatchError } from './errors.ts'
import { ASSET_MAX_AMOUNT } from './limits.ts'

/** An Antelope asset: an integer amount of the smallest unit, its precision and its symbol. */
export type Asset = {
  /** Integer amount in units of `10^-precision` (may be negative, `|amount| ≤ 2^62 − 1`). */
  amount: bigint
  /** Digits after the decimal point, 0–18. */
  precision: number
  /** 1–7 upper-case letters. */
  symbol: string
}

/** Options of {@link parseAsset}. */
export type ParseAssetOptions = {
  /** Reject an asset of another symbol. */
  symbol?: string
  /** Reject an asset of another precision. */
  precision?: number
}

const assetPattern = /^(-)?(\d+)(?:\.(\d+))? ([A-Z]{1,7})$/
const symbolPattern = /^[A-Z]{1,7}$/

/**
 * Parses an Antelope asset string such as `"1.0000 SPACE"`. The precision is the number of fraction digits written,
 * exactly as `eosio::asset` reads it.
 *
 * @throws {InvalidAssetError} when the string is not an asset or the amount exceeds `2^62 − 1`.
 * @throws {SymbolMismatchError} when `options.symbol`/`options.precision` do not match.
 * @example
 * ```ts
 * import { parseAsset } from '@spaceos/units'
 * parseAsset('1.0000 SPACE') // { amount: 10000n, precision: 4, symbol: 'SPACE' }
 * ```
 */
export function parseAsset(text: string, options: ParseAssetOptions = {}): Asset {
  const match = assetPattern.exec(text)
  if (!match) throw new InvalidAssetError({ input: text, reason: 'expected "<amount> <SYMBOL>"' })
  const [, sign, whole = '', fraction = '', symbol = ''] = match
  const precision = fraction.length
  if (precision > 18) throw new InvalidAssetError({ input: text, reason: 'precision above 18' })
  const magnitude = BigInt(`${whole}${fraction}`)
  if (magnitude > ASSET_MAX_AMOUNT) throw new InvalidAssetError({ input: text, reason: 'amount above 2^62 - 1' })
  const asset: Asset = { amount: sign ? -magnitude : magnitude, precision, symbol }
  if (
    (options.symbol !== undefined && options.symbol !== symbol) ||
    (options.precision !== undefined && options.precision !== precision)
  ) {
    throw new SymbolMismatchError({
      expected: `${options.precision ?? precision},${options.symbol ?? symbol}`,
      actual: `${precision},${symbol}`,
    })
  }
  return asset
}

/**
 * Formats an asset as Antelope writes it: every fraction digit of the precision, a space, the symbol.
 *
 * @throws {InvalidAssetError} when the symbol, precision or amount is out of range.
 * @example
 * ```ts
 * import { formatAsset } from '@spaceos/units'
 * formatAsset({ amount: 10000n, precision: 4, symbol: 'SPACE' }) // '1.0000 SPACE'
 * ```
 */
export function formatAsset(asset: Asset): string {
  const { amount, precision, symbol } = asset
  const describe = `${amount} ${precision},${symbol}`
  if (!symbolPattern.test(symbol)) throw new InvalidAssetError({ input: describe, reason: 'symbol is not 1-7 A-Z' })
  if (!Number.isInteger(precision) || precision < 0 || precision > 18) {
    throw new InvalidAssetError({ input: describe, reason: 'precision outside 0-18' })
  }
  const magnitude = amount < 0n ? -amount : amount
  if (magnitude > ASSET_MAX_AMOUNT) throw new InvalidAssetError({ input: describe, reason: 'amount above 2^62 - 1' })
  const digits = magnitude.toString().padStart(precision + 1, '0')
  const whole = digits.slice(0, digits.length - precision)
  const fraction = digits.slice(digits.length - precision)
  return `${amount < 0n ? '-' : ''}${whole}${precision > 0 ? `.${fraction}` : ''} ${symbol}`
}
