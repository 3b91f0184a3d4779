import type { Address, ContractFunctionArgs, PublicClient } from 'viem'
import { readContract } from 'viem/actions'
import { describe, expectTypeOf, it } from 'vitest'
import { type AddressBook, abis, getSpaceosContracts, type UsageRecord } from './index.ts'

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

  it('infers readContract results from the generated ABIs and checks the call', () => {
    const maxBorrow = readContract(client, {
      address: user,
      abi: abis.SpaceVault,
      functionName: 'maxBorrow',
      args: [user, user],
    })
    expectTypeOf(maxBorrow).resolves.toEqualTypeOf<bigint>() // uint256
    const decimals = readContract(client, { address: user, abi: abis.SpaceStablecoin, functionName: 'decimals' })
    expectTypeOf(decimals).resolves.toEqualTypeOf<number>() // uint8
    // @ts-expect-error SpaceVault has no `maxBorow`
    void readContract(client, { address: user, abi: abis.SpaceVault, functionName: 'maxBorow', args: [user, user] })
    // @ts-expect-error maxBorrow(address,address) takes addresses
    void readContract(client, { address: user, abi: abis.SpaceVault, functionName: 'maxBorrow', args: [user, 1n] })
    // @ts-expect-error maxBorrow(address,address) takes two arguments
    void readContract(client, { address: user, abi: abis.SpaceVault, functionName: 'maxBorrow', args: [user] })
  })

  it('keeps the settlement record shape in sync with the ABI tuple', () => {
    type AbiRecord = ContractFunctionArgs<typeof abis.InferenceSettlement, 'nonpayable', 'settleBatch'>[0][number]
    expectTypeOf<UsageRecord>().toExtend<AbiRecord>()
    expectTypeOf<AbiRecord>().toExtend<UsageRecord>()
  })
})
