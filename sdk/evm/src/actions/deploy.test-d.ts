import type { Address, ContractFunctionArgs, ContractFunctionName, Hex } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import type { AddressBook } from '../addressBook.ts'
import type { abis, DeployedContractName } from '../contracts.ts'
import { deploy } from './deploy.ts'
import type { SpaceosWalletClient } from './execute.ts'

declare const wallet: SpaceosWalletClient
declare const governance: Address

describe('deploy', () => {
  it('returns the address book', () => {
    expectTypeOf(deploy(wallet, { roles: { admin: governance } })).resolves.toEqualTypeOf<AddressBook>()
    // @ts-expect-error a role is an address
    void deploy(wallet, { roles: { admin: 'governance' } })
    // @ts-expect-error there is no `owner` role
    void deploy(wallet, { roles: { owner: governance } })
    // @ts-expect-error funding is in wei (bigint)
    void deploy(wallet, { fundFaucet: 1000 })
  })

  // deploy hands the admin role over through one ABI's grantRole/renounceRole: every deployed contract must have them
  it('finds the same AccessControl role functions in every deployed contract', () => {
    type RoleArgs<functionName extends string> = {
      [name in DeployedContractName]: functionName extends ContractFunctionName<(typeof abis)[name], 'nonpayable'>
        ? ContractFunctionArgs<(typeof abis)[name], 'nonpayable', functionName>
        : `${name} has no ${functionName}`
    }[DeployedContractName]
    expectTypeOf<RoleArgs<'grantRole'>>().toEqualTypeOf<readonly [role: Hex, account: Address]>()
    expectTypeOf<RoleArgs<'renounceRole'>>().toEqualTypeOf<readonly [role: Hex, callerConfirmation: Address]>()
  })
})
