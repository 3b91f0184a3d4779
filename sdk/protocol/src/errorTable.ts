import { type ErrorTransports, errorTable } from '@spaceos/generated/errors'
import type { ErrorCodeName } from './errors.ts'

export { type ErrorTransports, errorTable }

/**
 * The HTTP status of an error code (spec/ERRORS.md §1, column HTTP) [NP-ERR-031].
 *
 * @example
 * import { httpStatusOf } from '@spaceos/protocol'
 * httpStatusOf('FRAME_TOO_LARGE') // 413
 */
export function httpStatusOf(code: ErrorCodeName): number {
  return errorTable[code].http
}

/**
 * The Connect code name of an error code (spec/ERRORS.md §1, column Connect) [NP-ERR-020].
 *
 * @example
 * import { connectCodeNameOf } from '@spaceos/protocol'
 * connectCodeNameOf('NONCE_INVALID') // 'unauthenticated'
 */
export function connectCodeNameOf(code: ErrorCodeName): ErrorTransports['connect'] {
  return errorTable[code].connect
}

/**
 * The WebSocket close code a side uses when it closes a connection because of an error code [NP-WIRE-100].
 *
 * @example
 * import { wsCloseCodeOf } from '@spaceos/protocol'
 * wsCloseCodeOf('DEVICE_REVOKED') // 4015
 */
export function wsCloseCodeOf(code: ErrorCodeName): number {
  return errorTable[code].wsClose
}

/**
 * Whether sending an error on the WebSocket wire ends the connection [NP-ERR-016] [NP-ERR-017]; `oversizedFrame` says
 * the error answers a WebSocket message over `WS_MAX_FRAME_BYTES` (only then does `FRAME_TOO_LARGE` close it).
 *
 * @example
 * import { closesConnection } from '@spaceos/protocol'
 * closesConnection('RESUME_REJECTED') // true
 * closesConnection('FRAME_TOO_LARGE', { oversizedFrame: false }) // false
 */
export function closesConnection(code: ErrorCodeName, options: { oversizedFrame?: boolean } = {}): boolean {
  const closes = errorTable[code].closes
  return closes === 'always' || (closes === 'oversized-frame' && options.oversizedFrame === true)
}
