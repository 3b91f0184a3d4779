import { writeFileSync } from 'node:fs'
import { chainNow } from './chainTime.ts'
import type { DevChainContext } from './context.ts'

/**
 * Dev only [NP-CHAIN-039]: moves the chain clock forward by `seconds` (saved in `clock.json`, so a restart keeps it)
 * and forgets the transaction ids that expired meanwhile.
 *
 * @example
 * addTime(context, 3600) // an hour later: every pending transaction has expired
 */
export function addTime(context: DevChainContext, seconds: number): void {
  context.timeOffsetMs += seconds * 1000
  const file = context.state.file('clock.json')
  if (file) writeFileSync(file, JSON.stringify({ offsetMs: context.timeOffsetMs }))
  context.seen.forgetExpired(chainNow(context))
}
