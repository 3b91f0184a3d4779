import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import {
  createHealth,
  createMetrics,
  createNodeApp,
  type ErrorFormat,
  type Health,
  type Logger,
  type Metrics,
  type NodeApp,
  retryAfterHeader,
  serveNodeApp,
} from '@spaceos/node-kit'
import { ProtocolError } from '@spaceos/protocol'
import { type Hex, recoverTransactionAddress, type TransactionSerializedLegacy, toHex } from 'viem'
import { ChainNodeError, TxWrapperRejectedError, UpstreamChainMismatchError } from '../errors.ts'
import { type Anvil, type StartAnvilOptions, startAnvil } from './anvil.ts'
import { type CreationSimulation, checkCreationCode, checkRawTransaction } from './checkRawTransaction.ts'

/** Options of {@link createTxWrapper}. */
export type CreateTxWrapperOptions = {
  /** JSON-RPC URL of the EVM node behind the wrapper (anvil). */
  upstreamUrl: string
  /** Let anvil's cheat methods (`anvil_*`, `evm_*`, `hardhat_*`, `debug_*` …) through. Default false [NP-EVM-014]. */
  dev?: boolean
  /** Largest request body in bytes. Default 1 MiB. */
  maxBodyBytes?: number
  /** Largest JSON-RPC batch. Default 100. */
  maxBatch?: number
  logger?: Logger
  metrics?: Metrics
  health?: Health
}

/** The tx-wrapper: an HTTP handler plus the JSON-RPC dispatcher behind it. */
export type TxWrapper = {
  /** `POST /` (and `/tx`) JSON-RPC, `GET /healthz`, `/readyz`, `/metrics`, on the node-kit server layer. */
  app: NodeApp
  /** Answers one parsed JSON-RPC payload (object or batch); `undefined` when nothing is to be sent (notifications). */
  rpc: (payload: unknown) => Promise<unknown>
  /** Checks that the upstream answers with chain ID `EVM_CHAIN_ID`; marks `/readyz` ready. */
  checkUpstream: () => Promise<void>
  metrics: Metrics
  health: Health
}

type JsonRpcRequest = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown }

const PASS_THROUGH = /^(eth|net|web3)_/
const CHEAT = /^(anvil|evm|hardhat|debug|ots|trace|txpool|personal|admin|miner)_/
/** eth_* methods that need keys held by the node: there are no unlocked accounts on the real chain. */
const NEEDS_UNLOCKED = new Set([
  'eth_sendTransaction',
  'eth_signTransaction',
  'eth_sign',
  'eth_signTypedData',
  'eth_signTypedData_v3',
  'eth_signTypedData_v4',
])

const rpcError = (id: unknown, code: number, message: string, data?: unknown) => ({
  jsonrpc: '2.0',
  id: id ?? null,
  error: { code, message, ...(data === undefined ? {} : { data }) },
})

/**
 * Creates the white paper's tx-wrapper (§7.1): a JSON-RPC front for the EVM node that enforces the real chain's rules
 * on `eth_sendRawTransaction` ([NP-EVM-004], [NP-EVM-010]–[NP-EVM-012]), answers `eth_gasPrice` with the fixed
 * `EVM_GAS_PRICE_WEI`, passes standard `eth_*`/`net_*`/`web3_*` methods through [NP-EVM-013], refuses cheat methods
 * unless `dev` is set [NP-EVM-014] and answers malformed or oversized bodies without forwarding them [NP-EVM-015].
 *
 * @example
 * import { serveNodeApp } from '@spaceos/node-kit'
 * import { createTxWrapper } from '@spaceos/chain-node'
 * const wrapper = createTxWrapper({ upstreamUrl: 'http://127.0.0.1:18545' })
 * await wrapper.checkUpstream()
 * await serveNodeApp(wrapper.app, { port: 8545 })
 */
