import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { SecureContextOptions } from 'node:tls'
import type { NodeApp } from './createNodeApp.ts'

/** Options of {@link serveNodeApp}. */
export type ServeNodeAppOptions = {
  /** Default `127.0.0.1`: nothing is exposed unless asked. */
  host?: string
  /** Default 0: a free port. */
  port?: number
  /** Serve https; with `ca` and `requestCert`, clients must present a certificate signed by `ca` (mutual TLS). */
  tls?: SecureContextOptions & { requestCert?: boolean }
  /** Time to receive a request's headers; default 10 s (slow-loris protection). */
  headersTimeoutMs?: number
  /** Time to receive a whole request (headers and body); default 30 s. 0 disables it (long uploads). */
  requestTimeoutMs?: number
  /** How long an idle keep-alive connection stays open; default 65 s (longer than common load balancers' 60 s). */
  keepAliveTimeoutMs?: number
  /** How long {@link RunningNodeServer.close} lets in-flight work finish before cutting connections; default 10 s. */
  drainTimeoutMs?: number
}

/** A node app listening on a socket. */
export type RunningNodeServer = {
  /** `http://host:port` or `https://…`. */
  url: string
  port: number
  server: Server
  /**
   * Graceful stop: stops accepting connections, refuses new requests on open ones (503), closes idle keep-alive
   * connections and WebSockets (1001), lets in-flight requests finish up to `drainTimeoutMs`, then cuts what is left.
   */
  close: () => Promise<void>
}

/**
 * Binds a node app to a port (only a node's bin calls this). Sets header, request and keep-alive timeouts and wires
 * graceful drain. `app` may be a function of the URL the server listens on, for nodes whose identity depends on it
 * (the identity node's issuer when the port is chosen by the system).
 *
 * @example
 * import { createNodeApp, serveNodeApp } from '@spaceos/node-kit'
 * const server = await serveNodeApp(createNodeApp({ name: 'demo' }), { port: 8080 })
 * process.once('SIGTERM', () => void server.close())
 */
export async function serveNodeApp(
  appOrFactory: NodeApp | ((url: string) => NodeApp | Promise<NodeApp>),
  options: ServeNodeAppOptions = {},
): Promise<RunningNodeServer & { app: NodeApp }> {
  // Timeouts are checked every second (Node's default is every 30 s, which would stretch a 10 s headers timeout).
  const serverOptions = { connectionsCheckingInterval: 1_000 }
  const server: Server = options.tls
    ? createHttpsServer({ ...serverOptions, ...options.tls, ...(options.tls.ca ? { rejectUnauthorized: true } : {}) })
    : createHttpServer(serverOptions)
  server.headersTimeout = options.headersTimeoutMs ?? 10_000
  server.requestTimeout = options.requestTimeoutMs ?? 30_000
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`
  let app: NodeApp
  try {
    app = typeof appOrFactory === 'function' ? await appOrFactory(url) : appOrFactory
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    throw error
  }
  server.on('request', app.handle)
  server.on('upgrade', app.upgrade)
  let closing: Promise<void> | undefined
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000
  return {
    app,
    url,
    port: address.port,
    server,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        app.drain()
        server.closeIdleConnections()
        const deadline = Date.now() + drainTimeoutMs
        while (app.inFlight() > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10))
          server.closeIdleConnections()
        }
        if (app.inFlight() > 0) app.log.warn({ inFlight: app.inFlight() }, 'drain deadline passed; closing connections')
        server.closeAllConnections()
        await closed
      })()
      return closing
    },
  }
}
