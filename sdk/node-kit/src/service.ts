import { type ChildProcess, spawn } from 'node:child_process'
import { ServiceStartError } from './errors.ts'

/** Options of {@link startService}. */
export type StartServiceOptions = {
  /** Human name used in errors and logs, e.g. `anvil`. */
  name: string
  command: string
  args?: readonly string[]
  env?: Record<string, string | undefined>
  cwd?: string
  /** Ready when a line of stdout/stderr matches, or when the probe resolves true. */
  readyWhen: RegExp | (() => Promise<boolean>)
  /** Default 30 s. */
  readyTimeoutMs?: number
  /** Receives every output line (e.g. to forward into the logger). */
  onLine?: (line: string) => void
}

/** A running supervised child process. */
export type Service = {
  child: ChildProcess
  /** The output line that matched `readyWhen`, when it is a RegExp. */
  readyLine: string | undefined
  /** SIGTERM, then SIGKILL after `graceMs` (default 5 s). Resolves when the process has exited. */
  stop: (graceMs?: number) => Promise<void>
}

/**
 * Starts a child process and resolves once it is ready; rejects with {@link ServiceStartError} (carrying the last
 * output) if it exits or times out first. Used for anvil and any other embedded engine a node runs.
 *
 * @example
 * import { startService } from '@spaceos/node-kit'
 * const anvil = await startService({ name: 'anvil', command: 'anvil', args: ['--port', '0'], readyWhen: /Listening on/ })
 * await anvil.stop()
 */
export async function startService(options: StartServiceOptions): Promise<Service> {
  const child = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const tail: string[] = []
  let readyLine: string | undefined
  let resolveReady!: () => void
  const ready = new Promise<void>((r) => {
    resolveReady = r
  })
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line) continue
      tail.push(line)
      if (tail.length > 40) tail.shift()
      options.onLine?.(line)
      if (options.readyWhen instanceof RegExp && readyLine === undefined && options.readyWhen.test(line)) {
        readyLine = line
        resolveReady()
      }
    }
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve))

  const stop = async (graceMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }

  if (typeof options.readyWhen === 'function') {
    const probe = options.readyWhen
    void (async () => {
      while (child.exitCode === null) {
        if (await probe().catch(() => false)) return resolveReady()
        await new Promise((r) => setTimeout(r, 100))
      }
    })()
  }
  const timeoutMs = options.readyTimeoutMs ?? 30_000
  let timer: NodeJS.Timeout | undefined
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(({ code, signal }) => `exited with ${signal ?? `code ${code}`}`),
    spawnFailed.then((e) => `could not spawn ${options.command}: ${e.message}`),
    new Promise<string>((r) => {
      timer = setTimeout(() => r(`not ready after ${timeoutMs} ms`), timeoutMs)
    }),
  ])
  clearTimeout(timer)
  if (outcome !== 'ready') {
    await stop(1000)
    throw new ServiceStartError(options.name, outcome, tail.join('\n'))
  }
  return { child, readyLine, stop }
}
