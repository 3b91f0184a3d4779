import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { AddressBook } from '@spaceos/evm'
import { ACCOUNT_BRIDGE, ACCOUNT_EVM, ACCOUNT_PROVIDERS, ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import type { Logger } from '@spaceos/node-kit'
import { PrivateKey } from '@wharfkit/antelope'
import { createAntelopeClient } from './antelopeClient.ts'
import { type BridgeKeys, loadBridgeKeys, loadDeployedAddressBook, runBridgeGenesis } from './genesis.ts'
import { ACCOUNT_RELAYER, createRelayer, type Relayer } from './relayer.ts'
import { startBridgeServer } from './server.ts'
import type { SupplyReport } from './supply.ts'

/** Options of {@link startBridge}. */
export type StartBridgeOptions = {
  /** The Antelope chain API. */
  antelopeUrl: string
  /** Private key of `eosio` (on the devnet it also controls the system accounts): signs the native genesis steps. */
  genesisPrivateKey: string
  /** The tx-wrapper's JSON-RPC URL (the deployment goes through it). */
  evmUrl: string
  /** anvil's own JSON-RPC URL (the relayer's minting needs `anvil_setBalance`). */
  anvilUrl: string
  /** State folder: `bridge/keys.json`, `bridge/journal.jsonl`, `bridge/address-book.json`. Default in memory. */
  stateDir?: string
  host?: string
  /** Port of the bridge endpoint (supply check, address book). Default 0: a free port. */
  port?: number
  pollMs?: number
  logger?: Logger
}

/** The running bridge: relayer, address book, supply check, its endpoint. */
export type RunningBridge = {
  relayer: Relayer
  addressBook: AddressBook
  /** The address book file in the state folder (undefined in memory; the endpoint serves it either way). */
  addressBookPath: string | undefined
  /** `GET <url>/v1/bridge/supply`, `/v1/bridge/address-book`, `/v1/bridge/status`. */
  url: string
  /** Generated keys of the relayer and the EVM deployer: local only. */
  keys: BridgeKeys
  /** Drains the relayer and runs the supply integrity check [NP-BRDG-002]. */
  checkSupply: () => Promise<SupplyReport>
  stop: () => Promise<void>
}

/**
 * Starts the devnet bridge: runs the EVM half of the genesis the first time (native bridge setup, the deployer funded
 * by bridging, every EVM contract deployed, the address book written), or reads the saved address book on a restart
 * (verifying the contracts' code, never redeploying); then runs the relayer and the bridge endpoint.
 *
 * @example
 * const bridge = await startBridge({ antelopeUrl, genesisPrivateKey, evmUrl, anvilUrl, stateDir: '.spaceos/chain' })
 * console.log(bridge.addressBookPath, (await bridge.checkSupply()).ok)
 * await bridge.stop()
 */
export async function startBridge(options: StartBridgeOptions): Promise<RunningBridge> {
  const dir = options.stateDir ? join(options.stateDir, 'bridge') : undefined
  if (dir) mkdirSync(dir, { recursive: true })
  const keys = loadBridgeKeys(dir)
  const genesisKey = options.genesisPrivateKey
  const genesisNative = createAntelopeClient(options.antelopeUrl, {
    eosio: genesisKey,
    [ACCOUNT_EVM]: genesisKey,
    [ACCOUNT_BRIDGE]: genesisKey,
    [ACCOUNT_PROVIDERS]: genesisKey,
    [ACCOUNT_TOKEN]: genesisKey,
  })
  const relayerNative = createAntelopeClient(options.antelopeUrl, {
    [ACCOUNT_RELAYER]: keys.relayer.nativePrivateKey,
  })
  const logger = options.logger ? { logger: options.logger } : {}
  const relayer = createRelayer({
    native: relayerNative,
    anvilUrl: options.anvilUrl,
    evmPrivateKey: keys.relayer.evmPrivateKey,
    ...(dir ? { journalPath: join(dir, 'journal.jsonl') } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...logger,
  })
  const addressBookPath = dir ? join(dir, 'address-book.json') : undefined
  let book: AddressBook
  try {
    if (addressBookPath && existsSync(addressBookPath)) {
      book = await loadDeployedAddressBook(addressBookPath, options.evmUrl)
      relayer.setAddressBook(book)
    } else {
      book = await runBridgeGenesis({
        native: genesisNative,
        relayer,
        keys,
        genesisPublicKey: PrivateKey.from(genesisKey).toPublic().toString(),
        evmUrl: options.evmUrl,
        ...(addressBookPath ? { addressBookPath } : {}),
        ...logger,
      })
    }
  } catch (error) {
    await relayer.stop()
    throw error
  }
  relayer.start()
  const server = await startBridgeServer({
    relayer,
    addressBook: () => book,
    relayerAccount: ACCOUNT_RELAYER,
    ...(options.host ? { host: options.host } : {}),
    port: options.port ?? 0,
    ...logger,
  })
  return {
    relayer,
    addressBook: book,
    addressBookPath,
    url: server.url,
    keys,
    checkSupply: async () => {
      await relayer.drain()
      return relayer.checkSupply()
    },
    stop: async () => {
      await server.stop()
      await relayer.stop()
    },
  }
}
