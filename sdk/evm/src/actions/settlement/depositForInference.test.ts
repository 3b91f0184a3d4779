import { parseEther, zeroAddress } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, mintTo } from '../../../test/fixtures.ts'
import { depositForInference } from '../../index.ts'

describe('depositForInference', () => {
  it('tops up a prepaid balance in USD.s, approving the settlement contract first', async ({ clients, deployment }) => {
    const { book, user, contracts } = deployment
    const usd = book.tokens['USD.s']
    const settlement = book.contracts.InferenceSettlement
    await mintTo(deployment, { token: usd, to: user.account.address, amount: parseEther('10'), depositId: 'usd' })
    const { hash } = await depositForInference(user, { settlement, asset: usd, amount: parseEther('10') })
    await expectLegacyTransaction(clients.publicClient, hash, 'depositForInference')
    expect(await contracts.InferenceSettlement.read.balanceOf([user.account.address, usd])).toBe(parseEther('10'))
    expect(await contracts.token(usd).read.balanceOf([user.account.address])).toBe(0n)
  })

  it('tops up in native SPACE, sent as value, and credits another account when asked', async ({
    clients,
    deployment,
  }) => {
    const { book, user, admin, contracts } = deployment
    const settlement = book.contracts.InferenceSettlement
    const { hash } = await depositForInference(user, { settlement, amount: parseEther('2') })
    await expectLegacyTransaction(clients.publicClient, hash, 'depositForInference (native)')
    expect((await clients.publicClient.getTransaction({ hash })).value).toBe(parseEther('2'))
    expect(await contracts.InferenceSettlement.read.balanceOf([user.account.address, zeroAddress])).toBe(
      parseEther('2'),
    )
    await depositForInference(user, { settlement, account: admin.account.address, amount: parseEther('1') })
    expect(await contracts.InferenceSettlement.read.balanceOf([admin.account.address, zeroAddress])).toBe(
      parseEther('1'),
    )
  })
})
