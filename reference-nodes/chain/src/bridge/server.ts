import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AddressBook } from '@spaceos/evm'
import type { Logger } from '@spaceos/node-kit'
import type { Relayer } from './relayer.ts'

/**
 * The devnet bridge's HTTP endpoint (read-only, loopback by default):
 * - `GET /v1/bridge/supply`: drains the relayer, then runs the supply integrity check [NP-BRDG-002]; 200 when the
 *   books balance, 409 with the same report when they do not.
 * - `GET /v1/bridge/address-book`: the EVM address book (the format of `@spaceos/evm`'s `addressBookSchema`).
 * - `GET /v1/bridge/status`: the relayer's EVM address and native account.
 * - `GET /metrics`: `spaceos_bridge_operations_total{kind}` (credit, mint, release, refund, verdict),
 *   `spaceos_bridge_step_errors_total`.
 *
 * @example
 * const server = await startBridgeServer({ relayer, addressBook: () => book, port: 0 })
 * await fetch(`${server.url}/v1/bridge/supply`)
 */
export async function startBridgeServer(options: {
  relayer: Relayer
  addressBook: () => AddressBook | undefined
  relayerAccount: string
  host?: string
  port?: number
  logger?: Logger
}) {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET') return send(405, { code: 'INVALID_ARGUMENT', message: 'only GET is served' })
    void (async () => {
      try {
        if (path === '/v1/bridge/supply') {
          await options.relayer.drain()
          const report = await options.relayer.checkSupply()
          return send(report.ok ? 200 : 409, report)
        }
        if (path === '/v1/bridge/address-book') {
          const book = options.addressBook()
          return book ? send(200, book) : send(404, { code: 'NOT_FOUND', message: 'no EVM deployment yet' })
        }
        if (path === '/metrics') return void (await options.relayer.metrics.handler(req, res))
        if (path === '/v1/bridge/status') {
          return send(200, { evmAddress: options.relayer.address, nativeAccount: options.relayerAccount })
        }
        return send(404, { code: 'NOT_FOUND', message: `no route ${path}` })
      } catch (error) {
        options.logger?.warn({ err: error }, 'bridge endpoint failed')
        return send(500, { code: 'INTERNAL', message: (error as Error).message })
      }
    })()
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
