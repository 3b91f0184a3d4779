import { PROVIDER_BOND_WEI } from '@spaceos/generated/parameters'
import type { Address, Hex } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/**
 * Posts the per-device bond (100 SPACE, `PROVIDER_BOND_WEI`) for a GPU device to SpaceProviderBond (§5.4).
 *
 * @example
 * ```ts
 * import { postProviderBond } from '@spaceos/evm'
 * await postProviderBond(wallet, { bond: book.contracts.SpaceProviderBond, deviceId: '0x…32 bytes' })
 * ```
 */
export function postProviderBond(
  client: SpaceosWalletClient,
  { bond, deviceId }: { bond: Address; deviceId: Hex },
): Promise<WriteReturnType> {
  return execute(client, {
    address: bond,
    abi: abis.SpaceProviderBond,
    functionName: 'postBond',
    args: [deviceId],
    value: PROVIDER_BOND_WEI,
  })
}
