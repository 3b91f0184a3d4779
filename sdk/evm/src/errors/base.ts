/** Stable codes of the errors `@spaceos/evm` throws. */
export type SpaceosEvmErrorCode =
  | 'EVM_TYPED_TRANSACTION'
  | 'EVM_CONTRACT_REVERT'
  | 'EVM_ADDRESS_BOOK_INVALID'
  | 'EVM_DEPLOY_FAILED'
  | 'EVM_CONTRACT_MISSING'

/**
 * Base class of every error thrown by `@spaceos/evm`; `code` is stable, `cause` keeps the underlying (viem) error.
 *
 * @example
 * ```ts
 * import { SpaceosEvmError } from '@spaceos/evm'
 * try { await somethingOnChain() } catch (error) { if (error instanceof SpaceosEvmError) console.log(error.code) }
 * ```
 */
export class SpaceosEvmError extends Error {
  override name = 'SpaceosEvmError'
  readonly code: SpaceosEvmErrorCode
  /** One-line summary of `meta` (a string, as viem's error handling expects of `details`). */
  readonly details: string
  /** Structured context of the error. */
  readonly meta: Readonly<Record<string, unknown>>
  readonly docsPath: string

  constructor(
    code: SpaceosEvmErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown; docsPath?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.meta = options.details ?? {}
    this.details = Object.entries(this.meta)
      .map(([key, value]) => `${key}: ${JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`)
      .join(', ')
    this.docsPath = options.docsPath ?? 'sdk/evm/README.md'
  }
}

/** A transaction request asked for a typed (EIP-1559/2930/4844/7702) transaction; the chain accepts legacy only. */
export class TypedTransactionError extends SpaceosEvmError {
  override name = 'TypedTransactionError'
  constructor({ field }: { field: string }) {
    super(
      'EVM_TYPED_TRANSACTION',
      `SPACE OS accepts legacy (type 0) transactions only (white paper §7.2), but the request sets \`${field}\`. ` +
        'Remove it; the SDK sends a legacy transaction at the fixed 150 gwei gas price.',
      { details: { field }, docsPath: 'sdk/evm/README.md#legacy-transactions' },
    )
  }
}

/** An address book does not match its schema (or names a contract the caller needs but it lacks). */
export class AddressBookInvalidError extends SpaceosEvmError {
  override name = 'AddressBookInvalidError'
  constructor({ problem, cause }: { problem: string; cause?: unknown }) {
    super('EVM_ADDRESS_BOOK_INVALID', `Invalid SPACE OS address book: ${problem}`, {
      details: { problem },
      cause,
      docsPath: 'sdk/evm/README.md#address-book',
    })
  }
}

/** A deployment step failed (the transaction reverted or produced no contract address). */
export class DeployFailedError extends SpaceosEvmError {
  override name = 'DeployFailedError'
  constructor({ step, cause }: { step: string; cause?: unknown }) {
    super('EVM_DEPLOY_FAILED', `Deploying the SPACE OS contracts failed at "${step}".`, { details: { step }, cause })
  }
}
