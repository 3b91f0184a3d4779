import { describe, expect } from 'vitest'
import { expectLegacyTransaction, id, it, revertOf } from '../../../test/fixtures.ts'
import { mintBridgedToken, toEvmUnits } from '../../index.ts'

// [NP-EVM-023] [NP-EVM-032]
describe('mintBridgedToken', () => {
  it('mints a bridged token once per deposit id, for the bridge authority only', async ({ clients, deployment }) => {
    const { publicClient } = clients
    const { book, admin, user, contracts } = deployment
    const usdt = book.tokens['USDT.s']
    const factory = book.contracts.BridgeTokenFactory
    const amount = toEvmUnits(25_0000n, 'USDT') // 25.0000 USDT → 25 USDT.s (6 decimals)
    expect(amount).toBe(25_000_000n)
    const deposit = { factory, token: usdt, to: user.account.address, amount, depositId: id('usdt-deposit-1') }

    const { hash } = await mintBridgedToken(admin, deposit)
    await expectLegacyTransaction(publicClient, hash, 'mintBridgedToken')
    expect(await contracts.token(usdt).read.balanceOf([user.account.address])).toBe(amount)
    expect(await contracts.BridgeTokenFactory.read.bridgedSupply([usdt])).toBe(amount)

    const replay = await revertOf(mintBridgedToken(admin, deposit))
    expect(replay.errorName).toBe('DepositAlreadyProcessed')
    const stranger = await revertOf(mintBridgedToken(user, { ...deposit, depositId: id('usdt-deposit-2') }))
    expect(stranger.errorName).toBe('AccessControlUnauthorized')
    expect(await contracts.token(usdt).read.balanceOf([user.account.address])).toBe(amount)
  })
})
