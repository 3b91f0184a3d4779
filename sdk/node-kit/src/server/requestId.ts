import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** The header that carries a request ID both ways. */
export const REQUEST_ID_HEADER = 'x-request-id'

const acceptable = /^[A-Za-z0-9._:-]{1,64}$/

/**
 * The request's ID: the caller's `X-Request-Id` when it is 1–64 characters of `[A-Za-z0-9._:-]` (so a proxy's ID
 * follows the request through), otherwise a new random UUID.
 *
 * @example
 * import { requestIdOf } from '@spaceos/node-kit'
 * requestIdOf({ 'x-request-id': 'abc-123' }) // 'abc-123'
 */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && acceptable.test(given) ? given : randomUUID()
}
