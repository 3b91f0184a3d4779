import { EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it } from '../../test/fixtures.ts'
import { TypedTransactionError } from '../index.ts'

// [NP-EVM-002] [NP-EVM-006]
describe('createSpaceosWalletClient: legacy transactions only', () => {
  it('refuses a typed (EIP-1559) request before anything is signed', async ({ deployment }) => {
    const { admin, user } = deployment
    await expect(
      user.sendTransaction({ to: admin.account.address, value: 1n, maxFeePerGas: EVM_GAS_PRICE_WEI }),
    ).rejects.toBeInstanceOf(TypedTransactionError)
    await expect(
      user.sendTransaction({ to: admin.account.address, value: 1n, type: 'eip1559' }),
    ).rejects.toBeInstanceOf(TypedTransactionError)
  })

  it('sends a plain transfer as a signed legacy (type 0) transaction at 150 gwei', async ({ clients, deployment }) => {
    const { admin, user } = deployment
    const transfer = await user.sendTransaction({ to: admin.account.address, value: 1n })
    await expectLegacyTransaction(clients.publicClient, transfer, 'sendTransaction')
  })

  it('left only legacy transactions on the chain, deployments included', async ({ clients, deployment }) => {
    const { publicClient } = clients
    const { admin, user } = deployment
    await publicClient.waitForTransactionReceipt({
      hash: await user.sendTransaction({ to: admin.account.address, value: 1n }),
    })
    const latest = await publicClient.getBlockNumber()
    let count = 0
    for (let number = 0n; number <= latest; number++) {
      const block = await publicClient.getBlock({ blockNumber: number, includeTransactions: true })
      for (const tx of block.transactions) {
        expect(tx.type, tx.hash).toBe('legacy')
        count++
      }
    }
    // at least this file's deployment and transfers were seen
    const deployed = await publicClient.getTransactionCount({ address: admin.account.address })
    const transfers = await publicClient.getTransactionCount({ address: user.account.address })
    expect(deployed).toBeGreaterThan(transfers)
    expect(count).toBeGreaterThanOrEqual(deployed + transfers)
  })
})
