import { type Address, zeroAddress } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'
import { approveToken } from '../tokens/approveToken.ts'

/** Parameters of {@link depositForInference}. */
export type DepositForInferenceParameters = {
  settlement: Address
  /** Account credited (the user's proxy wallet); default the client's account. */
  account?: Address
  /** USD.s address, or `zeroAddress` (default) for native SPACE. */
  asset?: Address
  amount: bigint
}

/**
 * Tops up a prepaid inference balance in InferenceSettlement (§9.1): native SPACE is sent as value, an ERC-20 is
 * approved first when needed.
 *
 * @example
 * ```ts
 * import { depositForInference } from '@spaceos/evm'
 * await depositForInference(wallet, { settlement: book.contracts.InferenceSettlement, asset: book.tokens['USD.s'], amount: 10n ** 18n })
 * ```
 */
export async function depositForInference(
  client: SpaceosWalletClient,
  { settlement, account = client.account.address, asset = zeroAddress, amount }: DepositForInferenceParameters,
): Promise<WriteReturnType> {
  const native = asset === zeroAddress
  if (!native) await approveToken(client, { token: asset, spender: settlement, amount })
  return execute(client, {
    address: settlement,
    abi: abis.InferenceSettlement,
    functionName: 'deposit',
    args: [account, asset, amount],
    ...(native ? { value: amount } : {}),
  })
}
