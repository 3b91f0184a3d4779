import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, mintTo, revertOf } from '../../../test/fixtures.ts'
import {
  borrowFromVault,
  depositToVault,
  getVaultPosition,
  repayVault,
  toEvmUnits,
  withdrawFromVault,
} from '../../index.ts'

// [NP-EVM-021]
describe('withdrawFromVault', () => {
  it('withdraws deposit the debt does not need and refuses what would break 95% LTV', async ({
    clients,
    deployment,
  }) => {
    const { publicClient } = clients
    const { book, user } = deployment
    const usd = book.tokens['USD.s']
    const vault = book.contracts.SpaceVault
    const amount = toEvmUnits(1_000_0000n, 'USD') // 1,000.0000 USD → 1000 USD.s
    const position = () => getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })
    await mintTo(deployment, { token: usd, to: user.account.address, amount, depositId: 'vault-deposit' })
    await depositToVault(user, { vault, asset: usd, amount })
    await borrowFromVault(user, { vault, asset: usd, amount: parseEther('500') })
    await repayVault(user, { vault, asset: usd, amount: parseEther('400') })

    const { hash } = await withdrawFromVault(user, { vault, asset: usd, amount: parseEther('100') })
    await expectLegacyTransaction(publicClient, hash, 'withdrawFromVault')
    const end = await position()
    expect(end.position.debt).toBe(parseEther('100'))
    expect(end.position.deposit).toBe(amount - parseEther('100'))

    const tooMuch = end.maxWithdraw + 1n
    const error = await revertOf(withdrawFromVault(user, { vault, asset: usd, amount: tooMuch }))
    expect(error.errorName).toBe('VaultWithdrawExceedsLtv')
    expect(error.args).toEqual([tooMuch, end.maxWithdraw])
  })
})
