import type { Address } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/**
 * Takes the faucet's 100 SPACE (testnet; once per 24 h per address, §7.3).
 *
 * @example
 * ```ts
 * import { dripFaucet } from '@spaceos/evm'
 * await dripFaucet(wallet, { faucet: book.contracts.SpaceFaucet })
 * ```
 */
export function dripFaucet(client: SpaceosWalletClient, { faucet }: { faucet: Address }): Promise<WriteReturnType> {
  return execute(client, { address: faucet, abi: abis.SpaceFaucet, functionName: 'drip', args: [] })
}
