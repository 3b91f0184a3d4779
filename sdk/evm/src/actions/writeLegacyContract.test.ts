import { EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { isAddressEqual, parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it } from '../../test/fixtures.ts'
import { abis, TypedTransactionError } from '../index.ts'
import { writeLegacyContract } from './writeLegacyContract.ts'

// [NP-EVM-002] [NP-EVM-006]
describe('writeLegacyContract', () => {
  it("sends the call from the client's account as a legacy transaction at 150 gwei", async ({
    clients,
    deployment,
  }) => {
    const { book, user } = deployment
    const hash = await writeLegacyContract(user, {
      address: book.contracts.SpaceStaking,
      abi: abis.SpaceStaking,
      functionName: 'stake',
      value: parseEther('1'),
    })
    await expectLegacyTransaction(clients.publicClient, hash, 'writeLegacyContract')
    const tx = await clients.publicClient.getTransaction({ hash })
    expect(isAddressEqual(tx.from, user.account.address)).toBe(true)
    expect(tx.gasPrice).toBe(EVM_GAS_PRICE_WEI)
  })

  it('refuses a typed (EIP-1559) fee before anything is signed', async ({ deployment }) => {
    const { book, user } = deployment
    const write = writeLegacyContract(user, {
      address: book.contracts.SpaceStaking,
      abi: abis.SpaceStaking,
      functionName: 'stake',
      value: 1n,
      maxFeePerGas: EVM_GAS_PRICE_WEI,
    })
    await expect(write).rejects.toBeInstanceOf(TypedTransactionError)
  })
})
