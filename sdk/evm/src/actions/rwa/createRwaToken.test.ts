import { parseEther } from 'viem'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, revertOf } from '../../../test/fixtures.ts'
import { createRwaToken, getSpaceosContracts, setKycIdentity, toContractRevertError } from '../../index.ts'

// [NP-EVM-027]
describe('createRwaToken', () => {
  it('creates an RWA token whose transfers are restricted to verified investors', async ({ clients, deployment }) => {
    const { publicClient, wallet } = clients
    const { book, admin, user } = deployment
    const registry = book.contracts.SpaceIdentityRegistry
    const investor = await wallet()
    const expiresAt = BigInt(Math.floor(Date.now() / 1000) + 365 * 86400)
    for (const account of [user.account.address, investor.account.address]) {
      await setKycIdentity(admin, { registry, account, level: 'Accredited', country: 'VG', expiresAt })
    }
    const { hash, token } = await createRwaToken(admin, {
      factory: book.contracts.SpaceRWAFactory,
      name: 'Villa Tortola',
      symbol: 'VILLA',
      assetClass: 'RealEstate',
      dividendToken: book.tokens['USD.s'],
      admin: admin.account.address,
      transferAgent: admin.account.address,
    })
    await expectLegacyTransaction(publicClient, hash, 'createRwaToken')

    // any function of any contract, typed from the generated ABI, still through the legacy-only wallet client
    const asAdmin = getSpaceosContracts({ public: publicClient, wallet: admin }, book)
    expect(await asAdmin.rwaToken(token).read.symbol()).toBe('VILLA')
    const mint = await asAdmin.rwaToken(token).write.mint([user.account.address, parseEther('10')])
    await publicClient.waitForTransactionReceipt({ hash: mint })
    await expectLegacyTransaction(publicClient, mint, 'getSpaceosContracts.write')
    const asUser = getSpaceosContracts({ public: publicClient, wallet: user }, book)
    await publicClient.waitForTransactionReceipt({
      hash: await asUser.rwaToken(token).write.transfer([investor.account.address, parseEther('1')]),
    })
    expect(await asUser.rwaToken(token).read.balanceOf([investor.account.address])).toBe(parseEther('1'))
    const stranger = await revertOf(
      asUser
        .rwaToken(token)
        .write.transfer([admin.account.address, 1n])
        .catch((e: unknown) => {
          throw toContractRevertError(e)
        }),
    )
    expect(stranger.errorName).toBe('RWANotVerified')
  })
})