export function createTxWrapper(options: CreateTxWrapperOptions): TxWrapper {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024
  const maxBatch = options.maxBatch ?? 100
  const metrics = options.metrics ?? createMetrics({ prefix: 'spaceos_txwrapper_', defaults: false })
  const health = options.health ?? createHealth()
  health.set('upstream', false)
  const requests = metrics.counter('requests_total', 'JSON-RPC requests by method and result', ['method', 'result'])
  const log = options.logger

  const forward = async (request: JsonRpcRequest) => {
    let response: Response
    try {
      response = await fetch(options.upstreamUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: request.id ?? null,
          method: request.method,
          params: request.params,
        }),
      })
    } catch (cause) {
      log?.warn({ err: cause }, 'upstream unreachable')
      health.set('upstream', false)
      return rpcError(request.id, -32603, 'The EVM node behind the tx-wrapper is unreachable; retry shortly.')
    }
    const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined
    if (!body || typeof body !== 'object') {
      return rpcError(request.id, -32603, `The EVM node answered HTTP ${response.status} without a JSON-RPC body.`)
    }
    return { ...body, id: request.id ?? null }
  }

  const answer = async (request: unknown): Promise<Record<string, unknown>> => {
    if (!request || typeof request !== 'object' || Array.isArray(request)) {
      return rpcError(null, -32600, 'Invalid request: expected a JSON-RPC 2.0 object with "method".')
    }
    const { id, method, params } = request as JsonRpcRequest
    if (typeof method !== 'string' || method.length === 0) {
      return rpcError(id, -32600, 'Invalid request: "method" must be a non-empty string.')
    }
    if (params !== undefined && typeof params !== 'object') {
      return rpcError(id, -32602, 'Invalid params: "params" must be an array or an object.')
    }
    if (NEEDS_UNLOCKED.has(method)) {
      return rpcError(
        id,
        -32601,
        `${method} is not available: the SPACE OS EVM holds no unlocked accounts. Sign the transaction locally ` +
          '(type legacy, chain ID 800000, gas price 150 gwei) and send it with eth_sendRawTransaction.',
      )
    }
    if (method === 'eth_gasPrice')
      return { jsonrpc: '2.0', id: id ?? null, result: `0x${EVM_GAS_PRICE_WEI.toString(16)}` }
    if (method === 'eth_sendRawTransaction') {
      try {
        const raw = Array.isArray(params) ? params[0] : undefined
        const tx = checkRawTransaction(raw)
        if (tx.to === undefined || tx.to === null) {
          await checkCreationCode(tx.data ?? '0x', async (): Promise<CreationSimulation> => {
            const from = await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerializedLegacy })
            const call = {
              from,
              data: tx.data ?? '0x',
              value: toHex(tx.value ?? 0n),
              gas: toHex(tx.gas ?? 30_000_000n),
              gasPrice: '0x0',
            }
            const answer = (await forward({ id: 0, method: 'eth_call', params: [call, 'pending'] })) as {
              result?: Hex
              error?: { message?: string }
            }
            return typeof answer.result === 'string'
              ? { ok: true, runtimeCode: answer.result }
              : { ok: false, message: String(answer.error?.message ?? '') }
          })
        }
      } catch (error) {
        if (error instanceof TxWrapperRejectedError) {
          return rpcError(id, error.rpcCode, error.message, { reason: error.code, ...error.details })
        }
        throw error
      }
      return forward({ id, method, params })
    }
    if (PASS_THROUGH.test(method)) return forward({ id, method, params })
    if (CHEAT.test(method)) {
      if (options.dev) return forward({ id, method, params })
      return rpcError(
        id,
        -32601,
        `${method} is a development cheat method and is refused: it could mint unbacked SPACE or rewrite state. ` +
          'Start the devnet with the dev flag (--dev) to enable it locally.',
      )
    }
    return rpcError(
      id,
      -32601,
      `Method not found: ${method}. The SPACE OS EVM serves the standard eth_*, net_* and web3_* methods.`,
    )
  }

  const counted = async (request: unknown) => {
    const response = await answer(request)
    const method = (request as JsonRpcRequest | null)?.method
    const label = typeof method === 'string' && (PASS_THROUGH.test(method) || CHEAT.test(method)) ? method : 'other'
    requests.inc({ method: label, result: 'error' in response ? 'error' : 'ok' })
    return response
  }

  const rpc = async (payload: unknown): Promise<unknown> => {
    if (Array.isArray(payload)) {
      if (payload.length === 0) return rpcError(null, -32600, 'Invalid request: empty batch.')
      if (payload.length > maxBatch) {
        return rpcError(null, -32600, `Invalid request: a batch holds at most ${maxBatch} requests.`)
      }
      return Promise.all(payload.map(counted))
    }
    return counted(payload)
  }

  const app = createNodeApp({
    name: 'txwrapper',
    metrics,
    health,
    maxBodyBytes,
    errors: jsonRpcErrorFormat(maxBodyBytes),
    accessLog: 'debug',
    ...(log ? { log } : {}),
  })
  // [NP-EVM-015] malformed or oversized bodies are answered by the layer (jsonRpcErrorFormat), never forwarded
  const serve = async (request: Parameters<Parameters<NodeApp['post']>[1]>[0]) => ({
    body: await rpc(await request.json()),
  })
  app.post('/', serve).post('/tx', serve)

  const checkUpstream = async () => {
    const response = (await forward({ id: 1, method: 'eth_chainId', params: [] })) as {
      result?: string
      error?: unknown
    }
    if (typeof response.result !== 'string') {
      throw new ChainNodeError(
        'UPSTREAM_UNAVAILABLE',
        `The EVM node at ${options.upstreamUrl} did not answer eth_chainId.`,
      )
    }
    if (Number(response.result) !== EVM_CHAIN_ID) throw new UpstreamChainMismatchError(EVM_CHAIN_ID, response.result)
    health.set('upstream', true)
  }

  return { app, rpc, checkUpstream, metrics, health }
}

