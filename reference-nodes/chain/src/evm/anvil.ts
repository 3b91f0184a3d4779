import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { startAnvil as startSpaceosAnvil } from '@spaceos/evm/node'
import type { Logger } from '@spaceos/node-kit'

/** Options of {@link startAnvil}. */
export type StartAnvilOptions = {
  /** Default `127.0.0.1`. */
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** When set, state is loaded from and dumped to this file, so a restart keeps every account and contract. */
  stateFile?: string
  /**
   * Pre-funded dev accounts. Default 0: SPACE on the EVM exists only through the bridge [NP-BRDG-001]; tests that need
   * funds set balances on the upstream directly.
   */
  accounts?: number
  logger?: Logger
}

/** A running anvil with the SPACE OS chain rules (chain ID, paris hardfork, fixed gas price). */
export type Anvil = { rpcUrl: string; child: ChildProcess; stop: () => Promise<void> }

/**
 * Starts the devnet's EVM: the SDK's anvil launcher (`@spaceos/evm/node`: chain ID `EVM_CHAIN_ID`, hardfork
 * `EVM_HARDFORK` — no PUSH0 — gas price `EVM_GAS_PRICE_WEI`) [NP-EVM-001] [NP-EVM-003], plus what a devnet needs: no
 * base fee, no pre-funded accounts unless asked, and state kept in a file across restarts.
 *
 * @example
 * import { startAnvil } from '@spaceos/chain-node'
 * const anvil = await startAnvil({ port: 0 })
 * console.log(anvil.rpcUrl)
 * await anvil.stop()
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<Anvil> {
  const pidFile = options.stateFile ? `${options.stateFile}.pid` : undefined
  if (pidFile && options.stateFile) await stopOrphan(pidFile, options.stateFile, options.logger)
  const anvil = await startSpaceosAnvil({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    args: [
      ...['--base-fee', '0'],
      ...['--accounts', String(options.accounts ?? 0)],
      ...(options.stateFile ? ['--state', options.stateFile] : []),
    ],
  })
  options.logger?.debug({ url: anvil.url }, 'anvil listening')
  const pid = anvil.process.pid
  if (pidFile && pid) writeFileSync(pidFile, String(pid))
  // If this process dies without stopping anvil (SIGKILL, crash), a watchdog stops it with SIGTERM, so it dumps its
  // state instead of running on as an orphan.
  const watchdog =
    pid && process.platform !== 'win32'
      ? spawn(
          'sh',
          ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -TERM ${pid} 2>/dev/null`],
          { detached: true, stdio: 'ignore' },
        )
      : undefined
  watchdog?.unref()
  return {
    rpcUrl: anvil.url,
    child: anvil.process,
    stop: async () => {
      watchdog?.kill('SIGKILL')
      await anvil.stop()
      if (pidFile) rmSync(pidFile, { force: true })
    },
  }
}

/**
 * A previous run killed before it could stop its anvil may leave that anvil running (with the state not yet dumped):
 * stop it with SIGTERM — it then writes its state — and wait, so the new anvil loads the latest state.
 */
async function stopOrphan(pidFile: string, stateFile: string, logger?: Logger) {
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8'))
  const alive = () => {
    try {
      process.kill(pid, 0)
      return execFileSync('ps', ['-p', String(pid), '-o', 'args='], { encoding: 'utf8' }).includes(stateFile)
    } catch {
      return false
    }
  }
  if (Number.isInteger(pid) && pid > 0 && alive()) {
    logger?.warn({ pid }, 'stopping the anvil a previous run left behind, so it saves its state')
    process.kill(pid, 'SIGTERM')
    for (let i = 0; i < 200 && alive(); i++) await new Promise((r) => setTimeout(r, 50))
    if (alive()) process.kill(pid, 'SIGKILL')
  }
  rmSync(pidFile, { force: true })
}
