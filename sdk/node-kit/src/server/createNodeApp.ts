import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ConnectRouter, Interceptor } from '@connectrpc/connect'
import { createConnectRouter } from '@connectrpc/connect'
import { type ConnectNodeAdapterOptions, connectNodeAdapter } from '@connectrpc/connect-node'
import { MalformedFrameError, ProtocolError } from '@spaceos/protocol'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import { type InjectOptions, type Response as InjectResponse, inject } from 'light-my-request'
import type { WebSocket } from 'ws'
import { createHealth, type Health } from '../health.ts'
import { createLogger, type Logger } from '../logger.ts'
import { createMetrics, type Metrics } from '../metrics.ts'
import { errorInterceptor, internalError } from './connectErrors.ts'
import { type ErrorFormat, type RenderedError, spaceosErrorFormat } from './errorFormat.ts'
import { readBody } from './readBody.ts'
import { REQUEST_ID_HEADER, requestIdOf } from './requestId.ts'
import { createWebSocketEndpoints, type WebSocketEndpointOptions } from './websocket.ts'

/** Options of {@link createNodeApp}. */
export type NodeAppOptions = {
  /** The node's name: the logger's `name` and the metric prefix `spaceos_<name>_`. */
  name: string
  /** Default: a node-kit logger named after the node. */
  log?: Logger
  /** Default: a registry with the prefix `spaceos_<name>_` (no process metrics). */
  metrics?: Metrics
  /** Default: a new readiness registry; the app adds `draining` to it. */
  health?: Health
  /** Largest request body a route reads, in bytes; default 65536. Routes may set their own. */
  maxBodyBytes?: number
  /** How errors are answered; default {@link spaceosErrorFormat} (spec/ERRORS.md §4). Routes may set their own. */
  errors?: ErrorFormat
  /** Level of the one access-log line per request; default `info`, `false` for none. */
  accessLog?: 'info' | 'debug' | false
}

/** What a route handler sees of a request. */
export type NodeRequest = {
  readonly method: string
  /** The path without the query string. */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
  /** Path parameters of the route pattern (`/keys/:id` → `{ id }`). */
  readonly params: Readonly<Record<string, string | undefined>>
  /** The request ID (echoed in `X-Request-Id`, logged with every line about this request). */
  readonly id: string
  /** The peer's address. */
  readonly source: string
  /** The Node request and response, for handlers that stream (the router) or need the socket (mTLS). */
  readonly raw: IncomingMessage
  readonly res: ServerResponse
  /** Aborted when the client goes away before the answer is complete. */
  readonly signal: AbortSignal
  /** The body, at most the route's limit (else `FRAME_TOO_LARGE`, HTTP 413) [NP-ERR-034]. */
  body: () => Promise<Buffer>
  /** The body parsed as JSON (`MALFORMED_FRAME`, HTTP 400, when it is not) [NP-ERR-035]. */
  json: () => Promise<unknown>
}

/**
 * A handler's answer: JSON `body` (default status 200), or `raw` bytes/text with their own content type. A handler that
 * wrote to `request.res` itself (a stream) returns nothing.
 */
export type Reply = {
  status?: number
  headers?: Record<string, string | number>
  body?: unknown
  raw?: string | Uint8Array
}

/** A route handler: a plain function of the request. Throw a {@link ProtocolError} (or the route format's error). */
export type RouteHandler = (request: NodeRequest) => Reply | undefined | Promise<Reply | undefined>

/** Per-route settings. */
export type RouteOptions = {
  maxBodyBytes?: number
  errors?: ErrorFormat
  /** Metric and log label of the route; default the path pattern. */
  name?: string
}

/** Options of {@link NodeApp.connect}. */
export type ConnectMountOptions = {
  routes: (router: ConnectRouter) => void
  /** Largest message; default the app's `maxBodyBytes`. */
  readMaxBytes?: number
  contextValues?: ConnectNodeAdapterOptions['contextValues']
  interceptors?: Interceptor[]
}

/**
 * One node's HTTP, Connect and WebSocket surface, independent of any socket: the same app is served on a port by
 * {@link serveNodeApp} and exercised in memory by {@link NodeApp.inject}. Every request gets a request ID, a body
 * limit (413), spec-shaped errors, an access-log line and metrics; `/healthz`, `/readyz` and `/metrics` are built in.
 */
