import type { Address, Hex } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import type { SpaceosWalletClient } from '../execute.ts'
import { attestReserves } from './attestReserves.ts'

declare const wallet: SpaceosWalletClient
declare const address: Address
declare const reportHash: Hex

describe('attestReserves', () => {
  it('returns the ReservesAttested event decoded from the ABI', async () => {
    const { event } = await attestReserves(wallet, { factory: address, token: address, reserves: 1n, reportHash })
    expectTypeOf(event.mintPaused).toEqualTypeOf<boolean>()
    expectTypeOf(event.deficit).toEqualTypeOf<bigint>()
    expectTypeOf(event.token).toEqualTypeOf<Address>()
    // @ts-expect-error the report hash is hex
    void attestReserves(wallet, { factory: address, token: address, reserves: 1n, reportHash: 'report-1' })
    // @ts-expect-error the reserves are missing
    void attestReserves(wallet, { factory: address, token: address, reportHash })
  })
})
