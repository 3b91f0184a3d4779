import { parseEther, parseEventLogs } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, mintTo, revertOf } from '../../../test/fixtures.ts'
import { abis, borrowFromVault, depositToVault, getVaultPosition, toEvmUnits } from '../../index.ts'

// [NP-EVM-021] [NP-EVM-022]
describe('borrowFromVault', () => {
  it('lends the same asset up to 95% LTV with the 0.5% origination fee', async ({ clients, deployment }) => {
    const { publicClient } = clients
    const { book, user } = deployment
    const usd = book.tokens['USD.s']
    const vault = book.contracts.SpaceVault
    const amount = toEvmUnits(1_000_0000n, 'USD') // 1,000.0000 USD → 1000 USD.s
    await mintTo(deployment, { token: usd, to: user.account.address, amount, depositId: 'vault-deposit' })
    await depositToVault(user, { vault, asset: usd, amount })
    const before = await getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })

    const tooMuch = before.maxBorrow + 1n
    const error = await revertOf(borrowFromVault(user, { vault, asset: usd, amount: tooMuch }))
    expect(error.errorName).toBe('VaultBorrowExceedsLtv')
    expect(error.args).toEqual([tooMuch, before.maxBorrow])

    const borrow = parseEther('500')
    const { hash, receipt } = await borrowFromVault(user, { vault, asset: usd, amount: borrow })
    await expectLegacyTransaction(publicClient, hash, 'borrowFromVault')
    const [borrowed] = parseEventLogs({ abi: abis.SpaceVault, eventName: 'Borrowed', logs: receipt.logs })
    expect(borrowed?.args.fee).toBe((borrow * 50n) / 10_000n)
    const token = deployment.contracts.token(usd)
    expect(await token.read.balanceOf([user.account.address])).toBe(borrow - (borrow * 50n) / 10_000n)
    expect(await token.read.balanceOf([book.roles.feeRecipient])).toBe((borrow * 50n) / 10_000n)
    const after = await getVaultPosition(publicClient, { vault, user: user.account.address, asset: usd })
    expect(after.position.debt).toBe(borrow)
  })
})
