import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, EVM_HARDFORK } from '@spaceos/generated/parameters'
import { type Logger, type Service, startService } from '@spaceos/node-kit'

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
export type Anvil = Service & { rpcUrl: string }

const anvilBin = () =>
  join(dirname(createRequire(import.meta.url).resolve('@foundry-rs/anvil/package.json')), 'bin.mjs')

/**
 * Starts Foundry's anvil (npm `@foundry-rs/anvil`) as the local EVM: chain ID `EVM_CHAIN_ID`, hardfork `EVM_HARDFORK`
 * (no PUSH0), gas price `EVM_GAS_PRICE_WEI` [NP-EVM-001] [NP-EVM-003]. Same launch as `reference-nodes/cli/src/anvil.ts`.
 *
 * @example
 * import { startAnvil } from '@spaceos/chain-node'
 * const anvil = await startAnvil({ port: 0 })
 * console.log(anvil.rpcUrl)
 * await anvil.stop()
 */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<Anvil> {
  const host = options.host ?? '127.0.0.1'
  const args = [
    anvilBin(),
    ['--chain-id', String(EVM_CHAIN_ID)],
    ['--hardfork', EVM_HARDFORK],
    ['--gas-price', String(EVM_GAS_PRICE_WEI)],
    ['--base-fee', '0'],
    ['--host', host],
    ['--port', String(options.port ?? 0)],
    ['--accounts', String(options.accounts ?? 0)],
    options.stateFile ? ['--state', options.stateFile] : [],
  ].flat()
  const service = await startService({
    name: 'anvil',
    command: process.execPath,
    args,
    readyWhen: /Listening on (\S+)/,
    onLine: (line) => options.logger?.debug({ line }, 'anvil'),
  })
  const listen = service.readyLine?.match(/Listening on (\S+)/)?.[1] ?? `${host}:${options.port ?? 0}`
  return { ...service, rpcUrl: `http://${listen}` }
}
