import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, mintTo, revertOf } from '../../../test/fixtures.ts'
import { borrowFromVault, depositToVault, getVaultPosition, repayVault } from '../../index.ts'

// [NP-EVM-021]
describe('repayVault', () => {
  it('repays debt in the same asset, approving the vault first, and refuses to repay more than the debt', async ({
    clients,
    deployment,
  }) => {
    const { publicClient } = clients
    const { book, user } = deployment
    const usd = book.tokens['USD.s']
    const vault = book.contracts.SpaceVault
    await mintTo(deployment, { token: usd, to: user.account.address, amount: parseEther('1000'), depositId: 'repay' })
    await depositToVault(user, { vault, asset: usd, amount: parseEther('1000') })
    await borrowFromVault(user, { vault, asset: usd, amount: parseEther('500') })

    const { hash } = await repayVault(user, { vault, asset: usd, amount: parseEther('400') })
    await expectLegacyTransaction(publicClient, hash, 'repayVault')
    const after = await getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })
    expect(after.position.debt).toBe(parseEther('100'))

    const error = await revertOf(repayVault(user, { vault, asset: usd, amount: parseEther('101') }))
    expect(error.errorName).toBe('VaultRepayExceedsDebt')
    expect(error.args).toEqual([parseEther('101'), parseEther('100')])
  })
})
