import { type Address, type Hex, parseEventLogs } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient } from '../execute.ts'

/** Parameters of {@link attestReserves}. */
export type AttestReservesParameters = {
  factory: Address
  token: Address
  /** Fiat reserves in the token's units (18 decimals). */
  reserves: bigint
  /** Hash of the off-chain reconciliation report. */
  reportHash: Hex
}

/**
 * Records a reconciliation (reconciler only, every 6 h per §8.2): reserves vs `totalSupply()`. A deficit above 1%
 * pauses minting of that token. Returns the decoded `ReservesAttested` event.
 *
 * @example
 * ```ts
 * import { attestReserves } from '@spaceos/evm'
 * const { event } = await attestReserves(reconciler, { factory, token, reserves, reportHash })
 * event.mintPaused // true when the deficit exceeded 1%
 * ```
 */
export async function attestReserves(client: SpaceosWalletClient, parameters: AttestReservesParameters) {
  const result = await execute(client, {
    address: parameters.factory,
    abi: abis.FiatStablecoinFactory,
    functionName: 'attestReserves',
    args: [parameters.token, parameters.reserves, parameters.reportHash],
  })
  const [log] = parseEventLogs({
    abi: abis.FiatStablecoinFactory,
    eventName: 'ReservesAttested',
    logs: result.receipt.logs,
  })
  if (!log) throw new Error('attestReserves succeeded without a ReservesAttested event')
  return { ...result, event: log.args }
}
