import { create } from '@bufbuild/protobuf'
import { Code, ConnectError, type Interceptor } from '@connectrpc/connect'
import { ErrorSchema } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import { connectCodeNameOf, type ErrorCodeName, ProtocolError, toWireError } from '@spaceos/protocol'
import type { Logger } from 'pino'
import { REQUEST_ID_HEADER } from './requestId.ts'

const codes: Record<string, Code> = {
  canceled: Code.Canceled,
  unknown: Code.Unknown,
  invalid_argument: Code.InvalidArgument,
  deadline_exceeded: Code.DeadlineExceeded,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  permission_denied: Code.PermissionDenied,
  resource_exhausted: Code.ResourceExhausted,
  failed_precondition: Code.FailedPrecondition,
  aborted: Code.Aborted,
  out_of_range: Code.OutOfRange,
  unimplemented: Code.Unimplemented,
  internal: Code.Internal,
  unavailable: Code.Unavailable,
  data_loss: Code.DataLoss,
  unauthenticated: Code.Unauthenticated,
}

/**
 * The Connect `Code` of a protocol error code (spec/ERRORS.md §1, column Connect) [NP-ERR-020].
 *
 * @example
 * import { connectCodeOf } from '@spaceos/node-kit'
 * connectCodeOf('BAD_SIGNATURE') // Code.Unauthenticated
 */
export function connectCodeOf(code: ErrorCodeName): Code {
  return codes[connectCodeNameOf(code)] ?? Code.Internal
}

/** The answer to an unexpected fault: `INTERNAL`, no internal text, the request ID to quote [NP-ERR-036]. */
export function internalError(requestId: string): ProtocolError {
  return new ProtocolError('INTERNAL', {
    message: `Internal error; the node logged it under request ID ${requestId}.`,
    details: { request_id: requestId, requirement: 'NP-ERR-036' },
  })
}

/**
 * A protocol error as a `ConnectError` whose Code is the table's and whose details carry `spaceos.common.v1.Error`
 * [NP-ERR-020]. Anything that is not a {@link ProtocolError} (or is one with code `INTERNAL`) becomes the generic
 * internal error of {@link internalError}; `ConnectError`s pass through.
 *
 * @example
 * import { toConnectError } from '@spaceos/node-kit'
 * import { ProtocolError } from '@spaceos/protocol'
 * toConnectError(new ProtocolError('NOT_FOUND'), 'req-1').code // Code.NotFound
 */
export function toConnectError(error: unknown, requestId: string): ConnectError {
  if (error instanceof ConnectError) return error
  const protocolError = error instanceof ProtocolError && error.code !== 'INTERNAL' ? error : internalError(requestId)
  return new ConnectError(protocolError.message, connectCodeOf(protocolError.code), undefined, [
    {
      desc: ErrorSchema,
      value: create(ErrorSchema, toWireError(protocolError)),
    },
  ])
}

/**
 * A server interceptor that converts whatever a Connect handler throws, once, at the edge: protocol errors to their
 * Connect form, unexpected faults to a logged, generic `INTERNAL` [NP-ERR-036].
 */
export function errorInterceptor(log: Pick<Logger, 'error'>): Interceptor {
  return (next) => async (request) => {
    try {
      return await next(request)
    } catch (error) {
      const requestId = request.header.get(REQUEST_ID_HEADER) ?? 'unknown'
      if (!(error instanceof ConnectError) && !(error instanceof ProtocolError && error.code !== 'INTERNAL')) {
        log.error({ err: error, reqId: requestId, method: request.method.name }, 'internal error in a Connect handler')
      }
      throw toConnectError(error, requestId)
    }
  }
}
