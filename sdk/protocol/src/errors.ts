import { ErrorCode } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'

/** An error-code name of spec/ERRORS.md: the `ErrorCode` enum name without its `ERROR_CODE_` prefix. */
export type ErrorCodeName =
  Exclude<keyof typeof ErrorCode, 'UNSPECIFIED'> extends infer name ? (name extends string ? name : never) : never

/** Machine-readable context of an error: string keys (lower_snake_case) to string values, as on the wire. */
export type ErrorDetails = Readonly<Record<string, string>>

/** Parameters every protocol error takes. */
export type ProtocolErrorParameters = {
  /** What went wrong and what to do next. */
  message?: string
  /** Machine-readable context (`field`, `limit`, `actual`, `requirement` …). */
  details?: ErrorDetails
  /** Where the rule is documented, a repository path such as `spec/WIRE.md#2-framing`. */
  docsPath?: string
  /** The underlying error, if any. */
  cause?: unknown
  /** True when the same request may succeed later unchanged. */
  retryable?: boolean
  /** With `retryable`, the minimum wait before a retry, in milliseconds. */
  retryAfterMs?: number
}

/**
 * The base of every error `@spaceos/protocol` throws. `code` is the spec's error-code name (spec/ERRORS.md), e.g.
 * `'MALFORMED_FRAME'`; `errorCode` is the same code as the number of the proto enum `spaceos.common.v1.ErrorCode`.
 *
 * @example
 * import { decodeEnvelope, ProtocolError } from '@spaceos/protocol'
 * try {
 *   decodeEnvelope(new Uint8Array([0xff]), 'spaceos.v1.proto')
 * } catch (error) {
 *   if (error instanceof ProtocolError) console.log(error.code) // 'MALFORMED_FRAME'
 * }
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
  /** The error-code name, e.g. `'BAD_SIGNATURE'`. */
  readonly code: ErrorCodeName
  /** The numeric value of `code` in `spaceos.common.v1.ErrorCode`. */
  readonly errorCode: ErrorCode
  /** Machine-readable context. */
  readonly details: ErrorDetails
  /** Repository path of the rule that was violated. */
  readonly docsPath: string
  /** True when the same request may succeed later unchanged. */
  readonly retryable: boolean
  /** With `retryable`, the minimum wait before a retry, in milliseconds (0 = no hint). */
  readonly retryAfterMs: number

  constructor(code: ErrorCodeName, parameters: ProtocolErrorParameters = {}) {
    super(parameters.message ?? code, parameters.cause === undefined ? undefined : { cause: parameters.cause })
    this.code = code
    this.errorCode = ErrorCode[code]
    this.details = Object.freeze({ ...parameters.details })
    this.docsPath = parameters.docsPath ?? 'spec/ERRORS.md'
    this.retryable = parameters.retryable ?? false
    this.retryAfterMs = parameters.retryAfterMs ?? 0
  }
}

/** Bytes or text that do not decode as the expected message: truncated, invalid wire type, invalid UTF-8 or JSON. */
export class MalformedFrameError extends ProtocolError {
  override name = 'MalformedFrameError'
  constructor(parameters: ProtocolErrorParameters = {}) {
    super('MALFORMED_FRAME', {
      docsPath: 'spec/WIRE.md#2-framing',
      ...parameters,
      message:
        parameters.message ?? 'The frame does not decode as an Envelope; check the subprotocol and the encoding.',
    })
  }
}

/** A frame, op or field over its size limit. `limit` and `actual` are in bytes (or items for counts). */
export class FrameTooLargeError extends ProtocolError {
  override name = 'FrameTooLargeError'
  readonly limit: number
  readonly actual: number
  constructor(parameters: ProtocolErrorParameters & { limit: number; actual: number; field?: string }) {
    const { limit, actual, field = 'frame', ...rest } = parameters
    super('FRAME_TOO_LARGE', {
      docsPath: 'spec/WIRE.md#2-framing',
      ...rest,
      message: rest.message ?? `${field} is ${actual}, over the limit of ${limit}; send large content by reference.`,
      details: { field, limit: String(limit), actual: String(actual), ...rest.details },
    })
    this.limit = limit
    this.actual = actual
  }
}

/** An Envelope whose body is not set or is a message this version does not know. */
export class UnknownMessageError extends ProtocolError {
  override name = 'UnknownMessageError'
  constructor(parameters: ProtocolErrorParameters = {}) {
    super('UNKNOWN_MESSAGE', {
      docsPath: 'spec/ERRORS.md#5-versioning-and-compatibility',
      ...parameters,
      message: parameters.message ?? 'The Envelope body is not set or is not a message of protocol v1.',
    })
  }
}

