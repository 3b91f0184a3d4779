import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, revertOf } from '../../../test/fixtures.ts'
import { dripFaucet } from '../../index.ts'

// [NP-EVM-028]
describe('dripFaucet', () => {
  it('drips 100 SPACE once and refuses a second drip within the cooldown', async ({ clients, deployment }) => {
    const { publicClient, wallet } = clients
    const faucet = deployment.book.contracts.SpaceFaucet
    const fresh = await wallet(parseEther('1'))
    const before = await publicClient.getBalance({ address: fresh.account.address })
    const drip = await dripFaucet(fresh, { faucet })
    await expectLegacyTransaction(publicClient, drip.hash, 'dripFaucet')
    const gas = drip.receipt.gasUsed * drip.receipt.effectiveGasPrice
    expect(await publicClient.getBalance({ address: fresh.account.address })).toBe(before + parseEther('100') - gas)
    const again = await revertOf(dripFaucet(fresh, { faucet }))
    expect(again.errorName).toBe('FaucetCooldown')
  })
})
