import { httpStatusOf, ProtocolError } from '@spaceos/protocol'

/** The HTTP answer to an error: status, JSON body and extra headers. */
export type RenderedError = { status: number; body: unknown; headers?: Record<string, string> }

/**
 * How one family of endpoints answers errors. The server layer hands every error to the route's format: a format
 * renders the errors it knows and returns `undefined` for anything else, which the layer then treats as an internal
 * fault (logged with the request ID, answered as `INTERNAL` without its message) [NP-ERR-036]. Every format must render
 * the layer's own {@link ProtocolError}s: `FRAME_TOO_LARGE`, `MALFORMED_FRAME`, `NOT_FOUND`, `UNAVAILABLE`, `INTERNAL`.
 *
 * @example
 * import type { ErrorFormat } from '@spaceos/node-kit'
 * const plain: ErrorFormat = {
 *   name: 'plain',
 *   render: (error) => (error instanceof Error ? { status: 400, body: { message: error.message } } : undefined),
 * }
 */
export type ErrorFormat = {
  /** Short name for logs, e.g. `spaceos`, `openai`, `nodeos`, `json-rpc`. */
  name: string
  render: (error: unknown, requestId: string) => RenderedError | undefined
}

/** `Retry-After` in whole seconds for a retryable protocol error that names a wait [NP-ERR-032]. */
export function retryAfterHeader(error: ProtocolError): Record<string, string> {
  if (error.retryAfterMs <= 0 && error.code !== 'RATE_LIMITED') return {}
  return { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) }
}

/**
 * The protocol's HTTP error shape (spec/ERRORS.md §4): `{"error": {"code", "message", "details"}}` with the status of
 * the code's HTTP column [NP-ERR-030] [NP-ERR-031] and `Retry-After` on rate limits [NP-ERR-032]. Renders every
 * {@link ProtocolError}; anything else is left to the layer as an internal fault.
 *
 * @example
 * import { spaceosErrorFormat } from '@spaceos/node-kit'
 * import { ProtocolError } from '@spaceos/protocol'
 * spaceosErrorFormat.render(new ProtocolError('NOT_FOUND'), 'req-1')?.status // 404
 */
export const spaceosErrorFormat: ErrorFormat = {
  name: 'spaceos',
  render(error) {
    if (!(error instanceof ProtocolError)) return undefined
    return {
      status: httpStatusOf(error.code),
      body: { error: { code: error.code, message: error.message, details: error.details } },
      headers: retryAfterHeader(error),
    }
  },
}

const openAiTypes: Partial<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_quota',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  409: 'conflict_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
  503: 'service_unavailable_error',
}

/**
 * OpenAI's error shape, for the router's OpenAI-compatible endpoints only [NP-ERR-033]:
 * `{"error": {"message", "type", "param", "code"}}`, status from the code's HTTP column, `code` the protocol code in
 * lower case.
 *
 * @example
 * import { openAiErrorFormat } from '@spaceos/node-kit'
 * import { ProtocolError } from '@spaceos/protocol'
 * openAiErrorFormat.render(new ProtocolError('UNAUTHENTICATED'), 'req-1')?.body
 * // { error: { message: 'UNAUTHENTICATED', type: 'authentication_error', param: null, code: 'unauthenticated' } }
 */
export const openAiErrorFormat: ErrorFormat = {
  name: 'openai',
  render(error) {
    if (!(error instanceof ProtocolError)) return undefined
    const status = httpStatusOf(error.code)
    return {
      status,
      body: {
        error: {
          message: error.message,
          type: openAiTypes[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
          param: error.details.field ?? null,
          code: error.code.toLowerCase(),
        },
      },
      headers: retryAfterHeader(error),
    }
  },
}
