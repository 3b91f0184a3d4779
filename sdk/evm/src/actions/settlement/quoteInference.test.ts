import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { it } from '../../../test/fixtures.ts'
import { quoteInference } from '../../index.ts'

describe('quoteInference', () => {
  it('quotes the charge (price + 1% fee) and a split that adds up to it', async ({ clients, deployment }) => {
    const price = parseEther('1')
    const split = await quoteInference(clients.publicClient, {
      settlement: deployment.book.contracts.InferenceSettlement,
      price,
    })
    expect(split.charge).toBe(price + price / 100n)
    expect(split.fee).toBe(price / 100n)
    expect(split.provider + split.modelOwner + split.oracles + split.treasury + split.burn).toBe(split.charge)
  })
})
