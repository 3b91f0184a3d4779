/** Stable codes of every error `@spaceos/units` throws. */
export type UnitsErrorCode =
  | 'UNITS_INEXACT_CONVERSION'
  | 'UNITS_AMOUNT_OUT_OF_RANGE'
  | 'UNITS_INVALID_ASSET'
  | 'UNITS_INVALID_AMOUNT'
  | 'UNITS_UNKNOWN_TOKEN'
  | 'UNITS_SYMBOL_MISMATCH'

/**
 * Base class of every error thrown by `@spaceos/units`. `code` is stable and safe to switch on.
 *
 * @example
 * ```ts
 * import { UnitsError, toNativeUnits } from '@spaceos/units'
 * try { toNativeUnits(1n, 'SPACE') } catch (error) { if (error instanceof UnitsError) console.log(error.code) }
 * ```
 */
export class UnitsError extends Error {
  override name = 'UnitsError'
  readonly code: UnitsErrorCode
  readonly details: Readonly<Record<string, unknown>>
  readonly docsPath = 'sdk/units/README.md'

  constructor(code: UnitsErrorCode, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options)
    this.code = code
    this.details = details
  }
}

/** An EVM amount carries dust below the native precision and the caller asked for an exact conversion. */
export class InexactConversionError extends UnitsError {
  override name = 'InexactConversionError'
  readonly amount: bigint
  readonly dust: bigint
  constructor({ amount, dust, token }: { amount: bigint; dust: bigint; token: string }) {
    super(
      'UNITS_INEXACT_CONVERSION',
      `${amount} (EVM units of ${token}) is not a whole number of native units: ${dust} units of dust. ` +
        "Round the amount down first, or pass { rounding: 'floor' } and keep the dust.",
      { amount, dust, token },
    )
    this.amount = amount
    this.dust = dust
  }
}

/** An amount is negative or larger than the target representation can hold (int64 asset / uint256). */
export class AmountOutOfRangeError extends UnitsError {
  override name = 'AmountOutOfRangeError'
  readonly amount: bigint
  constructor({ amount, min, max, what }: { amount: bigint; min: bigint; max: bigint; what: string }) {
    super('UNITS_AMOUNT_OUT_OF_RANGE', `${what} ${amount} is outside [${min}, ${max}].`, { amount, min, max, what })
    this.amount = amount
  }
}

/** A string is not an Antelope asset (`"1.0000 SPACE"`). */
export class InvalidAssetError extends UnitsError {
  override name = 'InvalidAssetError'
  readonly input: string
  constructor({ input, reason }: { input: string; reason: string }) {
    super('UNITS_INVALID_ASSET', `"${input}" is not an asset: ${reason}. Expected e.g. "1.0000 SPACE".`, {
      input,
      reason,
    })
    this.input = input
  }
}

/** A decimal amount string is malformed or has more fraction digits than the token allows. */
export class InvalidAmountError extends UnitsError {
  override name = 'InvalidAmountError'
  readonly input: string
  constructor({ input, reason }: { input: string; reason: string }) {
    super('UNITS_INVALID_AMOUNT', `"${input}" is not a valid amount: ${reason}.`, { input, reason })
    this.input = input
  }
}

/** A token name is not one of the bridged tokens of white paper §8. */
export class UnknownTokenError extends UnitsError {
  override name = 'UnknownTokenError'
  constructor({ token, known }: { token: string; known: readonly string[] }) {
    super('UNITS_UNKNOWN_TOKEN', `Unknown token "${token}"; known tokens: ${known.join(', ')}.`, { token, known })
  }
}

/** An asset carries another symbol or precision than the one expected. */
export class SymbolMismatchError extends UnitsError {
  override name = 'SymbolMismatchError'
  constructor({ expected, actual }: { expected: string; actual: string }) {
    super('UNITS_SYMBOL_MISMATCH', `Expected an asset of ${expected}, got ${actual}.`, { expected, actual })
  }
}
