import { create } from '@bufbuild/protobuf'
import { Code, ConnectError } from '@connectrpc/connect'
import { ErrorSchema } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import { type ErrorCodeName, ProtocolError, toWireError } from '@spaceos/protocol'
import { IdentityError } from './errors.ts'

const connectCodes: Partial<Record<ErrorCodeName, Code>> = {
  MALFORMED_FRAME: Code.InvalidArgument,
  UNKNOWN_MESSAGE: Code.InvalidArgument,
  INVALID_FIELD: Code.InvalidArgument,
  UNKNOWN_FIELD: Code.InvalidArgument,
  OP_INVALID: Code.InvalidArgument,
  FRAME_TOO_LARGE: Code.ResourceExhausted,
  UNSUPPORTED_VERSION: Code.Unimplemented,
  UNAUTHENTICATED: Code.Unauthenticated,
  TOKEN_EXPIRED: Code.Unauthenticated,
  BAD_SIGNATURE: Code.Unauthenticated,
  NONCE_INVALID: Code.Unauthenticated,
  DEVICE_REVOKED: Code.Unauthenticated,
  PERMISSION_DENIED: Code.PermissionDenied,
  SCOPE_VIOLATION: Code.PermissionDenied,
  TOOL_NOT_ALLOWED: Code.PermissionDenied,
  PAIRING_CODE_INVALID: Code.InvalidArgument,
  PAIRING_CODE_EXPIRED: Code.FailedPrecondition,
  RESUME_REJECTED: Code.FailedPrecondition,
  KEY_EPOCH_UNKNOWN: Code.FailedPrecondition,
  RATE_LIMITED: Code.ResourceExhausted,
  BACKPRESSURE: Code.ResourceExhausted,
  NOT_JOINED: Code.FailedPrecondition,
  DUPLICATE_NODE: Code.AlreadyExists,
  REPLAYED: Code.AlreadyExists,
  CAPABILITY_UNAVAILABLE: Code.Unavailable,
  NO_ROUTE: Code.Unavailable,
  UNAVAILABLE: Code.Unavailable,
  TIMEOUT: Code.DeadlineExceeded,
  TOOL_FAILED: Code.Aborted,
  JOB_NOT_FOUND: Code.NotFound,
  NOT_FOUND: Code.NotFound,
  INTERNAL: Code.Internal,
}

const httpStatuses: Record<Code, number> = {
  [Code.Canceled]: 499,
  [Code.Unknown]: 500,
  [Code.InvalidArgument]: 400,
  [Code.DeadlineExceeded]: 408,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.PermissionDenied]: 403,
  [Code.ResourceExhausted]: 429,
  [Code.FailedPrecondition]: 412,
  [Code.Aborted]: 409,
  [Code.OutOfRange]: 400,
  [Code.Unimplemented]: 404,
  [Code.Internal]: 500,
  [Code.Unavailable]: 503,
  [Code.DataLoss]: 500,
  [Code.Unauthenticated]: 401,
}

/** Anything thrown, as a protocol error (unknown faults become `INTERNAL`, converted once at the edge). */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof ProtocolError) return error
  return new IdentityError('INTERNAL', { message: 'Internal error.', cause: error })
}

/** The Connect Code of a protocol code (spec/ERRORS.md §3). */
export function connectCodeOf(code: ErrorCodeName): Code {
  return connectCodes[code] ?? Code.Internal
}

/** A protocol error as a `ConnectError` carrying `spaceos.common.v1.Error` in its details [NP-ERR-020]. */
export function toConnectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error
  const protocolError = toProtocolError(error)
  return new ConnectError(protocolError.message, connectCodeOf(protocolError.code), undefined, [
    { desc: ErrorSchema, value: create(ErrorSchema, toWireError(protocolError)) },
  ])
}

/** HTTP status and JSON body of a protocol error (spec/ERRORS.md §4) [NP-ERR-030] [NP-ERR-031]. */
export function toHttpError(error: unknown): { status: number; body: unknown; retryAfterS?: number } {
  const protocolError = toProtocolError(error)
  const result: { status: number; body: unknown; retryAfterS?: number } = {
    status: httpStatuses[connectCodeOf(protocolError.code)],
    body: { error: { code: protocolError.code, message: protocolError.message, details: protocolError.details } },
  }
  // [NP-ERR-032]
  if (protocolError.code === 'RATE_LIMITED')
    result.retryAfterS = Math.max(1, Math.ceil(protocolError.retryAfterMs / 1000))
  return result
}
