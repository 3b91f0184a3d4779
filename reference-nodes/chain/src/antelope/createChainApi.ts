import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as G from '@greymass/eosio'
import { ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { createHealth, createMetrics, type Health, type Logger, type Metrics } from '@spaceos/node-kit'
import { BODY_BLOCKS, type CreateDevChainOptions, createDevChain, type DevChain } from './createDevChain.ts'
import { NodeosApiError } from './nodeosError.ts'
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
 * [NP-CHAIN-031]. Returns a Node HTTP handler; produce blocks with `chain.startProducing()`.
 *
 * @example
 * import { createServer } from 'node:http'
 * import { createChainApi } from '@spaceos/chain-node'
 * const api = await createChainApi()
 * api.chain.startProducing()
 * createServer(api.handle).listen(8888, '127.0.0.1')
 */
export async function createChainApi(options: CreateChainApiOptions = {}) {
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

  const send = (res: ServerResponse, status: number, body: unknown) => {
    let text: string
    try {
      text = JSON.stringify(body) // the common case: no bigint anywhere, no replacer call per value
    } catch {
      text = JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
    }
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.end(text)
  }
  const fail = (res: ServerResponse, endpoint: string, error: unknown) => {
    const e =
      error instanceof NodeosApiError ? error : new NodeosApiError('tx', (error as Error)?.message ?? String(error))
    if (!(error instanceof NodeosApiError)) log?.error({ err: error, endpoint }, 'chain api internal error')
    requests.inc({ endpoint, result: 'error' })
    const { status, body } = e.toResponse()
    send(res, status, body)
  }

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (req.method === 'GET' && path === '/healthz') return health.liveness(req, res)
    if (req.method === 'GET' && path === '/readyz') return health.readiness(req, res)
    if (req.method === 'GET' && path === '/metrics') return void metrics.handler(req, res)
    const match = path.match(/^\/v1\/chain\/([a-z_0-9]+)$/)
    const devTime = options.dev && path === '/v1/devnet/time'
    const endpoint = match?.[1] ?? (devTime ? 'devnet_time' : undefined)
    const fn = match ? endpoints[match[1] as string] : undefined
    if (!fn && !devTime) return fail(res, 'unknown', new NodeosApiError('unknownEndpoint', `Unknown endpoint ${path}`))
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) {
      req.resume()
      return fail(res, endpoint as string, new NodeosApiError('tooLarge', `request body exceeds ${maxBodyBytes} bytes`))
    }
    const chunks: Buffer[] = []
    let size = 0
    let aborted = false
    req.on('data', (chunk: Buffer) => {
      if (aborted) return
      size += chunk.length
      if (size > maxBodyBytes) {
        aborted = true
        fail(res, endpoint as string, new NodeosApiError('tooLarge', `request body exceeds ${maxBodyBytes} bytes`))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (aborted) return
      const text = Buffer.concat(chunks).toString('utf8').trim()
      let params: Params = {}
      try {
        if (text) params = JSON.parse(text) as Params
        if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new Error('not an object')
      } catch {
        // [NP-CHAIN-037]
        return fail(
          res,
          endpoint as string,
          new NodeosApiError('parse', 'Unable to parse valid input from POST body: invalid JSON'),
        )
      }
      Promise.resolve()
        .then(() => {
          if (devTime) {
            const seconds = Number(params.seconds)
            if (!Number.isFinite(seconds) || seconds < 0)
              throw new NodeosApiError('badRequest', 'seconds must be a non-negative number')
            chain.addTime(seconds)
            chain.produceBlock()
            return info()
          }
          return (fn as (p: Params) => unknown)(params)
        })
        .then(
          (body) => {
            requests.inc({ endpoint: endpoint as string, result: 'ok' })
            send(res, 200, body)
          },
          (error: unknown) => fail(res, endpoint as string, error),
        )
    })
  }

  return { chain, handle, metrics, health }
}

/** The chain API returned by {@link createChainApi}. */
export type ChainApi = Awaited<ReturnType<typeof createChainApi>>

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
export async function startChainApi(options: StartChainApiOptions = {}) {
  const api = await createChainApi(options)
  const server: Server = createServer(api.handle)
  // Idle keep-alive connections stay open a minute (Node's default is 5 s): fewer reconnects, and fewer races where a
  // client reuses a socket the server is just closing.
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
  })
  api.chain.startProducing()
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    ...api,
    server,
    url: `http://${host}:${address.port}`,
    stop: async () => {
      api.chain.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
