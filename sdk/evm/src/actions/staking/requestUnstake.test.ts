import { STAKING_UNSTAKE_DELAY_S } from '@spaceos/generated/parameters'
import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, revertOf } from '../../../test/fixtures.ts'
import { requestUnstake, stakeSpace } from '../../index.ts'

// [NP-EVM-028]
describe('requestUnstake', () => {
  it('moves part of the stake to unstaking with a 7-day unlock, and no more than is staked', async ({
    clients,
    deployment,
  }) => {
    const { publicClient } = clients
    const { book, user, contracts } = deployment
    const staking = book.contracts.SpaceStaking
    await stakeSpace(user, { staking, value: parseEther('10') })
    const { hash, receipt } = await requestUnstake(user, { staking, amount: parseEther('4') })
    await expectLegacyTransaction(publicClient, hash, 'requestUnstake')
    const [staked, , , unstaking, unlockAt] = await contracts.SpaceStaking.read.positions([user.account.address])
    expect(staked).toBe(parseEther('6'))
    expect(unstaking).toBe(parseEther('4'))
    const { timestamp } = await publicClient.getBlock({ blockNumber: receipt.blockNumber })
    expect(unlockAt).toBe(timestamp + BigInt(STAKING_UNSTAKE_DELAY_S))

    const tooMuch = await revertOf(requestUnstake(user, { staking, amount: parseEther('7') }))
    expect(tooMuch.errorName).toBe('InsufficientStake')
    expect(tooMuch.args).toEqual([parseEther('7'), parseEther('6')])
  })
})
