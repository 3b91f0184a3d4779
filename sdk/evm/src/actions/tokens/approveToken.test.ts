import { maxUint256, parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it } from '../../../test/fixtures.ts'
import { approveToken } from '../../index.ts'

describe('approveToken', () => {
  it('sends approve only when the allowance is lower than the amount', async ({ clients, deployment }) => {
    const { book, user, admin, contracts } = deployment
    const token = book.tokens['EUR.s']
    const spender = admin.account.address
    const allowance = () => contracts.token(token).read.allowance([user.account.address, spender])

    const approved = await approveToken(user, { token, spender, amount: parseEther('1000') })
    if (!approved) throw new Error('approveToken sent nothing although there was no allowance')
    await expectLegacyTransaction(clients.publicClient, approved.hash, 'approveToken')
    expect(await allowance()).toBe(parseEther('1000'))

    expect(await approveToken(user, { token, spender, amount: parseEther('1000') })).toBeUndefined()
    expect(await approveToken(user, { token, spender, amount: 1n })).toBeUndefined()
    expect(await allowance()).toBe(parseEther('1000'))

    await approveToken(user, { token, spender, amount: maxUint256 })
    expect(await allowance()).toBe(maxUint256)
  })
})
