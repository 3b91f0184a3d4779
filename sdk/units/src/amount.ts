import { AmountOutOfRangeError, InvalidAmountError } from './errors.ts'

const decimalPattern = /^(\d+)(?:\.(\d+))?$/

function checkDecimals(decimals: number) {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77) {
    throw new AmountOutOfRangeError({ amount: BigInt(Math.trunc(decimals)), min: 0n, max: 77n, what: 'decimals' })
  }
}

/**
 * Parses a non-negative decimal string into integer units of `decimals` precision, exactly: more fraction digits
 * than `decimals` (unless they are zeros) is an error, never a rounding (unlike viem's `parseUnits`).
 *
 * @example
 * ```ts
 * import { parseAmount } from '@spaceos/units'
 * parseAmount('1.5', 6) // 1500000n
 * ```
 */
export function parseAmount(text: string, decimals: number): bigint {
  checkDecimals(decimals)
  const match = decimalPattern.exec(text)
  if (!match) throw new InvalidAmountError({ input: text, reason: 'expected digits with an optional fraction' })
  const whole = match[1] ?? '0'
  let fraction = match[2] ?? ''
  if (fraction.length > decimals) {
    if (/[^0]/.test(fraction.slice(decimals))) {
      throw new InvalidAmountError({ input: text, reason: `more than ${decimals} fraction digits` })
    }
    fraction = fraction.slice(0, decimals)
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0')
}

/** Options of {@link formatAmount}. */
export type FormatAmountOptions = {
  /** Keep every fraction digit (`'1.500000'`) instead of trimming trailing zeros (`'1.5'`). Default `false`. */
  fixed?: boolean
}

/**
 * Formats integer units of `decimals` precision as a decimal string.
 *
 * @example
 * ```ts
 * import { formatAmount } from '@spaceos/units'
 * formatAmount(1500000n, 6) // '1.5'
 * formatAmount(1500000n, 6, { fixed: true }) // '1.500000'
 * ```
 */
export function formatAmount(amount: bigint, decimals: number, options: FormatAmountOptions = {}): string {
  checkDecimals(decimals)
  const negative = amount < 0n
  const digits = (negative ? -amount : amount).toString().padStart(decimals + 1, '0')
  const whole = digits.slice(0, digits.length - decimals)
  let fraction = digits.slice(digits.length - decimals)
  if (!options.fixed) fraction = fraction.replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}
