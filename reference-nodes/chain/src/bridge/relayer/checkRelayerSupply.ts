import { ChainNodeError } from '../../errors.ts'
import { checkSupply, type SupplyReport } from '../supply.ts'
import type { RelayerContext } from './context.ts'
import { runExclusive } from './runExclusive.ts'

/**
 * The supply integrity check [NP-BRDG-002], run between relayer steps (never while one moves funds). Throws
 * `FAILED_PRECONDITION` before the EVM deployment.
 *
 * @example
 * const { ok } = await checkRelayerSupply(context)
 */
export function checkRelayerSupply(context: RelayerContext): Promise<SupplyReport> {
  return runExclusive(context, async () => {
    const book = context.addressBook
    if (!book) throw new ChainNodeError('FAILED_PRECONDITION', 'no address book yet')
    return checkSupply({ anvilUrl: context.anvilUrl, native: context.native, addressBook: book })
  })
}
