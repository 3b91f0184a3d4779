import { KIS_HMAC_WINDOW_S } from '@spaceos/generated/parameters'
import { createLogger, createNodeApp, type Health, type Logger, type NodeApp } from '@spaceos/node-kit'
import type { AuditLog } from './audit.ts'
import type { Caller } from './auth.ts'
import { authenticated } from './authenticated.ts'
import type { KisRoute } from './context.ts'
import { antelopeChainIdOf, type KisContext } from './context.ts'
import { KisNodeError } from './errors.ts'
import { adminImport } from './handlers/adminImport.ts'
import { createKey } from './handlers/createKey.ts'
import { getKey } from './handlers/getKey.ts'
import { rotateKey } from './handlers/rotateKey.ts'
import { signEvm } from './handlers/signEvm.ts'
import { signNative } from './handlers/signNative.ts'
import type { KeyStore } from './keyStore.ts'

/** Options of {@link createKisNode}. */
export type KisNodeOptions = {
  store: KeyStore
  /** Signing callers and admin callers (`/admin/import` only) [NP-KEY-027]. */
  callers: readonly Caller[]
  audit: AuditLog
  log?: Logger
  /** Default EVM JSON-RPC URL for rotation sweeps. */
  evmRpcUrl?: string | undefined
  /** Default Antelope HTTP API URL for rotation `updateauth` (and the chain ID when none is configured). */
  antelopeUrl?: string | undefined
  /** Hex chain ID `/sign-native` signs for; default the `chain_id` of `antelopeUrl`'s `get_info`. */
  antelopeChainId?: string | undefined
  /** Largest request body in bytes; default 65536. */
  maxBodyBytes?: number
  /** HMAC window in seconds; default `KIS_HMAC_WINDOW_S`. */
  windowS?: number
  /** Clock in Unix seconds (tests). */
  nowS?: () => number
  /** With mutual TLS: the client certificate's subject CN must equal the caller ID (`X-KIS-Key-Id`). */
  bindTlsCaller?: boolean
  /** ERC-20 contracts every EVM rotation sweeps, besides the ones a request lists (e.g. the bridged stablecoins). */
  sweepTokens?: readonly `0x${string}`[]
}

const unknownEndpoint: KisRoute = {
  role: 'any',
  handle: async () => {
    throw new KisNodeError('NOT_FOUND', { message: 'No such KIS endpoint.' })
  },
}

/** What {@link createKisNode} returns. */
export type KisNode = {
  /** The KIS endpoints with `/healthz`, `/readyz` and `/metrics`, on the node-kit server layer. */
  app: NodeApp
  health: Health
}

/**
 * The KIS reference node (spec/AUTH.md §9): HMAC-authenticated JSON endpoints over an encrypted key store, one
 * handler per endpoint in `handlers/`. Only its bin listens (see {@link startKisServer}).
 *
 * @example
 * import { serveNodeApp } from '@spaceos/node-kit'
 * import { createKisNode, openAuditLog, openKeyStore } from '@spaceos/kis-node'
 * const store = await openKeyStore({ path: 'kis.db', masterSecret: process.env.KIS_MASTER_SECRET ?? '' })
 * const kis = createKisNode({ store, audit: openAuditLog('audit.jsonl'), callers: [] })
 * await serveNodeApp(kis.app, { port: 8091 })
 */
export function createKisNode(options: KisNodeOptions): KisNode {
  const log = options.log ?? createLogger({ name: 'kis' })
  const app = createNodeApp({ name: 'kis', log, maxBodyBytes: options.maxBodyBytes ?? 65_536 })
  const requests = app.metrics.counter('requests_total', 'KIS requests by endpoint and outcome', [
    'endpoint',
    'outcome',
  ])
  app.health.set('store', true)
  const context: KisContext = {
    store: options.store,
    log,
    callers: new Map(options.callers.map((c) => [c.id, c])),
    evmRpcUrl: options.evmRpcUrl,
    antelopeUrl: options.antelopeUrl,
    sweepTokens: options.sweepTokens ?? [],
    antelopeChainId: antelopeChainIdOf(options.antelopeChainId, options.antelopeUrl),
    rotating: new Set(),
  }
  const pipeline = {
    context,
    audit: options.audit,
    log,
    windowS: options.windowS ?? KIS_HMAC_WINDOW_S,
    nowS: options.nowS ?? (() => Math.floor(Date.now() / 1000)),
    bindTlsCaller: options.bindTlsCaller ?? false,
    count: (endpoint: string, outcome: string) => requests.inc({ endpoint, outcome }),
  }
  app
    .post('/keys', authenticated(pipeline, 'POST /keys', createKey))
    .get('/keys/:id', authenticated(pipeline, 'GET /keys/:id', getKey))
    .post('/sign-evm', authenticated(pipeline, 'POST /sign-evm', signEvm))
    .post('/sign-native', authenticated(pipeline, 'POST /sign-native', signNative))
    .post('/rotate', authenticated(pipeline, 'POST /rotate', rotateKey))
    .post('/admin/import', authenticated(pipeline, 'POST /admin/import', adminImport))
    // Anything else is authenticated and audited like every request [NP-KEY-028], then answered NOT_FOUND.
    .route(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/*', authenticated(pipeline, undefined, unknownEndpoint))
  return { app, health: app.health }
}
