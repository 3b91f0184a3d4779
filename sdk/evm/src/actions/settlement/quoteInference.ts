import type { Address, Client } from 'viem'
import { readContract } from 'viem/actions'
import { abis } from '../../contracts.ts'

/** Parameters of {@link quoteInference}. */
export type QuoteInferenceParameters = { settlement: Address; price: bigint }

/**
 * What settling one record of `price` charges and pays: `{ charge, fee, provider, modelOwner, oracles, treasury, burn }`.
 *
 * @example
 * ```ts
 * import { quoteInference } from '@spaceos/evm'
 * const split = await quoteInference(publicClient, { settlement, price: 10n ** 18n })
 * ```
 */
export function quoteInference(client: Client, { settlement, price }: QuoteInferenceParameters) {
  return readContract(client, {
    address: settlement,
    abi: abis.InferenceSettlement,
    functionName: 'quote',
    args: [price],
  })
}
