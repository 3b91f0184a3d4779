import { SPACE_MAX_SUPPLY, SPACE_NATIVE_DECIMALS, SPACE_SYMBOL } from '@spaceos/generated/parameters'
import { formatAsset, InvalidAssetError, parseTokenAsset } from '@spaceos/units'

/**
 * Parses a SPACE asset string (`"12.5000 SPACE"`) into its amount in the smallest unit (10^-4 SPACE). Wrong symbol,
 * wrong precision (`"1.5 SPACE"`), negative amounts or more than the maximum supply are rejected with a typed error.
 *
 * @example
 * import { parseSpace } from '@spaceos/antelope'
 * parseSpace('1.0000 SPACE') // 10000n
 */
export function parseSpace(text: string): bigint {
  const { amount } = parseTokenAsset(text, 'SPACE')
  if (amount < 0n || amount > BigInt(SPACE_MAX_SUPPLY)) {
    throw new InvalidAssetError({ input: text, reason: 'SPACE amounts lie between 0 and the maximum supply' })
  }
  return amount
}

/**
 * Formats an amount of the smallest SPACE unit as the asset string the chain expects.
 *
 * @example
 * import { formatSpace } from '@spaceos/antelope'
 * formatSpace(12_345n) // '1.2345 SPACE'
 */
export function formatSpace(amount: bigint): string {
  return formatAsset({ amount, precision: SPACE_NATIVE_DECIMALS, symbol: SPACE_SYMBOL })
}

/** The SPACE symbol as Antelope writes it: `4,SPACE`. */
export const spaceSymbol = `${SPACE_NATIVE_DECIMALS},${SPACE_SYMBOL}` as const
