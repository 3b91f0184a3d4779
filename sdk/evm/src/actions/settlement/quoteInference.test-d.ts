import type { Address, PublicClient } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import { quoteInference } from './quoteInference.ts'

declare const client: PublicClient
declare const settlement: Address

describe('quoteInference', () => {
  it('infers the split struct of InferenceSettlement.quote', () => {
    expectTypeOf(quoteInference(client, { settlement, price: 1n })).resolves.toEqualTypeOf<{
      charge: bigint
      fee: bigint
      provider: bigint
      modelOwner: bigint
      oracles: bigint
      treasury: bigint
      burn: bigint
    }>()
    // @ts-expect-error the price is a bigint in the asset's EVM units
    void quoteInference(client, { settlement, price: '1' })
  })
})
