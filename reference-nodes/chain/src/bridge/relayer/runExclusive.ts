import type { RelayerContext } from './context.ts'

/**
 * Runs `fn` after everything queued before it (steps and supply checks never overlap); a failure does not block the
 * queue.
 *
 * @example
 * const report = await runExclusive(context, () => checkSupply(…))
 */
export function runExclusive<T>(context: RelayerContext, fn: () => Promise<T>): Promise<T> {
  const run = context.queue.then(fn)
  context.queue = run.catch(() => undefined)
  return run
}
