import type { IncomingMessage, ServerResponse } from 'node:http'
import { create, type DescMessage, fromJson, type MessageInitShape, toJson } from '@bufbuild/protobuf'
import {
  type ConnectRouter,
  createContextKey,
  createContextValues,
  type HandlerContext,
  type ServiceImpl,
} from '@connectrpc/connect'
import { connectNodeAdapter } from '@connectrpc/connect-node'
import { JWKS_CACHE_MAX_AGE_S } from '@spaceos/generated/parameters'
import {
  GetNonceRequestSchema,
  GetNonceResponseSchema,
  IdentityService,
  VerifyRequestSchema,
  VerifyResponseSchema,
} from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { createHealth, createLogger, createMetrics, type Logger } from '@spaceos/node-kit'
import { MalformedFrameError } from '@spaceos/protocol'
import type { Clock } from './clock.ts'
import type { CallInfo, IdentityContext } from './context.ts'
import { toConnectError, toHttpError } from './errorMapping.ts'
import { FieldInvalidError, IdentityError, ResourceNotFoundError } from './errors.ts'
import { checkApiKey } from './handlers/checkApiKey.ts'
import { completePairing } from './handlers/completePairing.ts'
import { createApiKey } from './handlers/createApiKey.ts'
import { createPairingCode } from './handlers/createPairingCode.ts'
import { getDevice } from './handlers/getDevice.ts'
import { getDeviceChallenge } from './handlers/getDeviceChallenge.ts'
import { getJwks } from './handlers/getJwks.ts'
import { getKeyEnvelopes } from './handlers/getKeyEnvelopes.ts'
import { getNonce } from './handlers/getNonce.ts'
import { getPairingResult } from './handlers/getPairingResult.ts'
import { getPairingStatus } from './handlers/getPairingStatus.ts'
import { getWallets } from './handlers/getWallets.ts'
import { listApiKeys } from './handlers/listApiKeys.ts'
import { listDevices } from './handlers/listDevices.ts'
import { type PairingFaults, redeemPairingCode } from './handlers/redeemPairingCode.ts'
import { refreshDeviceToken } from './handlers/refreshDeviceToken.ts'
import { registerDevice } from './handlers/registerDevice.ts'
import { revokeApiKey } from './handlers/revokeApiKey.ts'
import { revokeDevice } from './handlers/revokeDevice.ts'
import { rotateKeyEpoch } from './handlers/rotateKeyEpoch.ts'
import { verify } from './handlers/verify.ts'
import type { KeyRing } from './keyRing.ts'
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
  /** Deliberate faults for conformance teeth tests only (`nonceNotConsumed`, `noAttemptLimit`). */
  faults?: IdentityFaults
}

/** Deliberate faults that break the spec; used only to prove the conformance suite fails a broken node. */
export type IdentityFaults = PairingFaults & { nonceNotConsumed?: boolean }

/** What {@link createIdentityNode} returns: the handlers a bin mounts on a server. */
export type IdentityNode = {
  /** The Connect `IdentityService` implementation (transport-independent). */
  service: ServiceImpl<typeof IdentityService>
  /** One Node HTTP handler for REST (§2), JWKS, Connect, `/healthz`, `/readyz` and `/metrics`. */
  http: (req: IncomingMessage, res: ServerResponse) => void
  context: IdentityContext
}

const sourceContextKey = createContextKey<string>('unknown', { description: 'source IP address' })

function callInfo(handlerContext: HandlerContext): CallInfo {
  return {
    authorization: handlerContext.requestHeader.get('authorization') ?? undefined,
    source: handlerContext.values.get(sourceContextKey),
  }
}

/**
 * Creates the identity reference node (spec/AUTH.md) over its store, clock and key ring. Only its bin listens.
 *
 * @example
 * import { createServer } from 'node:http'
 * import { createIdentityNode, createKeyRing, createSqliteStore, systemClock } from '@spaceos/identity-node'
 * const node = createIdentityNode({
 *   store: createSqliteStore({ path: 'identity.db' }), clock: systemClock,
 *   keys: await createKeyRing({ clock: systemClock }), signal: AbortSignal.timeout(60_000),
 *   issuer: 'http://127.0.0.1:8090',
 * })
 * createServer(node.http).listen(8090)
 */
