import type { Address, Hash } from 'viem'
import { describe, expectTypeOf, it } from 'vitest'
import { abis } from '../contracts.ts'
import type { SpaceosWalletClient } from './execute.ts'
import { writeLegacyContract } from './writeLegacyContract.ts'

declare const wallet: SpaceosWalletClient
declare const address: Address

describe('writeLegacyContract', () => {
  it('is generic over the ABI, the function name and the arguments like viem writeContract', () => {
    expectTypeOf(
      writeLegacyContract(wallet, {
        address,
        abi: abis.BridgeTokenFactory,
        functionName: 'registerToken',
        args: [address],
      }),
    ).resolves.toEqualTypeOf<Hash>()
    void writeLegacyContract(wallet, {
      address,
      abi: abis.BridgeTokenFactory,
      // @ts-expect-error there is no `registerTokn` on BridgeTokenFactory
      functionName: 'registerTokn',
      args: [address],
    })
    void writeLegacyContract(wallet, {
      address,
      abi: abis.BridgeTokenFactory,
      functionName: 'createToken',
      // @ts-expect-error createToken(string,string,uint8): decimals is a number
      args: ['a', 'b', 6n],
    })
    void writeLegacyContract(wallet, {
      address,
      abi: abis.BridgeTokenFactory,
      functionName: 'createToken',
      // @ts-expect-error createToken(string,string,uint8) needs the decimals
      args: ['a', 'b'],
    })
  })
})