/** A field that violates a limit, format, enum or required rule. `field` is its path, e.g. `node_join.device_id`. */
export class InvalidFieldError extends ProtocolError {
  override name = 'InvalidFieldError'
  readonly field: string
  constructor(parameters: ProtocolErrorParameters & { field: string; reason?: string }) {
    const { field, reason = 'is invalid', ...rest } = parameters
    super('INVALID_FIELD', {
      docsPath: 'spec/WIRE.md',
      ...rest,
      message: rest.message ?? `${field} ${reason}.`,
      details: { field, ...rest.details },
    })
    this.field = field
  }
}

/** A subprotocol, path or version this implementation does not support. */
export class UnsupportedVersionError extends ProtocolError {
  override name = 'UnsupportedVersionError'
  constructor(parameters: ProtocolErrorParameters & { subprotocol: string }) {
    const { subprotocol, ...rest } = parameters
    super('UNSUPPORTED_VERSION', {
      docsPath: 'spec/WIRE.md#1-connection',
      ...rest,
      message:
        rest.message ?? `Subprotocol "${subprotocol}" is not supported; use spaceos.v1.proto or spaceos.v1.json.`,
      details: { subprotocol, ...rest.details },
    })
  }
}

/** Canonical JSON carrying a field (or enum value name) the schema does not define. */
export class UnknownFieldError extends ProtocolError {
  override name = 'UnknownFieldError'
  constructor(parameters: ProtocolErrorParameters = {}) {
    super('UNKNOWN_FIELD', {
      docsPath: 'spec/ERRORS.md#5-versioning-and-compatibility',
      ...parameters,
      message: parameters.message ?? 'The JSON carries a field or enum value that protocol v1 does not define.',
    })
  }
}

/** A signature that does not verify. */
export class BadSignatureError extends ProtocolError {
  override name = 'BadSignatureError'
  constructor(parameters: ProtocolErrorParameters = {}) {
    super('BAD_SIGNATURE', {
      docsPath: 'spec/MEMORY.md',
      ...parameters,
      message: parameters.message ?? 'The signature does not verify with the given public key.',
    })
  }
}

/** A memory op in a scope it may not use, or with content that does not fit its scope. */
export class ScopeViolationError extends ProtocolError {
  override name = 'ScopeViolationError'
  readonly scope: string
  constructor(parameters: ProtocolErrorParameters & { scope: string; reason?: string }) {
    const { scope, reason = 'is not allowed here', ...rest } = parameters
    super('SCOPE_VIOLATION', {
      docsPath: 'spec/MEMORY.md',
      ...rest,
      message: rest.message ?? `Scope "${scope}" ${reason}.`,
      details: { scope, ...rest.details },
    })
    this.scope = scope
  }
}

/** A malformed memory op: undecodable bytes, bad signature length, bad parent, bad kind. */
export class OpInvalidError extends ProtocolError {
  override name = 'OpInvalidError'
  constructor(parameters: ProtocolErrorParameters & { reason?: string } = {}) {
    const { reason, ...rest } = parameters
    super('OP_INVALID', {
      docsPath: 'spec/MEMORY.md',
      ...rest,
      message: rest.message ?? `The memory op is malformed${reason ? `: ${reason}` : ''}.`,
    })
  }
}

/** Private-scope ciphertext naming a key epoch whose secret this device does not hold. */
export class KeyEpochUnknownError extends ProtocolError {
  override name = 'KeyEpochUnknownError'
  readonly keyEpoch: number
  constructor(parameters: ProtocolErrorParameters & { keyEpoch: number }) {
    const { keyEpoch, ...rest } = parameters
    super('KEY_EPOCH_UNKNOWN', {
      docsPath: 'spec/MEMORY.md',
      ...rest,
      message: rest.message ?? `No user secret for key epoch ${keyEpoch}; sync the keyring from a paired device.`,
      details: { key_epoch: String(keyEpoch), ...rest.details },
    })
    this.keyEpoch = keyEpoch
  }
}

/** Returns the error-code name of a numeric `ErrorCode`, or `'INTERNAL'` for a number this version does not know. */
export function errorCodeName(code: ErrorCode | number): ErrorCodeName {
  const name = ErrorCode[code as ErrorCode] as string | undefined
  return name === undefined || name === 'UNSPECIFIED' ? 'INTERNAL' : (name as ErrorCodeName)
}
