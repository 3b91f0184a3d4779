import type { Address } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/**
 * Proof of life for the caller's insurance policy: restarts the inactivity timeout (§10.2).
 *
 * @example
 * ```ts
 * import { proveLife } from '@spaceos/evm'
 * await proveLife(wallet, { insurance: book.contracts.SpaceInsurance })
 * ```
 */
export function proveLife(
  client: SpaceosWalletClient,
  { insurance }: { insurance: Address },
): Promise<WriteReturnType> {
  return execute(client, { address: insurance, abi: abis.SpaceInsurance, functionName: 'ping', args: [] })
}
