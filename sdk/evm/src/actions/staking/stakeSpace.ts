import type { Address } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/**
 * Stakes native SPACE in SpaceStaking (12.5% APY, 7-day unstake, §7.3).
 *
 * @example
 * ```ts
 * import { stakeSpace } from '@spaceos/evm'
 * await stakeSpace(wallet, { staking: book.contracts.SpaceStaking, value: 10n ** 18n })
 * ```
 */
export function stakeSpace(
  client: SpaceosWalletClient,
  { staking, value }: { staking: Address; value: bigint },
): Promise<WriteReturnType> {
  return execute(client, { address: staking, abi: abis.SpaceStaking, functionName: 'stake', args: [], value })
}
