import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '@spaceos/node-kit'
import { startChainApi } from './antelope/createChainApi.ts'
import type { DevKey } from './antelope/createDevChain.ts'
import { type RunningBridge, startBridge } from './bridge/startBridge.ts'
import { startTxWrapper } from './evm/createTxWrapper.ts'

/** Options of {@link startDevnet}. Defaults are loopback and the ports clients expect. */
export type StartDevnetOptions = {
  /** Default `127.0.0.1`. */
  host?: string
  /** Antelope chain API port. Default 8888 (nodeos' default); 0 picks a free port. */
  antelopePort?: number
  /** EVM JSON-RPC (tx-wrapper) port. Default 8545; 0 picks a free port. anvil itself listens on a free port. */
  evmPort?: number
  /** Folder for both chains' state (`antelope/`, `evm-state.json`). Default: in memory only. */
  stateDir?: string
  /** Development flag: anvil cheat methods through the tx-wrapper and the chain API's time-travel endpoint. */
  dev?: boolean
  /**
   * Run the bridge: the EVM genesis (deployer funded by bridging, every EVM contract deployed, address book) and the
   * relayer [NP-BRDG-001]–[NP-BRDG-004]. Default true; false leaves the EVM empty (tests of the chain API alone).
   */
  bridge?: boolean
  /** Port of the bridge endpoint (supply check, address book). Default 0: a free port. */
  bridgePort?: number
  logger?: Logger
  /** Called at each start-up step (`spaceos-chain` prints them as `progress <step>` lines for `spaceos up`). */
  onProgress?: (step: string) => void
}

/** The running devnet: endpoints to print, the local-only keys, one stop. */
export type Devnet = {
  endpoints: { name: string; url: string }[]
  antelope: Awaited<ReturnType<typeof startChainApi>>
  evm: Awaited<ReturnType<typeof startTxWrapper>>
  /** Generated Antelope keys (`eosio` first, then the dev accounts): local only. */
  keys: DevKey[]
  /** The bridge (relayer, address book and its file, supply check); undefined when started with `bridge: false`. */
  bridge: RunningBridge | undefined
  stop: () => Promise<void>
}

/**
 * Starts the chain.node devnet: the Antelope chain API over the compiled system contracts, anvil (chain 800000, no
 * pre-funded accounts, base fee 0) behind the tx-wrapper, and the bridge: the EVM genesis on first start (the deployer
 * funded by bridging native SPACE, every EVM contract deployed, the address book in `<stateDir>/bridge/`) and the
 * relayer joining both chains (spec/CHAIN.md §4.4).
 *
 * @example
 * import { startDevnet } from '@spaceos/chain-node'
 * const devnet = await startDevnet({ stateDir: '.spaceos' })
 * for (const e of devnet.endpoints) console.log(`${e.name}: ${e.url}`)
 * await devnet.stop()
 */
export async function startDevnet(options: StartDevnetOptions = {}): Promise<Devnet> {
  const host = options.host ?? '127.0.0.1'
  const logger = options.logger ? { logger: options.logger } : {}
  const progress = options.onProgress ?? (() => {})
  if (options.stateDir) await mkdir(options.stateDir, { recursive: true })
  progress('Antelope chain: loading the system contracts (genesis or replay of the saved state)')
  const antelope = await startChainApi({
    host,
    port: options.antelopePort ?? 8888,
    dev: options.dev ?? false,
    chainOptions: options.stateDir ? { stateDir: join(options.stateDir, 'antelope') } : {},
    ...logger,
  })
  try {
    progress(`Antelope chain API up at ${antelope.url}; starting anvil (chain 800000) behind the tx-wrapper`)
    const evm = await startTxWrapper({
      host,
      port: options.evmPort ?? 8545,
      dev: options.dev ?? false,
      anvil: { host, ...(options.stateDir ? { stateFile: join(options.stateDir, 'evm-state.json') } : {}), ...logger },
      ...logger,
    })
    let bridge: RunningBridge | undefined
    try {
      if (options.bridge ?? true) {
        progress('bridge: EVM genesis (deployer funded by bridging, contracts deployed) or saved address book; relayer')
        bridge = await startBridge({
          antelopeUrl: antelope.url,
          genesisPrivateKey: antelope.chain.keys[0]?.privateKey as string,
          evmUrl: evm.url,
          anvilUrl: evm.anvil?.rpcUrl as string,
          host,
          port: options.bridgePort ?? 0,
          ...(options.stateDir ? { stateDir: options.stateDir } : {}),
          ...logger,
        })
      }
    } catch (error) {
      await evm.stop()
      throw error
    }
    return {
      endpoints: [
        { name: 'Antelope chain API', url: antelope.url },
        { name: 'EVM JSON-RPC (tx-wrapper, chain 800000)', url: evm.url },
        ...(bridge ? [{ name: 'bridge (address book, supply check)', url: bridge.url }] : []),
      ],
      antelope,
      evm,
      keys: antelope.chain.keys,
      bridge,
      stop: async () => {
        await bridge?.stop()
        await evm.stop()
        await antelope.stop()
      },
    }
  } catch (error) {
    await antelope.stop()
    throw error
  }
}
