import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { ProtocolError, UnsupportedVersionError } from '@spaceos/protocol'
import { type WebSocket, WebSocketServer } from 'ws'
import type { Logger } from '../logger.ts'
import type { ErrorFormat } from './errorFormat.ts'
import { requestIdOf } from './requestId.ts'

/** Options of a WebSocket endpoint (`NodeApp.websocket`). */
export type WebSocketEndpointOptions = {
  /**
   * The subprotocols served, in the server's order of preference: the first one the client offers is selected
   * [NP-WIRE-004]; an upgrade that offers none of them is refused with HTTP 400 `UNSUPPORTED_VERSION` [NP-WIRE-005],
   * and no upgrade completes without exactly one selected [NP-WIRE-006].
   */
  protocols: readonly string[]
  /** Largest message in bytes; a bigger one closes the connection with 1009 (the library enforces it while reading). */
  maxPayload: number
  /** Called for each accepted connection, with its request (its `x-request-id` header set) and the subprotocol. */
  onConnection: (socket: WebSocket, request: IncomingMessage, protocol: string) => void
}

/** The WebSocket endpoints of one app: upgrade handling, drain, and a count of open connections. */
export type WebSocketEndpoints = {
  add: (path: string, options: WebSocketEndpointOptions) => void
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, draining: boolean) => void
  /** Closes every open connection with 1001 (going away) so nodes reconnect elsewhere [NP-WIRE-102]. */
  drain: () => void
  open: () => number
}

const reasons: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 503: 'Service Unavailable' }

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body)
  const lines = [
    `HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    text,
  ]
  socket.end(lines.join('\r\n'))
}

/** Creates the WebSocket side of a node app. */
export function createWebSocketEndpoints(context: { log: Logger; errors: ErrorFormat }): WebSocketEndpoints {
  const endpoints = new Map<string, { options: WebSocketEndpointOptions; server: WebSocketServer }>()
  const openSockets = new Set<WebSocket>()

  const answer = (socket: Duplex, error: ProtocolError, requestId: string, status?: number) => {
    const rendered = context.errors.render(error, requestId)
    refuse(
      socket,
      status ?? rendered?.status ?? 400,
      rendered?.body ?? { error: { code: error.code, message: error.message } },
      {
        'X-Request-Id': requestId,
        ...rendered?.headers,
      },
    )
  }

  return {
    add(path, options) {
      const server = new WebSocketServer({
        noServer: true,
        maxPayload: options.maxPayload,
        handleProtocols: (offered) => options.protocols.find((p) => offered.has(p)) ?? false,
      })
      endpoints.set(path, { options, server })
    },
    upgrade(req, socket, head, draining) {
      const requestId = requestIdOf(req.headers)
      req.headers['x-request-id'] = requestId
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      const endpoint = endpoints.get(path)
      if (endpoint === undefined) {
        answer(socket, new ProtocolError('NOT_FOUND', { message: `No WebSocket endpoint at ${path}.` }), requestId)
        return
      }
      if (draining) {
        answer(
          socket,
          new ProtocolError('UNAVAILABLE', {
            message: 'This node is shutting down.',
            retryable: true,
            retryAfterMs: 1000,
          }),
          requestId,
        )
        return
      }
      const offered = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
      const selected = endpoint.options.protocols.find((p) => offered.includes(p))
      if (selected === undefined) {
        // [NP-WIRE-005] status 400, code UNSUPPORTED_VERSION
        const error = new UnsupportedVersionError({
          subprotocol: offered.join(', ') || '(none)',
          message: `None of the offered subprotocols (${offered.join(', ') || 'none'}) is served; offer ${endpoint.options.protocols.join(' or ')}.`,
          details: { requirement: 'NP-WIRE-005' },
        })
        answer(socket, error, requestId, 400)
        return
      }
      endpoint.server.handleUpgrade(req, socket, head, (ws) => {
        openSockets.add(ws)
        ws.once('close', () => openSockets.delete(ws))
        // A protocol violation (e.g. a message over maxPayload) closes the socket with its code; it is not a fault.
        ws.on('error', (error) => context.log.debug({ err: error, reqId: requestId }, 'WebSocket closed on an error'))
        try {
          endpoint.options.onConnection(ws, req, ws.protocol)
        } catch (error) {
          context.log.error({ err: error, reqId: requestId }, 'WebSocket connection handler failed')
          ws.close(1011, 'internal error')
        }
      })
    },
    drain() {
      for (const ws of openSockets) ws.close(1001, 'going away')
    },
    open: () => openSockets.size,
  }
}
