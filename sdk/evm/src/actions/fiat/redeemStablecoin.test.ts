import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, id, it } from '../../../test/fixtures.ts'
import { approveToken, mintStablecoin, redeemStablecoin, reviewWithdrawal } from '../../index.ts'

// [NP-EVM-026]
describe('redeemStablecoin and reviewWithdrawal', () => {
  it('redeems within the treasury limits at once and queues a larger redemption for review', async ({
    clients,
    deployment,
  }) => {
    const { publicClient, wallet } = clients
    const { book, admin, contracts } = deployment
    const factory = book.contracts.FiatStablecoinFactory
    const eur = book.tokens['EUR.s']
    const holder = await wallet()
    await mintStablecoin(admin, {
      factory,
      token: eur,
      to: holder.account.address,
      amount: parseEther('1000'),
      idempotencyKey: id('eur-in'),
    })
    await approveToken(holder, { token: eur, spender: factory, amount: parseEther('1000') })
    const redeem = (amount: bigint, key: string) =>
      redeemStablecoin(admin, { factory, token: eur, account: holder.account.address, amount, idempotencyKey: id(key) })

    const small = await redeem(parseEther('100'), 'eur-out-1')
    await expectLegacyTransaction(publicClient, small.hash, 'redeemStablecoin')
    expect(small.queuedId).toBe(0n)
    const large = await redeem(parseEther('600'), 'eur-out-2')
    expect(large.queuedId).toBeGreaterThan(0n)
    const token = contracts.token(eur)
    expect(await token.read.balanceOf([holder.account.address])).toBe(parseEther('300'))

    const rejected = await reviewWithdrawal(admin, { factory, id: large.queuedId, approve: false })
    await expectLegacyTransaction(publicClient, rejected.hash, 'reviewWithdrawal')
    expect(await token.read.balanceOf([holder.account.address])).toBe(parseEther('900'))
  })

  it('burns the escrow of an approved withdrawal', async ({ deployment }) => {
    const { book, admin, user, contracts } = deployment
    const factory = book.contracts.FiatStablecoinFactory
    const usd = book.tokens['USD.s']
    const token = contracts.token(usd)
    await mintStablecoin(admin, {
      factory,
      token: usd,
      to: user.account.address,
      amount: parseEther('600'),
      idempotencyKey: id('usd-in'),
    })
    await approveToken(user, { token: usd, spender: factory, amount: parseEther('600') })
    const { queuedId } = await redeemStablecoin(admin, {
      factory,
      token: usd,
      account: user.account.address,
      amount: parseEther('600'),
      idempotencyKey: id('usd-out'),
    })
    expect(queuedId).toBeGreaterThan(0n)
    const supply = await token.read.totalSupply()
    await reviewWithdrawal(admin, { factory, id: queuedId, approve: true })
    expect(await token.read.balanceOf([user.account.address])).toBe(0n)
    expect(await token.read.totalSupply()).toBe(supply - parseEther('600'))
  })
})
