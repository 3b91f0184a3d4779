import { createHash, createHmac } from 'node:crypto'

/** The three authentication headers of a KIS request [NP-KEY-023]. */
export type KisAuthHeaders = {
  'x-kis-key-id': string
  'x-kis-timestamp': string
  'x-kis-signature': string
}

/** Parameters of {@link signKisRequest} and {@link kisSigningString}. */
export type KisRequestParts = {
  /** Upper-case HTTP method, e.g. `POST`. */
  method: string
  /** The request target as sent: path plus query string, e.g. `/keys/kis_ab12`. */
  path: string
  /** The exact body bytes sent (empty for GET). */
  body: string | Uint8Array
}

/**
 * The string a KIS request's HMAC covers: `METHOD \n PATH \n TIMESTAMP \n hex(SHA-256(body))` [NP-KEY-023].
 *
 * @example
 * import { kisSigningString } from '@spaceos/kis'
 * kisSigningString({ method: 'GET', path: '/keys/k1', body: '' }, 1700000000)
 * // 'GET\n/keys/k1\n1700000000\ne3b0c442…b855'
 */
export function kisSigningString(parts: KisRequestParts, timestamp: number): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex')
  return `${parts.method.toUpperCase()}\n${parts.path}\n${timestamp}\n${bodyHash}`
}

/**
 * The authentication headers of one KIS request: `X-KIS-Key-Id` (the caller ID whose shared secret KIS holds),
 * `X-KIS-Timestamp` (Unix seconds) and `X-KIS-Signature` = hex HMAC-SHA256(secret, {@link kisSigningString})
 * [NP-KEY-023]. KIS refuses a timestamp more than `KIS_HMAC_WINDOW_S` off its clock and a signature it already
 * accepted, so sign each request right before sending it.
 *
 * @example
 * import { signKisRequest } from '@spaceos/kis'
 * const body = JSON.stringify({ kind: 'evm' })
 * const headers = signKisRequest({ method: 'POST', path: '/keys', body, callerId: 'identity', secret })
 * await fetch('http://127.0.0.1:8091/keys', { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' } })
 */
export function signKisRequest(
  parameters: KisRequestParts & {
    callerId: string
    secret: string | Uint8Array
    /** Unix seconds; default now. */
    now?: number
  },
): KisAuthHeaders {
  const timestamp = parameters.now ?? Math.floor(Date.now() / 1000)
  const signature = createHmac('sha256', parameters.secret)
    .update(kisSigningString(parameters, timestamp))
    .digest('hex')
  return {
    'x-kis-key-id': parameters.callerId,
    'x-kis-timestamp': String(timestamp),
    'x-kis-signature': signature,
  }
}
