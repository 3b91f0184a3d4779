import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, id, it, revertOf } from '../../../test/fixtures.ts'
import { attestReserves, mintStablecoin } from '../../index.ts'

// [NP-EVM-024]
describe('attestReserves', () => {
  it('records the reserves and pauses minting after a deficit above 1%', async ({ clients, deployment }) => {
    const { book, admin, user } = deployment
    const factory = book.contracts.FiatStablecoinFactory
    const gbp = book.tokens['GBP.s']
    const mint = (key: string, amount: bigint) =>
      mintStablecoin(admin, { factory, token: gbp, to: user.account.address, amount, idempotencyKey: id(key) })
    await mint('wire-1', parseEther('100'))

    const { hash, event } = await attestReserves(admin, {
      factory,
      token: gbp,
      reserves: parseEther('98'),
      reportHash: id('report-1'),
    })
    await expectLegacyTransaction(clients.publicClient, hash, 'attestReserves')
    expect(event.mintPaused).toBe(true)
    expect(event.deficit).toBe(parseEther('2'))
    const paused = await revertOf(mint('wire-2', 1n))
    expect(paused.errorName).toBe('MintingPaused')
  })
})
