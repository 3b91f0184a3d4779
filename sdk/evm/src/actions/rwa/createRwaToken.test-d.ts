import type { Address } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import type { SpaceosWalletClient } from '../execute.ts'
import { createRwaToken } from './createRwaToken.ts'

declare const wallet: SpaceosWalletClient
declare const address: Address
const token = { factory: address, name: 'Villa', symbol: 'VILLA', dividendToken: address, admin: address }

describe('createRwaToken', () => {
  it('returns the new token address from the RWATokenCreated event', async () => {
    const created = await createRwaToken(wallet, { ...token, assetClass: 'RealEstate', transferAgent: address })
    expectTypeOf(created.token).toEqualTypeOf<Address>()
  })

  it('rejects an unknown asset class, a wrong decimals type and a missing transfer agent', () => {
    // @ts-expect-error asset classes are RealEstate, Commodities, Securities, Art
    void createRwaToken(wallet, { ...token, assetClass: 'Land', transferAgent: address })
    // @ts-expect-error decimals is a uint8 (number)
    void createRwaToken(wallet, { ...token, assetClass: 'Art', transferAgent: address, decimals: 18n })
    // @ts-expect-error the transfer agent is missing
    void createRwaToken(wallet, { ...token, assetClass: 'Art' })
  })
})