export type NodeApp = {
  readonly name: string
  readonly log: Logger
  readonly metrics: Metrics
  readonly health: Health
  /** Adds a route (`/path/:param` patterns). */
  route: (method: string | readonly string[], path: string, handler: RouteHandler, options?: RouteOptions) => NodeApp
  get: (path: string, handler: RouteHandler, options?: RouteOptions) => NodeApp
  post: (path: string, handler: RouteHandler, options?: RouteOptions) => NodeApp
  /** Serves Connect services (Connect, gRPC and gRPC-Web) with errors converted once at the edge [NP-ERR-020]. */
  connect: (options: ConnectMountOptions) => NodeApp
  /** Serves a WebSocket endpoint with subprotocol negotiation [NP-WIRE-004] [NP-WIRE-005]. */
  websocket: (path: string, options: WebSocketEndpointOptions) => NodeApp
  /** The `request` listener of a Node HTTP(S) server. */
  handle: (req: IncomingMessage, res: ServerResponse) => void
  /** The `upgrade` listener of a Node HTTP(S) server. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
  /** Dispatches a request in memory (no socket), e.g. in tests. */
  inject: (options: InjectOptions | string) => Promise<InjectResponse>
  /** Refuses new work from now on: `/readyz` 503, new requests 503 `UNAVAILABLE`, WebSockets closed with 1001. */
  drain: () => void
  /** Requests not yet answered (and open WebSockets). */
  inFlight: () => number
}

type Route = { handler: RouteHandler; maxBodyBytes: number; errors: ErrorFormat; name: string }

const jsonHeaders = { 'content-type': 'application/json' }

/** JSON text of a value; bigints (chain data) as decimal strings. */
function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null'
  } catch {
    return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null'
  }
}

/**
 * Creates a node's app: routes, Connect services and WebSocket endpoints behind one request pipeline.
 *
 * @example
 * import { createNodeApp, serveNodeApp } from '@spaceos/node-kit'
 * const app = createNodeApp({ name: 'demo' }).get('/v1/hello', () => ({ body: { hello: 'world' } }))
 * const server = await serveNodeApp(app, { port: 0 })
 * console.log(await (await fetch(`${server.url}/v1/hello`)).json())
 * await server.close()
 */
