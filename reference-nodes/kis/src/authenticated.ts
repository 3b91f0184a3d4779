import type { TLSSocket } from 'node:tls'
import type { Logger, NodeRequest, Reply, RouteHandler } from '@spaceos/node-kit'
import { httpStatusOf, ProtocolError } from '@spaceos/protocol'
import type { AuditLog, AuditRecord } from './audit.ts'
import { type AuthenticatedCaller, authenticate } from './auth.ts'
import type { KisContext, KisRoute } from './context.ts'
import { KisNodeError } from './errors.ts'
import { safeDecode } from './requests.ts'

/** What every KIS endpoint shares: authentication, the audit log, the request counter. */
export type KisPipeline = {
  context: KisContext
  audit: AuditLog
  log: Logger
  /** HMAC window in seconds. */
  windowS: number
  /** Clock in Unix seconds. */
  nowS: () => number
  /** With mutual TLS: the client certificate's subject CN must equal the caller ID. */
  bindTlsCaller: boolean
  count: (endpoint: string, outcome: string) => void
}

/**
 * Wraps a KIS endpoint: reads the body (the layer's limit), checks the HMAC, timestamp and replay [NP-KEY-023]–
 * [NP-KEY-025], the mTLS caller binding and the endpoint's role [NP-KEY-027], parses the JSON body, runs the handler,
 * and writes one audit line per request whatever the outcome [NP-KEY-028]. Errors go on to the server layer, which
 * answers them in the spec's shape.
 */
export function authenticated(pipeline: KisPipeline, endpointName: string | undefined, route: KisRoute): RouteHandler {
  return async (request: NodeRequest): Promise<Reply> => {
    // An unknown endpoint is audited under what was asked, and counted as `unknown`.
    const endpoint = endpointName ?? `${request.method} ${request.path.slice(0, 128)}`
    request.res.setHeader('cache-control', 'no-store')
    const audit: Partial<AuditRecord> = {}
    if (request.params.id !== undefined) audit.key_id = safeDecode(request.params.id).slice(0, 64)
    const claimed = request.headers['x-kis-key-id']
    let caller: AuthenticatedCaller | undefined
    const finish = (status: number, outcome: string) => {
      pipeline.audit.write({
        time: new Date().toISOString(),
        caller: caller?.id ?? `unauthenticated:${typeof claimed === 'string' ? claimed.slice(0, 64) : '-'}`,
        endpoint,
        outcome,
        remote: request.source,
        ...audit,
      })
      pipeline.count(endpointName ?? 'unknown', outcome)
      pipeline.log.info({ caller: caller?.id ?? null, endpoint, status, outcome, keyId: audit.key_id }, 'kis request')
    }
    try {
      const body = await request.body()
      caller = authenticate({
        headers: request.headers,
        method: request.method,
        path: request.raw.url ?? request.path,
        body,
        callers: pipeline.context.callers,
        windowS: pipeline.windowS,
        nowS: pipeline.nowS(),
        accept: (signature, expiresAt) => pipeline.context.store.acceptSignature(signature, expiresAt, pipeline.nowS()),
      })
      if (pipeline.bindTlsCaller) {
        const socket = request.raw.socket as TLSSocket
        const cn = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate().subject?.CN : undefined
        if (cn !== caller.id) {
          const claimedId = caller.id
          caller = undefined
          throw new KisNodeError('UNAUTHENTICATED', {
            message: `The client certificate is not the one of caller ${claimedId}.`,
          })
        }
      }
      if (route.role !== 'any' && route.role !== caller.role)
        throw new KisNodeError('PERMISSION_DENIED', {
          message:
            route.role === 'admin'
              ? `${endpoint} needs the separate admin credential [NP-KEY-027].`
              : `The admin credential may only import keys; ${endpoint} needs a signing credential.`,
          details: { requirement: 'NP-KEY-027' },
        })
      let parsed: unknown
      if (request.method === 'POST') {
        try {
          parsed = JSON.parse(body.toString('utf8'))
        } catch (error) {
          throw new KisNodeError('MALFORMED_FRAME', { message: 'The body is not valid JSON.', cause: error })
        }
      }
      const rid =
        request.method === 'POST'
          ? (parsed as { request_id?: unknown } | null)?.request_id
          : request.query.get('request_id')
      if (typeof rid === 'string') audit.request_id = rid.slice(0, 64)
      const result = await route.handle(pipeline.context, parsed, caller, audit)
      Object.assign(audit, result.audit)
      finish(result.status ?? 200, 'ok')
      return { status: result.status ?? 200, body: result.body }
    } catch (error) {
      const code = error instanceof ProtocolError ? error.code : 'INTERNAL'
      finish(httpStatusOf(code), code)
      throw error
    }
  }
}
