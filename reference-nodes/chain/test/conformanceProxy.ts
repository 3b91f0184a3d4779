/**
 * A deliberately broken chain.node for the conformance tests: an HTTP proxy in front of the devnet's chain API and
 * tx-wrapper that breaks one rule, so a test can prove the chain suite notices.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { keccak256 } from 'viem'

export type ProxyFaults = {
  /** The tx-wrapper answers typed (EIP-2718) raw transactions as accepted instead of refusing them. */
  acceptTypedTransactions?: boolean
  /** The chain API answers a duplicate transaction as executed (no duplicate-ID check). */
  replayDuplicates?: boolean
  /** get_table_rows hands out a next_key one past the next row, so paging skips a row at each page boundary. */
  skipRowAfterPage?: boolean
  /** Errors lose nodeos' shape: `{ "error": "<message>" }` with the same HTTP status. */
  flattenErrors?: boolean
  /** The chain API refuses zlib-compressed transactions (`compression: 1`), as a node without inflate would. */
  refuseCompressed?: boolean
  /** The tx-wrapper answers anvil_/evm_/hardhat_ cheat methods as if it ran them (`result: null`). */
  acceptCheats?: boolean
}

export type BrokenNode = { antelopeUrl: string; evmUrl: string; stop: () => Promise<void> }

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })

const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

export async function startProxy(
  upstream: { antelope: string; evm: string },
  faults: ProxyFaults,
): Promise<BrokenNode> {
  const forward = async (base: string, req: IncomingMessage, body: Buffer) =>
    fetch(`${base}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      ...(req.method === 'GET' ? {} : { body: body.toString('utf8') }),
    })
  const reply = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(body)
  }

  const antelope = await listen(async (req, res) => {
    try {
      const body = await readBody(req)
      if (faults.refuseCompressed && /"compression":\s*(1|"zlib")/.test(body.toString('utf8'))) {
        const error = {
          code: 3010010,
          name: 'packed_transaction_type_exception',
          what: 'Invalid packed transaction',
          details: [{ message: 'compression is not supported', file: '', line_number: 0, method: '' }],
        }
        return reply(res, 400, JSON.stringify({ code: 400, message: 'Bad Request', error }))
      }
      const upstreamAnswer = await forward(upstream.antelope, req, body)
      let text = await upstreamAnswer.text()
      let status = upstreamAnswer.status
      const json = (() => {
        try {
          return JSON.parse(text)
        } catch {
          return undefined
        }
      })()
      if (faults.replayDuplicates && json?.error?.code === 3040008) {
        status = 200
        text = JSON.stringify({ transaction_id: '00'.repeat(32), processed: { action_traces: [] } })
      }
      if (
        faults.skipRowAfterPage &&
        req.url?.endsWith('/get_table_rows') &&
        json?.more &&
        /^\d+$/.test(json.next_key)
      ) {
        text = JSON.stringify({ ...json, next_key: String(BigInt(json.next_key) + 1n) })
      }
      if (faults.flattenErrors && status !== 200) {
        text = JSON.stringify({ error: String(json?.error?.details?.[0]?.message ?? json?.message ?? 'error') })
      }
      reply(res, status, text)
    } catch (error) {
      reply(res, 502, JSON.stringify({ error: String(error) }))
    }
  })

  const evm = await listen(async (req, res) => {
    try {
      const body = await readBody(req)
      if (faults.acceptCheats) {
        const request = JSON.parse(body.toString('utf8'))
        if (/^(anvil|evm|hardhat)_/.test(String(request?.method))) {
          return reply(res, 200, JSON.stringify({ jsonrpc: '2.0', id: request.id, result: null }))
        }
      }
      if (faults.acceptTypedTransactions) {
        const request = (() => {
          try {
            return JSON.parse(body.toString('utf8'))
          } catch {
            return undefined
          }
        })()
        const raw = request?.method === 'eth_sendRawTransaction' ? String(request.params?.[0] ?? '') : ''
        if (/^0x0[0-4]/.test(raw)) {
          return reply(
            res,
            200,
            JSON.stringify({ jsonrpc: '2.0', id: request.id, result: keccak256(raw as `0x${string}`) }),
          )
        }
      }
      const upstreamAnswer = await forward(upstream.evm, req, body)
      reply(res, upstreamAnswer.status, await upstreamAnswer.text())
    } catch (error) {
      reply(res, 502, JSON.stringify({ error: String(error) }))
    }
  })

  return {
    antelopeUrl: antelope.url,
    evmUrl: evm.url,
    stop: async () => {
      await close(antelope.server)
      await close(evm.server)
    },
  }
}
