import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, EVM_HARDFORK } from '@spaceos/generated/parameters'

/** Options of {@link startAnvil}; defaults are the SPACE OS chain rules (white paper §7.2). */
export type StartAnvilOptions = {
  /** Default 800000. */
  chainId?: number
  /** Default `paris` (no PUSH0). */
  hardfork?: string
  /** Default 150 gwei. */
  gasPrice?: bigint
  /** Default 0: anvil picks a free port, read back from its output. */
  port?: number
  /** Extra command-line arguments. */
  args?: readonly string[]
  /** Milliseconds to wait for anvil to listen, default 30 000. */
  timeoutMs?: number
}

/** A running anvil; `stop()` kills it and resolves once it has exited. */
export type Anvil = { url: string; port: number; process: ChildProcess; stop: () => Promise<void> }

/** The anvil binary of the `@foundry-rs/anvil-<os>-<arch>` npm package, or `anvil` on the PATH. */
export function resolveAnvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  for (const from of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      const manifest = createRequire(from).resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`)
      const binary = join(dirname(manifest), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil')
      if (existsSync(binary)) return binary
    } catch {
      // not installed next to this file; try the next location
    }
  }
  return 'anvil'
}

/**
 * Starts a local SPACE OS EVM devnet with anvil (`--chain-id 800000 --hardfork paris --gas-price 150000000000`) on a
 * free port. The caller must `stop()` it (tests: in the global setup's teardown).
 *
 * @example
 * ```ts
 * import { startAnvil } from '@spaceos/evm/node'
 * const anvil = await startAnvil()
 * console.log(anvil.url) // http://127.0.0.1:41234
 * await anvil.stop()
 * ```
 */
export function startAnvil(options: StartAnvilOptions = {}): Promise<Anvil> {
  const args = [
    '--chain-id',
    String(options.chainId ?? EVM_CHAIN_ID),
    '--hardfork',
    options.hardfork ?? EVM_HARDFORK,
    '--gas-price',
    String(options.gasPrice ?? EVM_GAS_PRICE_WEI),
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    ...(options.args ?? []),
  ]
  const child = spawn(resolveAnvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise<Anvil>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`anvil did not start within ${options.timeoutMs ?? 30_000} ms:\n${output}`))
    }, options.timeoutMs ?? 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Listening on ([\d.]+):(\d+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.stdout.resume() // keep draining so anvil never blocks on a full pipe
      const port = Number(match[2])
      resolve({ url: `http://${match[1]}:${port}`, port, process: child, stop })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`anvil exited with ${code} before listening:\n${output}`))
    })
  })
}
