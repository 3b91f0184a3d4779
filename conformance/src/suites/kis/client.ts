import { createHash, createHmac } from 'node:crypto'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { CaseFailedError } from '../../case.ts'
import { findKeyMaterial, type KnownKeys, learnPublicKeys } from './leaks.ts'

/** A caller credential: the `X-KIS-Key-Id` value and its shared HMAC secret. */
export type KisCredential = { id: string; secret: string }

/** An answer of the KIS under test: ok with a JSON body, or a spec error code (or `HTTP <status> …` when none). */
export type KisAnswer =
  | { ok: true; status: number; body: Record<string, unknown>; contentType: string }
  | { ok: false; status: number; code: string; body: Record<string, unknown>; contentType: string }

/** One request as it goes on the wire; `headers` are sent verbatim (the replay case resends them). */
export type KisWireRequest = { method: 'GET' | 'POST'; path: string; body: string; headers: Record<string, string> }

/** TLS material of the suite as a KIS caller (PEM): the CA of KIS's certificate, the caller's certificate and key. */
export type KisTls = { ca?: string; cert?: string; key?: string }

/** One HTTP(S) exchange on a fresh connection (no agent: the mTLS case must not reuse an authenticated session). */
function exchange(
  target: URL,
  request: KisWireRequest,
  timeoutMs: number,
  tls: KisTls | undefined,
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const https = target.protocol === 'https:'
  const send = https ? httpsRequest : httpRequest
  const body = request.method === 'POST' ? Buffer.from(request.body, 'utf8') : Buffer.alloc(0)
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: request.method,
        headers: { ...request.headers, 'content-length': String(body.length) },
        agent: false,
        timeout: timeoutMs,
        ...(https ? { ...tls } : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        )
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

/** Parses `id=secret` (the `--kis-caller` / `--kis-admin` form). */
export function parseCredential(text: string, flag: string): KisCredential {
  const at = text.indexOf('=')
  if (at <= 0 || at === text.length - 1) throw new Error(`${flag} must be id=secret`)
  return { id: text.slice(0, at), secret: text.slice(at + 1) }
}

/**
 * The HMAC of spec/AUTH.md §9 [NP-KEY-023], written from the spec text with node:crypto (not taken from an SDK, so the
 * suite checks the spec): hex HMAC-SHA256(secret, `METHOD \n PATH \n TIMESTAMP \n hex(SHA-256(body))`).
 */
export function kisSignature(secret: string, method: string, path: string, timestamp: number, body: string): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex')
  return createHmac('sha256', secret).update(`${method}\n${path}\n${timestamp}\n${bodyHash}`).digest('hex')
}

const nowS = () => Math.floor(Date.now() / 1000)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Black-box client of a KIS: signs, sends, parses, and scans every answer for private-key material [NP-KEY-021]. */
export type KisClient = ReturnType<typeof createKisClient>

/** Creates the client for a base URL. */
export function createKisClient(
  baseUrl: string,
  timeoutMs: number,
  known: KnownKeys,
  tls?: KisTls,
  /** The suite's credentials: no answer may contain a secret, nor the valid signature of a request it refused. */
  credentials: readonly KisCredential[] = [],
) {
  const url = baseUrl.replace(/\/$/, '')
  const basePath = new URL(url).pathname.replace(/\/$/, '')
  /** Signatures this client produced: two identical requests in one second would be a replay by design. */
  const sent = new Set<string>()

  /** Builds a signed request; a fresh timestamp (waiting for the next second) when it would repeat a signature. */
  async function sign(
    method: 'GET' | 'POST',
    path: string,
    body: string,
    credential: KisCredential,
    timestamp?: number,
  ): Promise<KisWireRequest> {
    const target = basePath + path
    let ts = timestamp ?? nowS()
    let signature = kisSignature(credential.secret, method, target, ts, body)
    while (timestamp === undefined && sent.has(signature)) {
      await sleep(1005 - (Date.now() % 1000))
      ts = nowS()
      signature = kisSignature(credential.secret, method, target, ts, body)
    }
    sent.add(signature)
    const headers: Record<string, string> = {
      'x-kis-key-id': credential.id,
      'x-kis-timestamp': String(ts),
      'x-kis-signature': signature,
    }
    if (method === 'POST') headers['content-type'] = 'application/json'
    return { method, path, body, headers }
  }

  /** The signature the request should have carried, when it names a known caller and carries another one. */
  function validSignature(request: KisWireRequest): string | undefined {
    const credential = credentials.find((c) => c.id === request.headers['x-kis-key-id'])
    const ts = request.headers['x-kis-timestamp']
    if (credential === undefined || ts === undefined || !/^\d+$/.test(ts)) return undefined
    const valid = kisSignature(credential.secret, request.method, basePath + request.path, Number(ts), request.body)
    return valid === request.headers['x-kis-signature'] ? undefined : valid
  }

  /** Sends a request as given and parses the answer; fails the case when it carries private-key material. */
  async function send(request: KisWireRequest, tlsOverride?: KisTls): Promise<KisAnswer> {
    const response = await exchange(new URL(`${url}${request.path}`), request, timeoutMs, tlsOverride ?? tls)
    const text = response.text
    const headerText = Object.entries(response.headers)
      .map(([name, value]) => `${name}: ${String(value)}`)
      .join('\n')
    learnPublicKeys(text, known)
    const leaks = [...findKeyMaterial(headerText, known), ...findKeyMaterial(text, known)]
    const answer = `${headerText}\n${text}`.toLowerCase()
    for (const credential of credentials) {
      if (answer.includes(credential.secret.toLowerCase())) leaks.push(`the shared secret of caller ${credential.id}`)
    }
    const oracle = validSignature(request)
    if (oracle !== undefined && answer.includes(oracle)) {
      leaks.push('the valid signature of the refused request (a signing oracle)')
    }
    if (leaks.length > 0) {
      throw new CaseFailedError(
        `${request.method} ${request.path} answered secret material (NP-KEY-021: responses carry only key IDs, public keys, addresses and signatures; NP-ERR-012: no secrets in error messages)`,
        { expected: 'no private key, secret or valid signature in any answer', actual: leaks.join('; ') },
      )
    }
    const contentType = String(response.headers['content-type'] ?? '')
    let body: Record<string, unknown> = {}
    try {
      const parsed = text === '' ? {} : (JSON.parse(text) as unknown)
      body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
    } catch {
      return { ok: false, status: response.status, code: `HTTP ${response.status} (not JSON)`, body: {}, contentType }
    }
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, body, contentType }
    const error = body.error as { code?: unknown } | undefined
    const code = typeof error?.code === 'string' ? error.code : `HTTP ${response.status} (no spec error body)`
    return { ok: false, status: response.status, code, body, contentType }
  }

  return {
    url,
    sign,
    /** Sends as given; `tlsOverride` replaces the TLS material for this one request (the mTLS case). */
    send,
    /** Signs with `credential` and sends. */
    async request(
      method: 'GET' | 'POST',
      path: string,
      payload: unknown,
      credential: KisCredential,
    ): Promise<KisAnswer> {
      const body = payload === undefined ? '' : JSON.stringify(payload)
      return send(await sign(method, path, body, credential))
    },
  }
}
