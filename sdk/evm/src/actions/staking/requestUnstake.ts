import type { Address } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/**
 * Starts unstaking `amount` from SpaceStaking; it can be withdrawn after the 7-day delay (§7.3).
 *
 * @example
 * ```ts
 * import { requestUnstake } from '@spaceos/evm'
 * await requestUnstake(wallet, { staking: book.contracts.SpaceStaking, amount: 10n ** 18n })
 * ```
 */
export function requestUnstake(
  client: SpaceosWalletClient,
  { staking, amount }: { staking: Address; amount: bigint },
): Promise<WriteReturnType> {
  return execute(client, {
    address: staking,
    abi: abis.SpaceStaking,
    functionName: 'requestUnstake',
    args: [amount],
  })
}