/** Options of {@link startTxWrapper}: listen address, plus either an upstream URL or options to start anvil. */
export type StartTxWrapperOptions = Omit<CreateTxWrapperOptions, 'upstreamUrl'> & {
  /** Default `127.0.0.1`. */
  host?: string
  /** Default 0 (a free port); the devnet uses 8545, the port EVM clients expect. */
  port?: number
} & ({ upstreamUrl: string; anvil?: never } | { upstreamUrl?: never; anvil: StartAnvilOptions })

/** A listening tx-wrapper (and the anvil it started, if any). */
export type RunningTxWrapper = TxWrapper & {
  url: string
  anvil: Anvil | undefined
  stop: () => Promise<void>
}

/**
 * Starts the tx-wrapper on a port, in front of a given upstream or of an anvil it starts itself (stopped with it).
 *
 * @example
 * import { startTxWrapper } from '@spaceos/chain-node'
 * const wrapper = await startTxWrapper({ port: 8545, anvil: { stateFile: '.spaceos/evm-state.json' } })
 * console.log(wrapper.url) // http://127.0.0.1:8545
 * await wrapper.stop()
 */
export async function startTxWrapper(options: StartTxWrapperOptions): Promise<RunningTxWrapper> {
  const anvil = options.anvil
    ? await startAnvil({ ...(options.logger ? { logger: options.logger } : {}), ...options.anvil })
    : undefined
  try {
    const upstreamUrl = anvil?.rpcUrl ?? (options.upstreamUrl as string)
    const wrapper = createTxWrapper({ ...options, upstreamUrl })
    await wrapper.checkUpstream()
    const server = await serveNodeApp(wrapper.app, { host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
    const stop = async () => {
      await server.close()
      await anvil?.stop()
    }
    return { ...wrapper, url: server.url, anvil, stop }
  } catch (error) {
    await anvil?.stop()
    throw error
  }
}

/**
 * The tx-wrapper's errors as JSON-RPC 2.0 error objects for the node-kit server layer: an oversized body 413 with
 * -32600, a body that is not JSON 400 with -32700 (parse error), an unknown path 404 with -32601, an internal fault 500
 * with -32603 that names only the request ID [NP-EVM-015] [NP-ERR-036].
 */
export function jsonRpcErrorFormat(maxBodyBytes: number): ErrorFormat {
  return {
    name: 'json-rpc',
    render(error, requestId) {
      if (!(error instanceof ProtocolError)) return undefined
      switch (error.code) {
        case 'FRAME_TOO_LARGE':
          return {
            status: 413,
            body: rpcError(null, -32600, `Request body exceeds ${maxBodyBytes} bytes; split the batch.`),
          }
        case 'MALFORMED_FRAME':
          return { status: 400, body: rpcError(null, -32700, 'Parse error: the request body is not valid JSON.') }
        case 'NOT_FOUND':
          return {
            status: 404,
            body: rpcError(null, -32601, 'Send JSON-RPC as POST to / (GET /healthz, /readyz, /metrics).'),
          }
        case 'UNAVAILABLE':
          return { status: 503, body: rpcError(null, -32603, error.message), headers: retryAfterHeader(error) }
        case 'INTERNAL':
          return {
            status: 500,
            body: rpcError(
              null,
              -32603,
              `Internal error in the tx-wrapper; it logged it under request ID ${requestId}.`,
            ),
          }
        default:
          return undefined
      }
    },
  }
}
