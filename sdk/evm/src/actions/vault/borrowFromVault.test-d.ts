import type { Address, ContractFunctionArgs } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import type { abis } from '../../contracts.ts'
import type { SpaceosWalletClient, WriteReturnType } from '../execute.ts'
import { type BorrowFromVaultParameters, borrowFromVault } from './borrowFromVault.ts'

declare const wallet: SpaceosWalletClient
declare const vault: Address
declare const asset: Address

describe('borrowFromVault', () => {
  it('takes the arguments of SpaceVault.borrow and returns the hash and receipt', () => {
    expectTypeOf(borrowFromVault(wallet, { vault, asset, amount: 1n })).resolves.toEqualTypeOf<WriteReturnType>()
    expectTypeOf<[BorrowFromVaultParameters['asset'], BorrowFromVaultParameters['amount']]>().toEqualTypeOf<
      [...ContractFunctionArgs<typeof abis.SpaceVault, 'nonpayable', 'borrow'>]
    >()
  })

  it('rejects a wrong argument type and a missing argument', () => {
    // @ts-expect-error the amount is a bigint in wei, not a number
    void borrowFromVault(wallet, { vault, asset, amount: 1 })
    // @ts-expect-error the asset is missing
    void borrowFromVault(wallet, { vault, amount: 1n })
  })
})
