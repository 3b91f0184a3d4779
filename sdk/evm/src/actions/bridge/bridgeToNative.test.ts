import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, mintTo, revertOf } from '../../../test/fixtures.ts'
import { bridgeToNative, toEvmUnits } from '../../index.ts'

// [NP-BRDG-020] [NP-BRDG-022] [NP-EVM-023]
describe('bridgeToNative', () => {
  it('burns bridged USDT and emits the §8.1 message in native units, refusing dust', async ({
    clients,
    deployment,
  }) => {
    const { publicClient } = clients
    const { book, user, contracts } = deployment
    const usdt = book.tokens['USDT.s']
    const factory = book.contracts.BridgeTokenFactory
    const amount = toEvmUnits(25_0000n, 'USDT') // 25.0000 USDT → 25 USDT.s (6 decimals)
    await mintTo(deployment, { token: usdt, to: user.account.address, amount, depositId: 'usdt-deposit-1' })

    const { hash, event } = await bridgeToNative(user, {
      factory,
      token: usdt,
      amount: 2_500_000n,
      nativeAccount: 'alice.space',
    })
    await expectLegacyTransaction(publicClient, hash, 'bridgeToNative')
    expect(event.nativeAccount).toBe('alice.space')
    expect(event.symbol).toBe('USDT') // the native symbol the relayer releases
    expect(event.messageId).toMatch(/^0x[0-9a-f]{64}$/)
    expect(event.amount).toBe(2_500_000n)
    expect(event.amountNative).toBe(25_000n) // 2.5000 USDT on the native chain
    expect(await contracts.token(usdt).read.balanceOf([user.account.address])).toBe(amount - 2_500_000n)
    expect(await contracts.BridgeTokenFactory.read.bridgedSupply([usdt])).toBe(amount - 2_500_000n)

    const dust = await revertOf(bridgeToNative(user, { factory, token: usdt, amount: 1n, nativeAccount: 'alice' }))
    expect(dust.errorName).toBe('AmountNotNativeExact')
  })
})