export function createNodeApp(options: NodeAppOptions): NodeApp {
  const log = options.log ?? createLogger({ name: options.name })
  const metrics = options.metrics ?? createMetrics({ prefix: `spaceos_${options.name}_`, defaults: false })
  const health = options.health ?? createHealth()
  const defaultLimit = options.maxBodyBytes ?? 65_536
  const defaultErrors = options.errors ?? spaceosErrorFormat
  const accessLevel = options.accessLog ?? 'info'
  const requests = metrics.counter('http_requests_total', 'HTTP requests by route, method and status', [
    'route',
    'method',
    'status',
  ])
  const durations = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP request duration until the answer is complete',
    ['route', 'method'],
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  )
  const router = FindMyWay<FindMyWay.HTTPVersion.V1>({ ignoreTrailingSlash: false, caseSensitive: true })
  const connectPaths = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>()
  const sockets = createWebSocketEndpoints({ log, errors: defaultErrors })
  let draining = false
  let pending = 0
  health.set('draining', true)

  /** Renders an error with a format; anything the format does not know is logged and answered as `INTERNAL`. */
  const render = (error: unknown, format: ErrorFormat, requestId: string, route: string): RenderedError => {
    const known =
      error instanceof ProtocolError && error.code === 'INTERNAL' ? undefined : format.render(error, requestId)
    if (known !== undefined) return known
    log.error({ err: error, reqId: requestId, route }, 'internal error')
    const internal = internalError(requestId)
    return format.render(internal, requestId) ?? (spaceosErrorFormat.render(internal, requestId) as RenderedError)
  }

  const send = (
    res: ServerResponse,
    status: number,
    headers: Record<string, string | number>,
    payload: string | Uint8Array,
  ) => {
    if (res.headersSent) {
      res.end()
      return
    }
    res.writeHead(status, { 'content-length': Buffer.byteLength(payload), ...headers })
    res.end(payload)
  }

  const sendError = (res: ServerResponse, error: unknown, format: ErrorFormat, requestId: string, route: string) => {
    const rendered = render(error, format, requestId, route)
    // The rest of an oversized body was not read: close the connection after the answer [NP-ERR-034].
    const close = error instanceof ProtocolError && error.code === 'FRAME_TOO_LARGE'
    send(
      res,
      rendered.status,
      { ...jsonHeaders, ...rendered.headers, ...(close ? { connection: 'close' } : {}) },
      stringify(rendered.body),
    )
  }

  const builtin: Record<string, RouteHandler> = {
    '/healthz': ({ raw, res }) => void health.liveness(raw, res),
    '/readyz': ({ raw, res }) => void health.readiness(raw, res),
    '/metrics': async ({ raw, res }) => void (await metrics.handler(raw, res)),
  }

  const app: NodeApp = {
    name: options.name,
    log,
    metrics,
    health,
    route(method, path, handler, routeOptions = {}) {
      const methods = (typeof method === 'string' ? [method] : [...method]) as HTTPMethod[]
      const route: Route = {
        handler,
        maxBodyBytes: routeOptions.maxBodyBytes ?? defaultLimit,
        errors: routeOptions.errors ?? defaultErrors,
        name: routeOptions.name ?? path,
      }
      router.on(methods, path, () => {}, route)
      return app
    },
    get: (path, handler, routeOptions) => app.route('GET', path, handler, routeOptions),
    post: (path, handler, routeOptions) => app.route('POST', path, handler, routeOptions),
    connect(mount) {
      const probe = createConnectRouter()
      mount.routes(probe)
      const adapter = connectNodeAdapter({
        routes: mount.routes,
        readMaxBytes: mount.readMaxBytes ?? defaultLimit,
        interceptors: [errorInterceptor(log), ...(mount.interceptors ?? [])],
        ...(mount.contextValues === undefined ? {} : { contextValues: mount.contextValues }),
      })
      for (const handler of probe.handlers) connectPaths.set(handler.requestPath, adapter)
      return app
    },
    websocket(path, endpoint) {
      sockets.add(path, endpoint)
      return app
    },
    handle(req, res) {
      const started = performance.now()
      const requestId = requestIdOf(req.headers)
      req.headers[REQUEST_ID_HEADER] = requestId
      res.setHeader(REQUEST_ID_HEADER, requestId)
      const url = req.url ?? '/'
      const q = url.indexOf('?')
      const path = q < 0 ? url : url.slice(0, q)
      const method = req.method ?? 'GET'
      const connect = connectPaths.get(path)
      // Health and metrics come first, whatever catch-all route a node has.
      const builtinHandler = method === 'GET' || method === 'HEAD' ? builtin[path] : undefined
      const found =
        connect === undefined && builtinHandler === undefined ? router.find(method as HTTPMethod, path) : null
      const route = (found?.store as Route | undefined) ?? undefined
      const label = connect !== undefined || builtinHandler !== undefined ? path : (route?.name ?? 'unmatched')
      pending++
      let done = false
      const finish = () => {
        if (done) return
        done = true
        pending--
        const status = res.statusCode
        requests.inc({ route: label, method, status: String(status) })
        durations.observe({ route: label, method }, (performance.now() - started) / 1000)
        if (accessLevel !== false && log.isLevelEnabled(accessLevel)) {
          // Path only: query strings and headers may carry secrets and are never logged.
          log[accessLevel](
            {
              reqId: requestId,
              method,
              route: label,
              path,
              status,
              ms: Math.round((performance.now() - started) * 100) / 100,
              remote: req.socket?.remoteAddress,
            },
            'request',
          )
        }
      }
      res.once('finish', finish)
      res.once('close', finish)
      const errors = route?.errors ?? defaultErrors
      if (draining) {
        res.setHeader('connection', 'close')
        const unavailable = new ProtocolError('UNAVAILABLE', {
          message: 'This node is shutting down; retry on another instance.',
          retryable: true,
          retryAfterMs: 1000,
        })
        sendError(res, unavailable, errors, requestId, label)
        return
      }
      if (connect !== undefined) {
        connect(req, res)
        return
      }
      const handler = builtinHandler ?? route?.handler
      if (handler === undefined) {
        const notFound = new ProtocolError('NOT_FOUND', {
          message: `No route ${method} ${path}.`,
          details: { resource: 'route' },
        })
        req.resume()
        sendError(res, notFound, errors, requestId, label)
        return
      }
      const limit = route?.maxBodyBytes ?? defaultLimit
      let controller: AbortController | undefined
      const request: NodeRequest = {
        method,
        path,
        get query() {
          return new URLSearchParams(q < 0 ? '' : url.slice(q + 1))
        },
        headers: req.headers,
        params: found?.params ?? {},
        id: requestId,
        source: req.socket?.remoteAddress ?? 'unknown',
        raw: req,
        res,
        get signal() {
          if (controller === undefined) {
            const c = new AbortController()
            controller = c
            res.once('close', () => {
              if (!res.writableFinished) c.abort()
            })
          }
          return controller.signal
        },
        body: () => readBody(req, limit),
        async json() {
          const bytes = await readBody(req, limit)
          try {
            return JSON.parse(bytes.toString('utf8')) as unknown
          } catch (cause) {
            throw new MalformedFrameError({
              message: 'The request body is not valid JSON.',
              details: { requirement: 'NP-ERR-035' },
              cause,
            })
          }
        },
      }
      let result: ReturnType<RouteHandler>
      try {
        result = handler(request)
      } catch (error) {
        sendError(res, error, errors, requestId, label)
        return
      }
      const answer = (reply: Reply | undefined) => {
        if (reply === undefined) return // the handler wrote the answer itself
        if (draining) res.setHeader('connection', 'close')
        if (reply.raw !== undefined) send(res, reply.status ?? 200, reply.headers ?? {}, reply.raw)
        else send(res, reply.status ?? 200, { ...jsonHeaders, ...reply.headers }, stringify(reply.body ?? null))
      }
      if (result instanceof Promise) {
        result.then(answer, (error: unknown) => sendError(res, error, errors, requestId, label))
      } else {
        answer(result)
      }
    },
    upgrade(req, socket, head) {
      sockets.upgrade(req, socket, head, draining)
    },
    inject: (injectOptions) => inject(app.handle, injectOptions),
    drain() {
      if (draining) return
      draining = true
      health.set('draining', false)
      sockets.drain()
    },
    inFlight: () => pending + sockets.open(),
  }
  return app
}

export type { InjectOptions, InjectResponse, WebSocket }
