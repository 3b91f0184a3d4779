import type { ChildProcess } from 'node:child_process'
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
  return { rpcUrl: anvil.url, child: anvil.process, stop: anvil.stop }
}
