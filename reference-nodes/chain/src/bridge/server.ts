import type { AddressBook } from '@spaceos/evm'
import { createNodeApp, type Logger, type NodeApp, serveNodeApp } from '@spaceos/node-kit'
import { ProtocolError } from '@spaceos/protocol'
import type { Relayer } from './relayer.ts'

/** Options of {@link createBridgeApp}. */
export type BridgeAppOptions = {
  relayer: Relayer
  addressBook: () => AddressBook | undefined
  relayerAccount: string
  logger?: Logger
}

/**
 * The devnet bridge's HTTP endpoint (read-only), on the node-kit server layer; errors in the spec's shape
 * (spec/ERRORS.md §4), an internal fault never echoed [NP-ERR-036]:
 * - `GET /v1/bridge/supply`: drains the relayer, then runs the supply integrity check [NP-BRDG-002]; 200 when the
 *   books balance, 409 with the same report when they do not.
 * - `GET /v1/bridge/address-book`: the EVM address book (the format of `@spaceos/evm`'s `addressBookSchema`).
 * - `GET /v1/bridge/status`: the relayer's EVM address and native account.
 * - `GET /metrics`: `spaceos_bridge_operations_total{kind}` (credit, mint, release, refund, verdict),
 *   `spaceos_bridge_step_errors_total`, and the layer's request metrics.
 *
 * @example
 * import { serveNodeApp } from '@spaceos/node-kit'
 * const server = await serveNodeApp(createBridgeApp({ relayer, addressBook: () => book, relayerAccount: 'spaceos.rly' }))
 * await fetch(`${server.url}/v1/bridge/supply`)
 */
export function createBridgeApp(options: BridgeAppOptions): NodeApp {
  const app = createNodeApp({
    name: 'bridge',
    metrics: options.relayer.metrics,
    accessLog: 'debug',
    ...(options.logger ? { log: options.logger } : {}),
  })
  return app
    .get('/v1/bridge/supply', async () => {
      await options.relayer.drain()
      const report = await options.relayer.checkSupply()
      return { status: report.ok ? 200 : 409, body: report }
    })
    .get('/v1/bridge/address-book', () => {
      const book = options.addressBook()
      if (book === undefined) throw new ProtocolError('NOT_FOUND', { message: 'No EVM deployment yet.' })
      return { body: book }
    })
    .get('/v1/bridge/status', () => ({
      body: { evmAddress: options.relayer.address, nativeAccount: options.relayerAccount },
    }))
}

/**
 * Serves {@link createBridgeApp} on a port (loopback by default).
 *
 * @example
 * const server = await startBridgeServer({ relayer, addressBook: () => book, relayerAccount: 'spaceos.rly', port: 0 })
 * await server.stop()
 */
export async function startBridgeServer(options: BridgeAppOptions & { host?: string; port?: number }) {
  const server = await serveNodeApp(createBridgeApp(options), {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
  })
  return { url: server.url, stop: () => server.close() }
}
