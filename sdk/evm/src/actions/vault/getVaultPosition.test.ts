import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { it, mintTo } from '../../../test/fixtures.ts'
import { borrowFromVault, depositToVault, getVaultPosition } from '../../index.ts'

// [NP-EVM-021]
describe('getVaultPosition', () => {
  it('reads the deposit, the debt and what may still be borrowed or withdrawn', async ({ clients, deployment }) => {
    const { publicClient } = clients
    const { book, user } = deployment
    const usd = book.tokens['USD.s']
    const vault = book.contracts.SpaceVault
    const read = () => getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })
    expect(await read()).toEqual({ position: { deposit: 0n, debt: 0n }, maxBorrow: 0n, maxWithdraw: 0n })

    const amount = parseEther('1000')
    await mintTo(deployment, { token: usd, to: user.account.address, amount, depositId: 'position' })
    await depositToVault(user, { vault, asset: usd, amount })
    expect(await read()).toEqual({
      position: { deposit: amount, debt: 0n },
      maxBorrow: parseEther('950'),
      maxWithdraw: amount,
    })

    await borrowFromVault(user, { vault, asset: usd, amount: parseEther('475') })
    // 475 of debt needs 500 of deposit at 95% LTV
    expect(await read()).toEqual({
      position: { deposit: amount, debt: parseEther('475') },
      maxBorrow: parseEther('475'),
      maxWithdraw: parseEther('500'),
    })
  })
})
