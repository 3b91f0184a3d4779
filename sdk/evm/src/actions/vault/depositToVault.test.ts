import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, mintTo } from '../../../test/fixtures.ts'
import { depositToVault, getVaultPosition, toEvmUnits } from '../../index.ts'

// [NP-EVM-021]
describe('depositToVault', () => {
  it('approves the vault and deposits a stablecoin, 95% of which becomes borrowable', async ({
    clients,
    deployment,
  }) => {
    const { publicClient } = clients
    const { book, user } = deployment
    const usd = book.tokens['USD.s']
    const vault = book.contracts.SpaceVault
    const amount = toEvmUnits(1_000_0000n, 'USD') // 1,000.0000 USD → 1000 USD.s
    await mintTo(deployment, { token: usd, to: user.account.address, amount, depositId: 'vault-deposit' })

    const { hash } = await depositToVault(user, { vault, asset: usd, amount })
    await expectLegacyTransaction(publicClient, hash, 'depositToVault')
    const position = await getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })
    expect(position.position.deposit).toBe(amount)
    expect(position.maxBorrow).toBe((amount * 95n) / 100n)
    const token = deployment.contracts.token(usd)
    expect(await token.read.balanceOf([user.account.address])).toBe(0n)
    expect(await token.read.balanceOf([vault])).toBe(amount)
  })
})
