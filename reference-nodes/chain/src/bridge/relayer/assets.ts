import { SPACE_NATIVE_DECIMALS } from '@spaceos/generated/parameters'

/** The units and symbol of a native quantity (`'1.5000 SPACE'` → `{ units: 15000n, symbol: 'SPACE' }`). */
export const unitsOf = (quantity: string): { units: bigint; symbol: string } => {
  const [amount = '0', symbol = ''] = quantity.split(' ')
  return { units: BigInt(amount.replace('.', '')), symbol }
}

/** A native quantity of `native` units (4 decimals): `asset(15000n, 'SPACE')` → `'1.5000 SPACE'`. */
export const asset = (native: bigint, symbol: string): string => {
  const s = native.toString().padStart(SPACE_NATIVE_DECIMALS + 1, '0')
  return `${s.slice(0, -SPACE_NATIVE_DECIMALS)}.${s.slice(-SPACE_NATIVE_DECIMALS)} ${symbol}`
}

/** A table's bool field, as nodeos' JSON gives it (`true` or `1`). */
export const truthy = (v: boolean | number): boolean => v === true || v === 1
