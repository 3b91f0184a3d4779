import { create } from '@bufbuild/protobuf'
import { ErrorCode, ErrorSchema, type Error as WireError } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import type { Envelope } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import { type CreateEnvelopeOptions, createEnvelope } from './createEnvelope.ts'
import { errorCodeName, ProtocolError } from './errors.ts'

/**
 * The wire `Error` (spaceos.common.v1.Error) for any thrown value: a ProtocolError keeps its code, message, details
 * and retry hint; anything else becomes INTERNAL with a generic message, so no internals or secrets leak
 * [NP-ERR-012].
 *
 * @example
 * import { InvalidFieldError, toWireError } from '@spaceos/protocol'
 * toWireError(new InvalidFieldError({ field: 'id' })).code // ErrorCode.INVALID_FIELD
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof ProtocolError) {
    return create(ErrorSchema, {
      code: error.errorCode,
      message: error.message,
      details: { ...error.details },
      retryable: error.retryable,
      retryAfterMs: error.retryAfterMs,
    })
  }
  return create(ErrorSchema, { code: ErrorCode.INTERNAL, message: 'Internal error.' })
}

/**
 * An Envelope whose body is the wire Error for `error`, correlated to the frame it answers (empty when the frame was
 * too damaged to read its id) [NP-ERR-010] [NP-ERR-011].
 *
 * @example
 * import { decodeEnvelope, encodeEnvelope, toErrorEnvelope } from '@spaceos/protocol'
 * try {
 *   decodeEnvelope(frame, 'spaceos.v1.proto')
 * } catch (error) {
 *   socket.send(encodeEnvelope(toErrorEnvelope(error, ''), 'spaceos.v1.proto'))
 * }
 */
export function toErrorEnvelope(
  error: unknown,
  correlationId = '',
  options: Omit<CreateEnvelopeOptions, 'correlationId'> = {},
): Envelope {
  return createEnvelope({ case: 'error', value: toWireError(error) }, { ...options, correlationId })
}

/**
 * A ProtocolError for a received wire Error, so callers handle remote and local failures alike. A code this version
 * does not know is read as INTERNAL [NP-ERR-002]; its number stays in `details.remote_code`.
 *
 * @example
 * import { fromWireError } from '@spaceos/protocol'
 * if (envelope.body.case === 'error') throw fromWireError(envelope.body.value)
 */
export function fromWireError(error: WireError): ProtocolError {
  const code = errorCodeName(error.code)
  const details: Record<string, string> = { ...error.details }
  if (code === 'INTERNAL' && error.code !== ErrorCode.INTERNAL) details.remote_code = String(error.code)
  return new ProtocolError(code, {
    message: error.message || code,
    details,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
  })
}
