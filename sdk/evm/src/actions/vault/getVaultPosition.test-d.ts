import type { Address, PublicClient } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import { getVaultPosition } from './getVaultPosition.ts'

declare const client: PublicClient
declare const address: Address

describe('getVaultPosition', () => {
  it('infers the position struct and the uint256 capacities from the ABI', () => {
    expectTypeOf(getVaultPosition(client, { vault: address, user: address, asset: address })).resolves.toEqualTypeOf<{
      position: { deposit: bigint; debt: bigint }
      maxBorrow: bigint
      maxWithdraw: bigint
    }>()
    // @ts-expect-error the user is missing
    void getVaultPosition(client, { vault: address, asset: address })
  })
})
