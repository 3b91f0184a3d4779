import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, revertOf } from '../../test/fixtures.ts'
import { abis } from '../index.ts'
import { execute } from './execute.ts'

describe('execute', () => {
  it('sends a contract call as a legacy transaction and returns its successful receipt', async ({
    clients,
    deployment,
  }) => {
    const { book, user, contracts } = deployment
    const { hash, receipt } = await execute(user, {
      address: book.contracts.SpaceStaking,
      abi: abis.SpaceStaking,
      functionName: 'stake',
      value: parseEther('3'),
    })
    await expectLegacyTransaction(clients.publicClient, hash, 'execute')
    expect(receipt.status).toBe('success')
    expect(receipt.transactionHash).toBe(hash)
    expect((await contracts.SpaceStaking.read.positions([user.account.address]))[0]).toBe(parseEther('3'))
  })

  it('turns a revert into a ContractRevertError naming the function and the decoded error', async ({ deployment }) => {
    const { book, user } = deployment
    const error = await revertOf(
      execute(user, {
        address: book.contracts.SpaceStaking,
        abi: abis.SpaceStaking,
        functionName: 'requestUnstake',
        args: [parseEther('1000')],
      }),
    )
    expect(error.functionName).toBe('requestUnstake')
    expect(error.errorName).toBe('InsufficientStake')
    expect(error.code).toBe('EVM_CONTRACT_REVERT')
  })
})
