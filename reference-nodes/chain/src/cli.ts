/**
 * `spaceos-chain`: runs the chain.node devnet on its own (the `spaceos` CLI embeds the same factories). Settings come
 * from `SPACEOS_CHAIN_*` environment variables: HOST, ANTELOPE_PORT (8888), EVM_PORT (8545), STATE_DIR
 * (`.spaceos/chain`, empty = in memory), EVM (true; false runs the Antelope chain API alone), DEV (false), LOG_LEVEL.
 */

import { configFields, createLogger, loadConfig, runUntilSignal } from '@spaceos/node-kit'
import { z } from 'zod'
import { startChainApi } from './antelope/createChainApi.ts'
import type { RunningBridge } from './bridge/startBridge.ts'
import { startDevnet } from './startDevnet.ts'

const config = loadConfig(
  z.object({
    host: configFields.host(),
    antelopePort: configFields.port(8888),
    evmPort: configFields.port(8545),
    stateDir: z.string().default('.spaceos/chain'),
    evm: configFields.flag(true),
    dev: configFields.flag(false),
    logLevel: configFields.logLevel(),
  }),
  { prefix: 'SPACEOS_CHAIN_' },
)
const logger = createLogger({ name: 'chain-node', level: config.logLevel })
const stateDir = config.stateDir ? { stateDir: config.stateDir } : {}

process.exitCode = await runUntilSignal(
  async () => {
    const running = config.evm
      ? await startDevnet({
          host: config.host,
          antelopePort: config.antelopePort,
          evmPort: config.evmPort,
          dev: config.dev,
          logger,
          onProgress: (step) => console.log(`progress ${step}`),
          ...stateDir,
        })
      : await (async () => {
          const api = await startChainApi({
            host: config.host,
            port: config.antelopePort,
            dev: config.dev,
            logger,
            chainOptions: config.stateDir ? { stateDir: `${config.stateDir}/antelope` } : {},
          })
          return { endpoints: [{ name: 'Antelope chain API', url: api.url }], keys: api.chain.keys, stop: api.stop }
        })()
    for (const key of running.keys)
      console.log(`key ${key.account} ${key.privateKey} (local only, never use on a real chain)`)
    const bridge = 'bridge' in running ? (running.bridge as RunningBridge | undefined) : undefined
    if (bridge) {
      console.log(`progress EVM address book: ${bridge.addressBookPath ?? `${bridge.url}/v1/bridge/address-book`}`)
      console.log(`progress supply check: ${bridge.url}/v1/bridge/supply`)
      console.log(
        `key EVM deployer ${bridge.keys.deployer.evmAddress} ${bridge.keys.deployer.evmPrivateKey} (local only, never use on a real chain)`,
      )
    }
    for (const endpoint of running.endpoints) console.log(`ready ${endpoint.name}: ${endpoint.url}`)
    return running
  },
  { logger },
)