export function createIdentityNode(options: IdentityNodeOptions): IdentityNode {
  const log = options.log ?? createLogger({ name: 'identity' })
  const metrics = createMetrics({ prefix: 'spaceos_identity_', defaults: false })
  const logins = metrics.counter('logins_total', 'Login verifications by result', ['result'])
  const limited = metrics.counter('rate_limited_total', 'Requests refused by a rate limit', ['limit'])
  const walletSteps = metrics.counter('wallet_steps_total', 'Wallet provisioning steps by wallet and result', [
    'wallet',
    'result',
  ])
  const health = createHealth()
  health.set('store', true)
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
  const maxBodyBytes = options.maxBodyBytes ?? 65_536
  const faults = options.faults ?? {}

  const wrap =
    <Request, Response>(handler: (request: Request, call: CallInfo) => Promise<Response>) =>
    async (request: Request, handlerContext: HandlerContext): Promise<Response> => {
      try {
        return await handler(request, callInfo(handlerContext))
      } catch (error) {
        if (!(error instanceof IdentityError)) log.error({ err: error }, 'unexpected error')
        throw toConnectError(error)
      }
    }

  const service: ServiceImpl<typeof IdentityService> = {
    getNonce: wrap((request, call) => getNonce(context, request, call)),
    verify: wrap((request) => verify(context, request, faults)),
    createPairingCode: wrap((_request, call) => createPairingCode(context, call)),
    redeemPairingCode: wrap((request, call) => redeemPairingCode(context, request, call, faults)),
    getPairingStatus: wrap((request, call) => getPairingStatus(context, request, call)),
    completePairing: wrap((request, call) => completePairing(context, request, call)),
    getPairingResult: wrap((request) => getPairingResult(context, request)),
    registerDevice: wrap((request, call) => registerDevice(context, request, call)),
    listDevices: wrap((request, call) => listDevices(context, request, call)),
    revokeDevice: wrap((request, call) => revokeDevice(context, request, call)),
    getDevice: wrap((request, call) => getDevice(context, request, call)),
    getJwks: wrap(() => getJwks(context)),
    getDeviceChallenge: wrap((request) => getDeviceChallenge(context, request)),
    refreshDeviceToken: wrap((request) => refreshDeviceToken(context, request)),
    createApiKey: wrap((request, call) => createApiKey(context, request, call)),
    listApiKeys: wrap((_request, call) => listApiKeys(context, call)),
    revokeApiKey: wrap((request, call) => revokeApiKey(context, request, call)),
    checkApiKey: wrap((request, call) => checkApiKey(context, request, call)),
    getWallets: wrap((_request, call) => getWallets(context, call)),
    rotateKeyEpoch: wrap((request, call) => rotateKeyEpoch(context, request, call)),
    getKeyEnvelopes: wrap((request, call) => getKeyEnvelopes(context, request, call)),
  }

  const connect = connectNodeAdapter({
    routes: (router: ConnectRouter) => {
      router.service(IdentityService, service)
    },
    readMaxBytes: maxBodyBytes,
    contextValues: (req) => createContextValues().set(sourceContextKey, req.socket.remoteAddress ?? 'unknown'),
  })

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
  const sendError = (res: ServerResponse, error: unknown) => {
    if (!(error instanceof IdentityError) && !(error instanceof MalformedFrameError)) {
      log.error({ err: error }, 'unexpected error')
    }
    const { status, body, retryAfterS } = toHttpError(error)
    send(res, status, body, retryAfterS === undefined ? {} : { 'retry-after': String(retryAfterS) })
  }
  const readJson = async <Schema extends DescMessage>(req: IncomingMessage, schema: Schema) => {
    let size = 0
    const chunks: Buffer[] = []
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > maxBodyBytes) {
        throw new IdentityError('FRAME_TOO_LARGE', {
          message: `Request body over ${maxBodyBytes} bytes.`,
          details: { limit: String(maxBodyBytes) },
        })
      }
      chunks.push(chunk as Buffer)
    }
    let json: unknown
    try {
      json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch (error) {
      throw new IdentityError('MALFORMED_FRAME', { message: 'The body is not valid JSON.', cause: error })
    }
    try {
      return fromJson(schema, json as never)
    } catch (error) {
      throw new FieldInvalidError('body', `The body is not a valid ${schema.typeName}: ${(error as Error).message}`)
    }
  }
  const sourceOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown'

  const rest = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const method = req.method ?? 'GET'
    if (method === 'GET' && url.pathname === '/api/auth/nonce') {
      const address = url.searchParams.get('address') ?? ''
      const key = (name: string) => {
        const value = url.searchParams.get(name)
        if (value === null) return new Uint8Array()
        if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new FieldInvalidError(name, `${name} must be base64url.`)
        return new Uint8Array(Buffer.from(value, 'base64url'))
      }
      const request = create(GetNonceRequestSchema, {
        address,
        signingPublicKey: key('signing_public_key'),
        encryptionPublicKey: key('encryption_public_key'),
      })
      const response = await getNonce(context, request, { authorization: undefined, source: sourceOf(req) })
      return send(res, 200, toJson(GetNonceResponseSchema, create(GetNonceResponseSchema, response)))
    }
    if (method === 'POST' && url.pathname === '/api/auth/verify') {
      const request = await readJson(req, VerifyRequestSchema)
      const response = await verify(context, request, faults)
      return send(res, 200, toJson(VerifyResponseSchema, create(VerifyResponseSchema, response)))
    }
    if (method === 'GET' && url.pathname === '/.well-known/jwks.json') {
      // [NP-KEY-001] [NP-KEY-005]
      return send(res, 200, context.keys.jwks(), { 'cache-control': `public, max-age=${JWKS_CACHE_MAX_AGE_S}` })
    }
    if (method === 'GET' && url.pathname === '/healthz') return health.liveness(req, res)
    if (method === 'GET' && url.pathname === '/readyz') return health.readiness(req, res)
    if (method === 'GET' && url.pathname === '/metrics') return metrics.handler(req, res)
    throw new ResourceNotFoundError(`route ${method} ${url.pathname}`)
  }

  const prune = setInterval(() => {
    options.store.prune(options.clock.now()).catch((error: unknown) => log.warn({ err: error }, 'prune failed'))
  }, 60_000)
  prune.unref()
  options.signal.addEventListener('abort', () => clearInterval(prune), { once: true })

  return {
    service,
    context,
    http(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (url.pathname.startsWith(`/${IdentityService.typeName}/`)) {
        connect(req, res)
        return
      }
      rest(req, res, url).catch((error: unknown) => sendError(res, error))
    },
  }
}

export type { MessageInitShape }
