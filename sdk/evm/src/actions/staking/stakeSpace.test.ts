import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it } from '../../../test/fixtures.ts'
import { stakeSpace } from '../../index.ts'

// [NP-EVM-028]
describe('stakeSpace', () => {
  it('stakes native SPACE sent as value', async ({ clients, deployment }) => {
    const { book, user, contracts } = deployment
    const staking = book.contracts.SpaceStaking
    const { hash } = await stakeSpace(user, { staking, value: parseEther('10') })
    await expectLegacyTransaction(clients.publicClient, hash, 'stakeSpace')
    const [staked] = await contracts.SpaceStaking.read.positions([user.account.address])
    expect(staked).toBe(parseEther('10'))
    expect(await clients.publicClient.getBalance({ address: staking })).toBe(parseEther('10'))
  })
})
