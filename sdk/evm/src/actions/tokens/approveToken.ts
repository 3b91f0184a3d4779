import type { Address } from 'viem'
import { readContract } from 'viem/actions'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/** Parameters of {@link approveToken}. */
export type ApproveTokenParameters = { token: Address; spender: Address; amount: bigint }

/**
 * Makes sure `spender` may move `amount` of `token` for the client's account: sends `approve` only when the current
 * allowance is lower. Returns `undefined` when nothing had to be sent.
 *
 * @example
 * ```ts
 * import { approveToken } from '@spaceos/evm'
 * await approveToken(wallet, { token: book.tokens['USD.s'], spender: book.contracts.SpaceVault, amount: 10n ** 18n })
 * ```
 */
export async function approveToken(
  client: SpaceosWalletClient,
  { token, spender, amount }: ApproveTokenParameters,
): Promise<WriteReturnType | undefined> {
  const allowance = await readContract(client, {
    address: token,
    abi: abis.SpaceStablecoin,
    functionName: 'allowance',
    args: [client.account.address, spender],
  })
  if (allowance >= amount) return undefined
  return execute(client, {
    address: token,
    abi: abis.SpaceStablecoin,
    functionName: 'approve',
    args: [spender, amount],
  })
}
