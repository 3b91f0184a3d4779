import { parseEther, zeroAddress } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, id, it, mintTo, revertOf } from '../../../test/fixtures.ts'
import { depositForInference, quoteInference, settleUsage } from '../../index.ts'

// [NP-EVM-032] role-gated settler
describe('settleUsage', () => {
  it('splits a usage charge 60/20/10/10 with the fee and burn to the treasury side', async ({
    clients,
    deployment,
  }) => {
    const { publicClient, wallet } = clients
    const { book, admin, user, contracts } = deployment
    const usd = book.tokens['USD.s']
    const settlement = book.contracts.InferenceSettlement
    const [provider, modelOwner] = [await wallet(0n), await wallet(0n)]
    await mintTo(deployment, { token: usd, to: user.account.address, amount: parseEther('10'), depositId: 'usd' })
    await depositForInference(user, { settlement, asset: usd, amount: parseEther('10') })
    const price = parseEther('1')
    const split = await quoteInference(publicClient, { settlement, price })

    const record = {
      receiptId: id('receipt-1'),
      payer: user.account.address,
      asset: usd,
      price,
      provider: provider.account.address,
      modelOwner: modelOwner.account.address,
    }
    const { hash, events } = await settleUsage(admin, { settlement, records: [record] })
    await expectLegacyTransaction(publicClient, hash, 'settleUsage')
    expect(events).toHaveLength(1)
    const balance = (who: `0x${string}`) => contracts.InferenceSettlement.read.balanceOf([who, usd])
    expect(await balance(user.account.address)).toBe(parseEther('10') - split.charge)
    expect(await balance(provider.account.address)).toBe((price * 60n) / 100n)
    expect(await balance(modelOwner.account.address)).toBe((price * 20n) / 100n)
    expect(await contracts.InferenceSettlement.read.totalBurned([usd])).toBe(split.burn)

    const replay = await revertOf(settleUsage(admin, { settlement, records: [record] }))
    expect(replay.errorName).toBe('ReceiptAlreadySettled')
    const notSettler = await revertOf(settleUsage(user, { settlement, records: [{ ...record, receiptId: id('r2') }] }))
    expect(notSettler.errorName).toBe('AccessControlUnauthorized')
  })

  it('settles in native SPACE too', async ({ clients, deployment }) => {
    const { book, admin, user } = deployment
    const settlement = book.contracts.InferenceSettlement
    await depositForInference(user, { settlement, amount: parseEther('2') })
    const { hash, events } = await settleUsage(admin, {
      settlement,
      records: [
        {
          receiptId: id('receipt-native'),
          payer: user.account.address,
          asset: zeroAddress,
          price: parseEther('1'),
          provider: admin.account.address,
          modelOwner: admin.account.address,
        },
      ],
    })
    await expectLegacyTransaction(clients.publicClient, hash, 'settleUsage (native)')
    expect(events[0]?.split.burn).toBeGreaterThan(0n)
  })
})
