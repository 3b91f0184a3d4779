import type { Address } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'
import { approveToken } from '../tokens/approveToken.ts'

/** Parameters of {@link depositToVault}. */
export type DepositToVaultParameters = { vault: Address; asset: Address; amount: bigint }

/**
 * Deposits a stablecoin (USD.s, USDT.s, USDC.s) into SpaceVault, approving the vault first when needed (§10.1).
 *
 * @example
 * ```ts
 * import { depositToVault } from '@spaceos/evm'
 * await depositToVault(wallet, { vault: book.contracts.SpaceVault, asset: book.tokens['USD.s'], amount: 100n * 10n ** 18n })
 * ```
 */
export async function depositToVault(
  client: SpaceosWalletClient,
  { vault, asset, amount }: DepositToVaultParameters,
): Promise<WriteReturnType> {
  await approveToken(client, { token: asset, spender: vault, amount })
  return execute(client, {
    address: vault,
    abi: abis.SpaceVault,
    functionName: 'deposit',
    args: [asset, amount],
  })
}
