import type { ServiceImpl } from '@connectrpc/connect'
import { createContextValues } from '@connectrpc/connect'
import { IdentityService } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { createLogger, createNodeApp, type Logger, type NodeApp } from '@spaceos/node-kit'
import type { Clock } from './clock.ts'
import type { IdentityContext } from './context.ts'
import type { KeyRing } from './keyRing.ts'
import { jwks } from './routes/jwks.ts'
import { restNonce } from './routes/restNonce.ts'
import { restVerify } from './routes/restVerify.ts'
import { createIdentityService, sourceContextKey } from './service.ts'
import type { IdentityStore } from './store/types.ts'
import type { NativeCreator, WalletCustody } from './wallets/custody.ts'
import { createWalletProvisioner } from './wallets/provisionWallets.ts'

/** Options of {@link createIdentityNode}. */
export type IdentityNodeOptions = {
  store: IdentityStore
  clock: Clock
  keys: KeyRing
  /** Stops background work (pruning) when aborted. */
  signal: AbortSignal
  /** Public base URL, e.g. `https://id.spaceos.example`: the JWT `iss` and the message's `URI`. */
  issuer: string
  /** Logger; default a node-kit logger named `identity` at `info`. */
  log?: Logger
  /** Largest accepted request body in bytes; default 65536 (login and device bodies are < 2 KiB). */
  maxBodyBytes?: number
  /**
   * KIS, which creates and holds the proxy and native keys (spec/AUTH.md §9). Without it the node still works and
   * `GetWallets` reports the proxy and native wallets as not provisioned (empty) [NP-AUTH-108].
   */
  custody?: WalletCustody
  /** The Antelope chain API and the `newaccount` creator (its key in KIS); without it no native account is created. */
  chain?: { url: string; creator: NativeCreator; timeoutMs?: number }
  /** Longest a login waits for wallet provisioning; default 5000 ms (then it goes on in the background). */
  walletWaitMs?: number
}

/** What {@link createIdentityNode} returns: the handlers a bin mounts on a server. */
export type IdentityNode = {
  /** The Connect `IdentityService` implementation (transport-independent). */
  service: ServiceImpl<typeof IdentityService>
  /** REST (§2), JWKS and the Connect service, with `/healthz`, `/readyz` and `/metrics`, on the node-kit server layer. */
  app: NodeApp
  context: IdentityContext
}

/**
 * Creates the identity reference node (spec/AUTH.md) over its store, clock and key ring. Only its bin listens.
 *
 * @example
 * import { serveNodeApp } from '@spaceos/node-kit'
 * import { createIdentityNode, createKeyRing, createSqliteStore, systemClock } from '@spaceos/identity-node'
 * const node = createIdentityNode({
 *   store: createSqliteStore({ path: 'identity.db' }), clock: systemClock,
 *   keys: await createKeyRing({ clock: systemClock }), signal: AbortSignal.timeout(60_000),
 *   issuer: 'http://127.0.0.1:8090',
 * })
 * await serveNodeApp(node.app, { port: 8090 })
 */
export function createIdentityNode(options: IdentityNodeOptions): IdentityNode {
  const log = options.log ?? createLogger({ name: 'identity' })
  const app = createNodeApp({ name: 'identity', log, maxBodyBytes: options.maxBodyBytes ?? 65_536 })
  const logins = app.metrics.counter('logins_total', 'Login verifications by result', ['result'])
  const limited = app.metrics.counter('rate_limited_total', 'Requests refused by a rate limit', ['limit'])
  const walletSteps = app.metrics.counter('wallet_steps_total', 'Wallet provisioning steps by wallet and result', [
    'wallet',
    'result',
  ])
  app.health.set('store', true)
  const issuer = options.issuer.replace(/\/$/, '')
  const context: IdentityContext = {
    store: options.store,
    clock: options.clock,
    keys: options.keys,
    issuer,
    domain: new URL(issuer).host,
    log,
    wallets: createWalletProvisioner({
      store: options.store,
      clock: options.clock,
      log,
      ...(options.custody === undefined ? {} : { custody: options.custody }),
      ...(options.chain === undefined ? {} : { chain: options.chain }),
      onOutcome: (wallet, result) => walletSteps.inc({ wallet, result }),
    }),
    walletWaitMs: options.walletWaitMs ?? 5_000,
    counters: {
      logins: (result) => logins.inc({ result }),
      rateLimited: (limit) => limited.inc({ limit }),
    },
  }
  const service = createIdentityService(context)
  app
    .get('/api/auth/nonce', (request) => restNonce(context, request))
    .post('/api/auth/verify', (request) => restVerify(context, request))
    .get('/.well-known/jwks.json', () => jwks(context))
    .connect({
      routes: (router) => router.service(IdentityService, service),
      contextValues: (req) => createContextValues().set(sourceContextKey, req.socket.remoteAddress ?? 'unknown'),
    })

  const prune = setInterval(() => {
    options.store.prune(options.clock.now()).catch((error: unknown) => log.warn({ err: error }, 'prune failed'))
  }, 60_000)
  prune.unref()
  options.signal.addEventListener('abort', () => clearInterval(prune), { once: true })

  return { service, context, app }
}
