import type { Address } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import { abis } from '../contracts.ts'
import { type ExecuteParameters, execute, type SpaceosWalletClient, type WriteReturnType } from './execute.ts'

declare const wallet: SpaceosWalletClient
declare const address: Address

// The generated ABIs are `as const`, so execute checks every call against them like viem's writeContract does.
describe('execute', () => {
  it('accepts a call that matches the ABI and returns the hash and receipt', () => {
    const call = execute(wallet, { address, abi: abis.SpaceVault, functionName: 'borrow', args: [address, 1n] })
    expectTypeOf(call).resolves.toEqualTypeOf<WriteReturnType>()
    void execute(wallet, { address, abi: abis.SpaceStaking, functionName: 'stake', value: 1n })
  })

  it('rejects a misspelled function name', () => {
    // @ts-expect-error SpaceVault has `borrow`, not `borow`
    void execute(wallet, { address, abi: abis.SpaceVault, functionName: 'borow', args: [address, 1n] })
  })

  it('rejects a wrong argument type', () => {
    // @ts-expect-error the amount of borrow(address,uint256) is a bigint
    void execute(wallet, { address, abi: abis.SpaceVault, functionName: 'borrow', args: [address, 1] })
    // @ts-expect-error the asset of borrow(address,uint256) is an address
    void execute(wallet, { address, abi: abis.SpaceVault, functionName: 'borrow', args: ['USD.s', 1n] })
  })

  it('rejects a missing argument, missing arguments and an extra argument', () => {
    // @ts-expect-error borrow(address,uint256) takes two arguments
    void execute(wallet, { address, abi: abis.SpaceVault, functionName: 'borrow', args: [address] })
    // @ts-expect-error borrow has arguments, so `args` is required
    void execute(wallet, { address, abi: abis.SpaceVault, functionName: 'borrow' })
    // @ts-expect-error requestUnstake(uint256) takes one argument
    void execute(wallet, { address, abi: abis.SpaceStaking, functionName: 'requestUnstake', args: [1n, 2n] })
  })

  it('allows value only on payable functions and refuses view functions', () => {
    // @ts-expect-error borrow is not payable
    void execute(wallet, { address, abi: abis.SpaceVault, functionName: 'borrow', args: [address, 1n], value: 1n })
    // @ts-expect-error maxBorrow is a view function: read it with readContract
    void execute(wallet, { address, abi: abis.SpaceVault, functionName: 'maxBorrow', args: [address, address] })
  })

  it('derives its parameters from the ABI', () => {
    expectTypeOf<ExecuteParameters<typeof abis.SpaceFaucet>['functionName']>().toEqualTypeOf<
      'drip' | 'grantRole' | 'pause' | 'renounceRole' | 'revokeRole' | 'unpause' | 'withdraw'
    >()
    expectTypeOf<ExecuteParameters<typeof abis.SpaceVault, 'repay'>['args']>().toEqualTypeOf<
      readonly [asset: Address, amount: bigint]
    >()
  })
})
