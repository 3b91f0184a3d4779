import type { Address, Client } from 'viem'
import { readContract } from 'viem/actions'
import { abis } from '../../contracts.ts'

/** Parameters of {@link getVaultPosition}. */
export type GetVaultPositionParameters = { vault: Address; user: Address; asset: Address }

/**
 * Reads a user's vault position in one asset and what they may still borrow or withdraw.
 *
 * @example
 * ```ts
 * import { getVaultPosition } from '@spaceos/evm'
 * const { position, maxBorrow } = await getVaultPosition(publicClient, { vault, user, asset })
 * ```
 */
export async function getVaultPosition(client: Client, { vault, user, asset }: GetVaultPositionParameters) {
  const [position, maxBorrow, maxWithdraw] = await Promise.all([
    readContract(client, { address: vault, abi: abis.SpaceVault, functionName: 'positionOf', args: [user, asset] }),
    readContract(client, { address: vault, abi: abis.SpaceVault, functionName: 'maxBorrow', args: [user, asset] }),
    readContract(client, { address: vault, abi: abis.SpaceVault, functionName: 'maxWithdraw', args: [user, asset] }),
  ])
  return { position, maxBorrow, maxWithdraw }
}
