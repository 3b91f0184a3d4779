import type { Address, ContractFunctionArgs, PublicClient } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import { type AddressBook, type abis, getSpaceosContracts, type UsageRecord } from './index.ts'

declare const client: PublicClient
declare const book: AddressBook
declare const user: Address

describe('typed contracts', () => {
  it('infers arguments and results from the generated as-const ABIs', () => {
    const contracts = getSpaceosContracts(client, book)
    expectTypeOf(contracts.SpaceVault.read.maxBorrow).parameter(0).toEqualTypeOf<readonly [Address, Address]>()
    expectTypeOf(contracts.SpaceVault.read.maxBorrow([user, user])).resolves.toEqualTypeOf<bigint>()
    expectTypeOf(contracts.token(user).read.decimals()).resolves.toEqualTypeOf<number>()
    // @ts-expect-error maxBorrow takes two addresses
    void contracts.SpaceVault.read.maxBorrow([user])
  })

  it('keeps the settlement record shape in sync with the ABI tuple', () => {
    type AbiRecord = ContractFunctionArgs<typeof abis.InferenceSettlement, 'nonpayable', 'settleBatch'>[0][number]
    expectTypeOf<UsageRecord>().toExtend<AbiRecord>()
    expectTypeOf<AbiRecord>().toExtend<UsageRecord>()
  })
})
