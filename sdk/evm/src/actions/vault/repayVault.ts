import type { Address } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'
import { approveToken } from '../tokens/approveToken.ts'

/** Parameters of {@link repayVault}. */
export type RepayVaultParameters = { vault: Address; asset: Address; amount: bigint }

/**
 * Repays vault debt in the same asset, approving the vault first when needed.
 *
 * @throws {ContractRevertError} e.g. `VaultRepayExceedsDebt(amount, debt)`.
 * @example
 * ```ts
 * import { repayVault } from '@spaceos/evm'
 * await repayVault(wallet, { vault: book.contracts.SpaceVault, asset: book.tokens['USD.s'], amount: 10n ** 18n })
 * ```
 */
export async function repayVault(
  client: SpaceosWalletClient,
  { vault, asset, amount }: RepayVaultParameters,
): Promise<WriteReturnType> {
  await approveToken(client, { token: asset, spender: vault, amount })
  return execute(client, { address: vault, abi: abis.SpaceVault, functionName: 'repay', args: [asset, amount] })
}
