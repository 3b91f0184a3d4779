import type { Logger } from 'pino'

/** What a started node returns: how to stop it. */
export type Running = { stop: () => Promise<void> }

/** Options of {@link runUntilSignal}. */
export type RunUntilSignalOptions = {
  logger?: Pick<Logger, 'info' | 'error'>
  /** Signals that stop the node. Default SIGINT and SIGTERM. */
  signals?: NodeJS.Signals[]
}

/**
 * Runs a node until Ctrl-C / SIGTERM: `start` receives an AbortSignal, the first signal stops the node cleanly, a
 * second one exits at once. Returns the exit code (0 after a clean stop, 1 if start or stop threw).
 *
 * @example
 * import { runUntilSignal } from '@spaceos/node-kit'
 * process.exitCode = await runUntilSignal(async (signal) => startMyNode({ signal }))
 */
export async function runUntilSignal(
  start: (signal: AbortSignal) => Promise<Running>,
  options: RunUntilSignalOptions = {},
): Promise<number> {
  const controller = new AbortController()
  const signals = options.signals ?? ['SIGINT', 'SIGTERM']
  let stopping = false
  let wake!: () => void
  const stopped = new Promise<void>((r) => {
    wake = r
  })
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.logger?.error({ signal }, 'second signal: exiting now')
      process.exit(130)
    }
    stopping = true
    options.logger?.info({ signal }, 'stopping')
    controller.abort()
    wake()
  }
  for (const s of signals) process.on(s, onSignal)
  try {
    const running = await start(controller.signal)
    await stopped
    await running.stop()
    options.logger?.info({}, 'stopped')
    return 0
  } catch (error) {
    options.logger?.error({ err: error }, 'failed')
    return 1
  } finally {
    for (const s of signals) process.off(s, onSignal)
  }
}
