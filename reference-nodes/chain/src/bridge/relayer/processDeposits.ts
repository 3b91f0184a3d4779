import { ACCOUNT_BRIDGE } from '@spaceos/generated/parameters'
import { ChainNodeError } from '../../errors.ts'
import { applyDeposit } from './applyDeposit.ts'
import { truthy } from './assets.ts'
import type { RelayerContext } from './context.ts'
import { RelayerCrashError } from './relayerCrashError.ts'
import type { DepositRow } from './types.ts'

/**
 * Applies the unminted deposits of `contract` in id order. A deposit that cannot be applied yet (e.g. its token is
 * not in the address book) does not hold up the later ones; the cursor stays before it and the first such error is
 * raised after the pass, so it is logged and retried on the next poll. Resolves with the number applied.
 *
 * @example
 * const applied = await processDeposits(context, 'eosio.evm')
 */
export async function processDeposits(context: RelayerContext, contract: string): Promise<number> {
  if (contract === ACCOUNT_BRIDGE && !context.addressBook) return 0
  const { journal } = context
  const cursorKey = `cursor:deposits:${contract}`
  const next = journal.get<{ next: number }>(cursorKey)?.next ?? 0
  let work = 0
  let stuck: unknown
  for (const d of await context.native.rows<DepositRow>(contract, 'deposits', contract, String(next))) {
    if (!truthy(d.minted)) {
      try {
        await applyDeposit(context, contract, d)
        work++
      } catch (error) {
        if (error instanceof RelayerCrashError || !(error instanceof ChainNodeError)) throw error
        stuck ??= error
      }
    }
    if (stuck === undefined) journal.put(cursorKey, { next: Number(d.id) + 1 })
  }
  if (stuck !== undefined) throw stuck
  return work
}
