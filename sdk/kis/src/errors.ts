/**
 * The spec error codes (spec/ERRORS.md) a KIS endpoint answers with, plus the client-side `TRANSPORT` (no HTTP answer
 * at all: refused connection, TLS failure) and `BAD_RESPONSE` (an answer that is not the spec's shape).
 */
export type KisErrorCode =
  | 'MALFORMED_FRAME'
  | 'FRAME_TOO_LARGE'
  | 'INVALID_FIELD'
  | 'UNKNOWN_FIELD'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'REPLAYED'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'TRANSPORT'
  | 'BAD_RESPONSE'

const knownCodes = new Set<string>([
  'MALFORMED_FRAME',
  'FRAME_TOO_LARGE',
  'INVALID_FIELD',
  'UNKNOWN_FIELD',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'REPLAYED',
  'NOT_FOUND',
  'UNAVAILABLE',
  'INTERNAL',
  'TRANSPORT',
  'BAD_RESPONSE',
])

/**
 * A KIS call failed. `code` is the spec's stable error code from the `{"error": {"code", "message", "details"}}` body
 * (spec/ERRORS.md §4); an unknown code is reported as `INTERNAL` with the original kept in `details.code` [NP-ERR-002].
 *
 * @example
 * import { KisError } from '@spaceos/kis'
 * try { await kis.signEvm({ keyId, transaction }) } catch (error) {
 *   if (error instanceof KisError && error.code === 'PERMISSION_DENIED') console.log('policy refused:', error.message)
 * }
 */
export class KisError extends Error {
  override name = 'KisError'
  readonly code: KisErrorCode
  /** HTTP status of the answer; 0 when there was none. */
  readonly status: number
  readonly details: Readonly<Record<string, string>>
  constructor(parameters: {
    code: KisErrorCode
    message: string
    status?: number
    details?: Record<string, string>
    cause?: unknown
  }) {
    super(`${parameters.code}: ${parameters.message}`, { cause: parameters.cause })
    this.code = parameters.code
    this.status = parameters.status ?? 0
    this.details = Object.freeze({ ...parameters.details })
  }
}

/** The {@link KisError} of an HTTP error answer (status ≥ 400) with the given body text. */
export function kisErrorFromResponse(status: number, text: string): KisError {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return new KisError({ code: 'BAD_RESPONSE', status, message: `HTTP ${status} without a JSON error body` })
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
  if (typeof error !== 'object' || error === null || typeof error.code !== 'string')
    return new KisError({ code: 'BAD_RESPONSE', status, message: `HTTP ${status} without a spec error body` })
  const details: Record<string, string> = {}
  if (typeof error.details === 'object' && error.details !== null)
    for (const [k, v] of Object.entries(error.details)) details[k] = String(v)
  const known = knownCodes.has(error.code)
  if (!known) details.code = error.code
  return new KisError({
    code: known ? (error.code as KisErrorCode) : 'INTERNAL',
    status,
    message: typeof error.message === 'string' ? error.message : error.code,
    details,
  })
}
