import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

// No workspace imports here: a vitest globalSetup loads this file before the `@spaceos/source` condition applies.

/** Process options of {@link spawnAnvil}. */
export type SpawnAnvilOptions = {
  /** Bind address, default `127.0.0.1`. */
  host?: string
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

/** Chain rules anvil runs with (the SPACE OS values are filled in by `startAnvil`). */
export type AnvilRules = { chainId: number; hardfork: string; gasPrice: bigint }

/** Spawns anvil with explicit chain rules; {@link startAnvil} in `anvil.ts` supplies the SPACE OS defaults. */
export function spawnAnvil(rules: AnvilRules, options: SpawnAnvilOptions = {}): Promise<Anvil> {
  const args = [
    '--chain-id',
    String(rules.chainId),
    '--hardfork',
    rules.hardfork,
    '--gas-price',
    String(rules.gasPrice),
    '--host',
    options.host ?? '127.0.0.1',
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
