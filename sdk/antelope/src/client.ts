import { ABICache } from '@wharfkit/abicache'
import { type APIClient, type APIClientOptions, APIClient as Client } from '@wharfkit/antelope'
import { type SystemContracts, systemContracts } from './contracts.ts'

/** Options of {@link createChainClient}. */
export type CreateChainClientOptions = {
  /** Chain API URL, e.g. `http://127.0.0.1:8888` (the local devnet). */
  url: string
  /** Custom fetch (tests, proxies). */
  fetch?: APIClientOptions['fetch']
  /**
   * Seed the ABI cache with the committed ABIs of the SPACE OS system contracts (default true), so actions can be
   * built and rows decoded without a round trip. Set false to always read ABIs from the chain.
   */
  seedAbis?: boolean
}

/** A chain API client, an ABI cache and a typed client for every SPACE OS system contract. */
export type ChainClient = {
  api: APIClient
  abiCache: ABICache
  contracts: SystemContracts
}

/**
 * Connects to an Antelope chain API (nodeos or the SPACE OS devnet) and returns typed contract clients.
 *
 * @example
 * import { createChainClient, formatSpace } from '@spaceos/antelope'
 * const chain = createChainClient({ url: 'http://127.0.0.1:8888' })
 * const transfer = chain.contracts.token.actions.transfer(
 *   { from: 'alice', to: 'bob', quantity: formatSpace(10_000n), memo: '' },
 *   [{ actor: 'alice', permission: 'active' }],
 * )
 */
export function createChainClient(options: CreateChainClientOptions): ChainClient {
  const api = new Client({ url: options.url, ...(options.fetch ? { fetch: options.fetch } : {}) })
  const contracts = systemContracts(api)
  const abiCache = new ABICache(api)
  if (options.seedAbis ?? true) {
    for (const contract of Object.values(contracts)) abiCache.setAbi(contract.account, contract.abi)
  }
  return { api, abiCache, contracts }
}
