import { createHash } from 'node:crypto'
import * as G from '@greymass/eosio'
import { ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import {
  createHealth,
  createMetrics,
  createNodeApp,
  type Health,
  type Logger,
  type Metrics,
  type NodeApp,
  type NodeRequest,
  serveNodeApp,
} from '@spaceos/node-kit'
import { BODY_BLOCKS, type CreateDevChainOptions, createDevChain, type DevChain } from './createDevChain.ts'
import { NodeosApiError, nodeosErrorFormat } from './nodeosError.ts'
import { type GetTableRowsParams, getTableByScope, getTableRows } from './tables.ts'

/** Options of {@link createChainApi}. */
export type CreateChainApiOptions = {
  /** An existing chain; by default a new one is created from genesis with `chainOptions`. */
  chain?: DevChain
  chainOptions?: CreateDevChainOptions
  /** Serve the development-only endpoints (`/v1/devnet/time`) [NP-CHAIN-039]. Default false. */
  dev?: boolean
  /** Largest request body in bytes. Default 512 KiB. */
  maxBodyBytes?: number
  logger?: Logger
  metrics?: Metrics
  health?: Health
}

type Params = Record<string, unknown>

/**
 * The nodeos chain API (`/v1/chain/*`) over the devnet chain [NP-CHAIN-030]: `get_info`, `get_block`, `get_account`,
 * `get_block_info`, `get_abi`, `get_raw_abi`, `get_table_rows`, `get_table_by_scope`, `get_currency_balance`, `get_currency_stats`,
 * `get_required_keys`, `push_transaction`, `send_transaction`, `send_transaction2`; errors in nodeos' shape
 * [NP-CHAIN-031]. Returns the API as a node-kit app; produce blocks with `chain.startProducing()`.
 *
 * @example
 * import { serveNodeApp } from '@spaceos/node-kit'
 * import { createChainApi } from '@spaceos/chain-node'
 * const api = await createChainApi()
 * api.chain.startProducing()
 * await serveNodeApp(api.app, { port: 8888 })
 */
export async function createChainApi(options: CreateChainApiOptions = {}): Promise<ChainApi> {
  const chain =
    options.chain ??
    (await createDevChain({ ...options.chainOptions, ...(options.logger ? { logger: options.logger } : {}) }))
  const { bc } = chain
  const maxBodyBytes = options.maxBodyBytes ?? 512 * 1024
  const metrics = options.metrics ?? createMetrics({ prefix: 'spaceos_chain_', defaults: false })
  const health = options.health ?? createHealth()
  health.set('chain', true)
  const requests = metrics.counter('requests_total', 'Chain API requests by endpoint and result', [
    'endpoint',
    'result',
  ])
  const log = options.logger

  const account = (name: unknown) => {
    const acc = typeof name === 'string' ? bc.getAccount(G.Name.from(name)) : undefined
    if (!acc) throw new NodeosApiError('unknownAccount', `unknown key (eosio::chain::name): ${String(name)}`)
    return acc
  }
  const info = () => {
    const head = chain.head()
    return {
      server_version: '00000000',
      chain_id: chain.chainId,
      head_block_num: head.block_num,
      last_irreversible_block_num: head.block_num,
      last_irreversible_block_id: head.id,
      head_block_id: head.id,
      head_block_time: head.timestamp,
      head_block_producer: head.producer,
      virtual_block_cpu_limit: 200000000,
      virtual_block_net_limit: 1048576000,
      block_cpu_limit: 200000,
      block_net_limit: 1048576,
      server_version_string: 'spaceos-devnet',
      fork_db_head_block_num: head.block_num,
      fork_db_head_block_id: head.id,
    }
  }
  const limits = { used: 0, available: -1, max: -1 }
  const blockOf = (p: Params, endpointName: 'get_block' | 'get_block_info') => {
    const ref = String(p.block_num_or_id ?? p.block_num ?? '')
    // An id starts with its block number (4 bytes, big-endian), as in nodeos.
    const byId = /^[0-9a-f]{64}$/.test(ref) ? chain.blocks.get(Number.parseInt(ref.slice(0, 8), 16)) : undefined
    const block = /^\d+$/.test(ref) ? chain.blocks.get(Number(ref)) : byId?.id === ref ? byId : undefined
    if (!block) throw new NodeosApiError('notFound', `Could not find block: ${ref}`)
    if (block.transactions_pruned && endpointName === 'get_block') {
      throw new NodeosApiError(
        'notFound',
        `Could not find block: ${ref} (the devnet keeps the transactions of the last ${options.chainOptions?.keepBlockBodies ?? BODY_BLOCKS} blocks only)`,
      )
    }
    const zero = '0'.repeat(64)
    return {
      ...block,
      confirmed: 0,
      schedule_version: 0,
      new_producers: null,
      transaction_mroot: zero,
      action_mroot: zero,
    }
  }
  const tokenRows = (code: string, table: string, scope: string) =>
    getTableRows(bc, { code, table, scope, json: true, limit: 1000 }).rows as Record<string, string>[]

  const endpoints: Record<string, (p: Params) => unknown> = {
    get_info: info,
    get_block: (p) => blockOf(p, 'get_block'),
    get_block_info: (p) => {
      const { transactions: _, transactions_pruned: __, ...header } = blockOf(p, 'get_block_info')
      return { ...header, ref_block_num: header.block_num & 0xffff }
    },
    get_account: (p) => {
      const acc = account(p.account_name)
      const head = chain.head()
      const balance =
        acc.name.toString() &&
        tokenRows(ACCOUNT_TOKEN, 'accounts', acc.name.toString()).find((r) => r.balance?.endsWith(' SPACE'))
      return {
        account_name: acc.name.toString(),
        head_block_num: head.block_num,
        head_block_time: head.timestamp,
        privileged: acc.name.toString() === 'eosio',
        last_code_update: acc.isContract ? chain.genesisTime : '1970-01-01T00:00:00.000',
        created: chain.genesisTime,
        ...(balance ? { core_liquid_balance: balance.balance } : {}),
        ram_quota: -1,
        net_weight: -1,
        cpu_weight: -1,
        net_limit: limits,
        cpu_limit: limits,
        ram_usage: 0,
        permissions: acc.permissions.map((perm) => ({
          ...(G.Serializer.objectify(perm) as object),
          linked_actions: [],
        })),
        total_resources: null,
        self_delegated_bandwidth: null,
        refund_request: null,
        voter_info: null,
        rex_info: null,
      }
    },
    get_abi: (p) => {
      const acc = account(p.account_name)
      return { account_name: acc.name.toString(), ...(acc.abi ? { abi: G.Serializer.objectify(acc.abi) } : {}) }
    },
    get_raw_abi: (p) => {
      const acc = account(p.account_name)
      const abi = acc.abi ? G.Serializer.encode({ object: acc.abi }).array : new Uint8Array()
      const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
      return {
        account_name: acc.name.toString(),
        code_hash: acc.wasm ? sha(acc.wasm) : '0'.repeat(64),
        abi_hash: abi.length ? sha(abi) : '0'.repeat(64),
        abi: Buffer.from(abi).toString('base64'),
      }
    },
    get_table_rows: (p) => getTableRows(bc, p as GetTableRowsParams),
    get_table_by_scope: (p) => getTableByScope(bc, p as never),
    get_currency_balance: (p) => {
      account(p.code)
      const rows = tokenRows(String(p.code), 'accounts', String(p.account))
      return rows.map((r) => r.balance as string).filter((b) => !p.symbol || b.endsWith(` ${String(p.symbol)}`))
    },
    get_currency_stats: (p) => {
      account(p.code)
      const symbol = String(p.symbol ?? '')
      const [row] = tokenRows(String(p.code), 'stat', symbol)
      return row ? { [symbol]: row } : {}
    },
    get_required_keys: (p) => {
      const trx = p.transaction as
        | { actions?: { authorization?: { actor: string; permission: string }[] }[] }
        | undefined
      const available = new Set(
        (Array.isArray(p.available_keys) ? p.available_keys : []).map((k) => G.PublicKey.from(String(k)).toString()),
      )
      const required = new Set<string>()
      for (const action of trx?.actions ?? []) {
        for (const auth of action.authorization ?? []) {
          const perm = account(auth.actor).permissions.find((x) => x.perm_name.equals(auth.permission))
          const key = perm?.required_auth.keys.map((k) => String(k.key)).find((k) => available.has(k))
          if (!key)
            throw new NodeosApiError('unsatisfied', `no available key satisfies ${auth.actor}@${auth.permission}`)
          required.add(key)
        }
      }
      return { required_keys: [...required] }
    },
    push_transaction: (p) => chain.pushTransaction(p),
    send_transaction: (p) => chain.pushTransaction(p),
    send_transaction2: (p) => chain.pushTransaction((p.transaction ?? {}) as Params),
  }

  /** The JSON object of a request body: empty means `{}`; anything else that is not an object is a parse error. */
  const paramsOf = async (request: NodeRequest): Promise<Params> => {
    const text = (await request.body()).toString('utf8').trim()
    try {
      const params = text ? (JSON.parse(text) as unknown) : {}
      if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new Error('not an object')
      return params as Params
    } catch {
      // [NP-CHAIN-037]
      throw new NodeosApiError('parse', 'Unable to parse valid input from POST body: invalid JSON')
    }
  }
  const counted = async (endpoint: string, run: () => unknown) => {
    try {
      const body = await run()
      requests.inc({ endpoint, result: 'ok' })
      return { body }
    } catch (error) {
      requests.inc({ endpoint, result: 'error' })
      throw error
    }
  }

  const app = createNodeApp({
    name: 'chain',
    metrics,
    health,
    maxBodyBytes,
    errors: nodeosErrorFormat,
    accessLog: 'debug',
    ...(log ? { log } : {}),
  })
  app.route(['GET', 'POST'], '/v1/chain/:endpoint', async (request) => {
    const name = request.params.endpoint ?? ''
    const endpoint = Object.hasOwn(endpoints, name) ? endpoints[name] : undefined
    if (endpoint === undefined) {
      requests.inc({ endpoint: 'unknown', result: 'error' })
      throw new NodeosApiError('unknownEndpoint', `Unknown endpoint ${request.path}`)
    }
    const params = await paramsOf(request)
    return counted(name, () => endpoint(params))
  })
  if (options.dev) {
    // [NP-CHAIN-039] development only: move the chain's clock forward
    app.route(['GET', 'POST'], '/v1/devnet/time', async (request) => {
      const params = await paramsOf(request)
      return counted('devnet_time', () => {
        const seconds = Number(params.seconds)
        if (!Number.isFinite(seconds) || seconds < 0)
          throw new NodeosApiError('badRequest', 'seconds must be a non-negative number')
        chain.addTime(seconds)
        chain.produceBlock()
        return info()
      })
    })
  }

  return { chain, app, metrics, health }
}

/** The chain API returned by {@link createChainApi}: the chain, and the node-kit app that serves it. */
export type ChainApi = {
  chain: DevChain
  /** `/v1/chain/*` (and `/v1/devnet/time` with `dev`), `/healthz`, `/readyz`, `/metrics`. */
  app: NodeApp
  metrics: Metrics
  health: Health
}

/** A chain API listening on a port. */
export type RunningChainApi = ChainApi & { url: string; stop: () => Promise<void> }

/** Options of {@link startChainApi}. */
export type StartChainApiOptions = CreateChainApiOptions & {
  /** Default `127.0.0.1`. */
  host?: string
  /** Default 0 (a free port); the devnet uses 8888, nodeos' default. */
  port?: number
}

/**
 * Creates the chain API, starts block production and listens on a port.
 *
 * @example
 * import { startChainApi } from '@spaceos/chain-node'
 * const api = await startChainApi({ port: 8888 })
 * console.log(api.url, api.chain.keys)
 * await api.stop()
 */
export async function startChainApi(options: StartChainApiOptions = {}): Promise<RunningChainApi> {
  const api = await createChainApi(options)
  const server = await serveNodeApp(api.app, { host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
  api.chain.startProducing()
  return {
    ...api,
    url: server.url,
    stop: async () => {
      api.chain.stop()
      await server.close()
    },
  }
}
