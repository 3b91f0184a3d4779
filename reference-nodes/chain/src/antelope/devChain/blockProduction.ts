import { BLOCK_TIME_MS } from '@spaceos/generated/parameters'
import { chainNow, slot } from './chainTime.ts'
import type { DevChainContext } from './context.ts'
import { produceBlock } from './produceBlock.ts'

/**
 * Produces a block every `BLOCK_TIME_MS` following the chain clock [NP-CHAIN-038], and forgets the transaction ids
 * that expired; the timer does not keep the process alive. A second call does nothing.
 *
 * @example
 * startProducing(context)
 * stopProducing(context)
 */
export function startProducing(context: DevChainContext): void {
  context.timer ??= setInterval(() => {
    produceBlock(context, slot(chainNow(context)))
    context.seen.forgetExpired(chainNow(context))
  }, BLOCK_TIME_MS)
  context.timer.unref()
}

/** Stops the timer of {@link startProducing}. */
export function stopProducing(context: DevChainContext): void {
  if (context.timer) clearInterval(context.timer)
  context.timer = undefined
}
