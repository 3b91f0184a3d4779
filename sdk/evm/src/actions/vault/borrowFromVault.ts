import type { Address } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/** Parameters of {@link borrowFromVault}. */
export type BorrowFromVaultParameters = { vault: Address; asset: Address; amount: bigint }

/**
 * Borrows the same asset against the caller's deposit, up to 95% LTV; the 0.5% origination fee is taken from the amount (§10.1).
 *
 * @throws {ContractRevertError} e.g. `VaultBorrowExceedsLtv(requested, available)`.
 * @example
 * ```ts
 * import { borrowFromVault } from '@spaceos/evm'
 * await borrowFromVault(wallet, { vault: book.contracts.SpaceVault, asset: book.tokens['USD.s'], amount: 10n ** 18n })
 * ```
 */
export async function borrowFromVault(
  client: SpaceosWalletClient,
  { vault, asset, amount }: BorrowFromVaultParameters,
): Promise<WriteReturnType> {
  return execute(client, { address: vault, abi: abis.SpaceVault, functionName: 'borrow', args: [asset, amount] })
}
