import { ACCOUNT_BRIDGE, ACCOUNT_EVM } from '@spaceos/generated/parameters'
import { carryVerdicts } from './carryVerdicts.ts'
import type { RelayerContext } from './context.ts'
import { processDeposits } from './processDeposits.ts'
import { processEvmMessages } from './processEvmMessages.ts'
import { RelayerCrashError } from './relayerCrashError.ts'
import { runExclusive } from './runExclusive.ts'

/** The relayer's sources, in the order of a pass. */
const SOURCES = [
  (context: RelayerContext) => processDeposits(context, ACCOUNT_EVM),
  (context: RelayerContext) => processDeposits(context, ACCOUNT_BRIDGE),
  processEvmMessages,
  carryVerdicts,
]

/**
 * One pass over every source (SPACE deposits, stablecoin deposits, EVM messages, verdicts), after the steps queued
 * before it; resolves with the number of operations applied. Every source gets its pass even when another one is stuck
 * (e.g. releases while the DAO has paused the network must not hold up verdicts); the first failure is raised
 * afterwards. A {@link RelayerCrashError} ends the pass at once and stops the relayer for good.
 *
 * @example
 * const applied = await step(context)
 */
export function step(context: RelayerContext): Promise<number> {
  return runExclusive(context, async () => {
    if (context.crashed) throw context.crashed
    try {
      let work = 0
      let failure: unknown
      for (const source of SOURCES) {
        try {
          work += await source(context)
        } catch (error) {
          if (error instanceof RelayerCrashError) throw error
          failure ??= error
        }
      }
      if (failure !== undefined) throw failure
      return work
    } catch (error) {
      if (error instanceof RelayerCrashError) {
        context.crashed = error
        context.journal.close()
      }
      throw error
    }
  })
}
