import { PROVIDER_BOND_WEI } from '@spaceos/generated/parameters'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, id, it } from '../../../test/fixtures.ts'
import { postProviderBond } from '../../index.ts'

// [NP-EVM-028]
describe('postProviderBond', () => {
  it('posts the 100 SPACE bond of a GPU device', async ({ clients, deployment }) => {
    const { publicClient } = clients
    const { book, user, contracts } = deployment
    const { hash } = await postProviderBond(user, { bond: book.contracts.SpaceProviderBond, deviceId: id('gpu-1') })
    await expectLegacyTransaction(publicClient, hash, 'postProviderBond')
    expect(await publicClient.getBalance({ address: book.contracts.SpaceProviderBond })).toBe(PROVIDER_BOND_WEI)
    expect(contracts.SpaceProviderBond.address).toBe(book.contracts.SpaceProviderBond)
    expect(await contracts.SpaceProviderBond.read.bondOf([id('gpu-1')])).toBe(PROVIDER_BOND_WEI)
  })
})
