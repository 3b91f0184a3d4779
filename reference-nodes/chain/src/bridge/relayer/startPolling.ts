import type { RelayerContext } from './context.ts'
import { step } from './step.ts'

/**
 * Steps every `pollMs` until {@link stopPolling} (or a crash). A failed step is counted, logged and retried on the next
 * poll; the same failure on every poll (e.g. a paused DAO) is logged once, then at debug level. A second call does
 * nothing.
 *
 * @example
 * startPolling(context)
 * await stopPolling(context)
 */
export function startPolling(context: RelayerContext): void {
  const polling = context.polling
  if (polling.running) return
  polling.running = true
  polling.loop = (async () => {
    while (polling.running && !context.crashed) {
      try {
        await step(context)
        polling.lastError = undefined
      } catch (error) {
        context.counters.stepError()
        const message = (error as Error).message
        if (!context.crashed) {
          context.logger?.[message === polling.lastError ? 'debug' : 'warn'](
            { err: error },
            'bridge relayer step failed; retrying',
          )
        }
        polling.lastError = message
      }
      await new Promise((r) => setTimeout(r, context.pollMs))
    }
  })()
}

/** Ends the loop of {@link startPolling} and waits for its last step. */
export async function stopPolling(context: RelayerContext): Promise<void> {
  context.polling.running = false
  await context.polling.loop
}
