import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, id, it, revertOf } from '../../../test/fixtures.ts'
import { mintStablecoin } from '../../index.ts'

// [NP-EVM-025] [NP-EVM-032]
describe('mintStablecoin', () => {
  it('mints a fiat stablecoin once per idempotency key, for the treasury signer only', async ({
    clients,
    deployment,
  }) => {
    const { book, admin, user, contracts } = deployment
    const factory = book.contracts.FiatStablecoinFactory
    const gbp = book.tokens['GBP.s']
    const key = id('wire-1')
    const { hash } = await mintStablecoin(admin, {
      factory,
      token: gbp,
      to: user.account.address,
      amount: parseEther('100'),
      idempotencyKey: key,
    })
    await expectLegacyTransaction(clients.publicClient, hash, 'mintStablecoin')
    expect(await contracts.token(gbp).read.balanceOf([user.account.address])).toBe(parseEther('100'))

    const replay = await revertOf(
      mintStablecoin(admin, { factory, token: gbp, to: user.account.address, amount: 1n, idempotencyKey: key }),
    )
    expect(replay.errorName).toBe('IdempotencyKeyUsed')
    const stranger = await revertOf(
      mintStablecoin(user, { factory, token: gbp, to: user.account.address, amount: 1n, idempotencyKey: id('wire-2') }),
    )
    expect(stranger.errorName).toBe('AccessControlUnauthorized')
  })
})
