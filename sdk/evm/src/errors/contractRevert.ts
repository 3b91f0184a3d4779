import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from 'viem'
import { spaceosErrorsAbi } from '../contracts.ts'
import { SpaceosEvmError } from './base.ts'

/**
 * A SPACE OS contract reverted. `errorName` and `args` are decoded from the revert data against the custom errors of
 * every SPACE OS contract (so an error raised by a callee, e.g. a token inside the vault, is named too); `Error` and
 * `Panic` carry the reason string / panic code.
 *
 * @example
 * ```ts
 * import { ContractRevertError } from '@spaceos/evm'
 * try { await borrowFromVault(wallet, { vault, asset, amount }) } catch (error) {
 *   if (error instanceof ContractRevertError && error.errorName === 'VaultBorrowExceedsLtv') console.log(error.args)
 * }
 * ```
 */
export class ContractRevertError extends SpaceosEvmError {
  override name = 'ContractRevertError'
  /** Custom error name (`VaultBorrowExceedsLtv`), `Error`, `Panic`, or `undefined` when the data is unknown/empty. */
  readonly errorName: string | undefined
  readonly args: readonly unknown[]
  /** Raw revert data. */
  readonly data: Hex | undefined
  readonly functionName: string | undefined

  constructor({
    errorName,
    args,
    data,
    functionName,
    cause,
  }: {
    errorName: string | undefined
    args: readonly unknown[]
    data: Hex | undefined
    functionName: string | undefined
    cause: unknown
  }) {
    const what = errorName ? `${errorName}(${args.map((a) => String(a)).join(', ')})` : 'without a known reason'
    super('EVM_CONTRACT_REVERT', `${functionName ?? 'The call'} reverted ${what}.`, {
      details: { errorName, args, data, functionName },
      cause,
      docsPath: 'sdk/evm/README.md#errors',
    })
    this.errorName = errorName
    this.args = args
    this.data = data
    this.functionName = functionName
  }
}

/**
 * Converts a viem error caused by a revert into a {@link ContractRevertError}; returns anything else unchanged.
 *
 * @example
 * ```ts
 * import { toContractRevertError } from '@spaceos/evm'
 * try { await wallet.writeContract(request) } catch (error) { throw toContractRevertError(error) }
 * ```
 */
export function toContractRevertError(error: unknown, functionName?: string): unknown {
  if (!(error instanceof BaseError)) return error
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as
    | ContractFunctionRevertedError
    | undefined
  if (!reverted) return error
  const data = reverted.raw
  let errorName = reverted.data?.errorName
  let args: readonly unknown[] = reverted.data?.args ?? []
  if (data && data.length >= 10) {
    try {
      const decoded = decodeErrorResult({ abi: spaceosErrorsAbi, data })
      errorName = decoded.errorName
      args = decoded.args ?? []
    } catch {
      // keep what viem decoded (Error/Panic or nothing)
    }
  }
  if (!errorName && reverted.reason) {
    errorName = 'Error'
    args = [reverted.reason]
  }
  return new ContractRevertError({ errorName, args, data, functionName, cause: error })
}
