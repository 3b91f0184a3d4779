import type { Address } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/** Parameters of {@link withdrawFromVault}. */
export type WithdrawFromVaultParameters = { vault: Address; asset: Address; amount: bigint }

/**
 * Withdraws deposit that is not needed to keep the position within 95% LTV.
 *
 * @throws {ContractRevertError} e.g. `VaultWithdrawExceedsLtv(amount, available)`.
 * @example
 * ```ts
 * import { withdrawFromVault } from '@spaceos/evm'
 * await withdrawFromVault(wallet, { vault: book.contracts.SpaceVault, asset: book.tokens['USD.s'], amount: 10n ** 18n })
 * ```
 */
export async function withdrawFromVault(
  client: SpaceosWalletClient,
  { vault, asset, amount }: WithdrawFromVaultParameters,
): Promise<WriteReturnType> {
  return execute(client, {
    address: vault,
    abi: abis.SpaceVault,
    functionName: 'withdraw',
    args: [asset, amount],
  })
}
