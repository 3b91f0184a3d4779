import { type ErrorCodeName, ProtocolError, type ProtocolErrorParameters } from '@spaceos/protocol'

/**
 * The base error of the identity node: a {@link ProtocolError} whose `code` is the spec's error code (spec/ERRORS.md),
 * answered over HTTP as `{"error": {code, message, details}}` and over Connect with the mapped Code.
 *
 * @example
 * import { IdentityError } from '@spaceos/identity-node'
 * throw new IdentityError('PERMISSION_DENIED', { message: 'Use a device token.' })
 */
export class IdentityError extends ProtocolError {
  override name = 'IdentityError'
  constructor(code: ErrorCodeName, parameters: ProtocolErrorParameters = {}) {
    super(code, { docsPath: 'spec/AUTH.md', ...parameters })
  }
}

/** A login nonce is unknown, used, expired, bound to another address, or the message differs [NP-AUTH-030]. */
export class NonceInvalidError extends IdentityError {
  override name = 'NonceInvalidError'
  constructor(reason: string) {
    super('NONCE_INVALID', {
      message: `The login nonce is not valid (${reason}); request a new one from GET /api/auth/nonce.`,
      details: { reason, requirement: 'NP-AUTH-030' },
      docsPath: 'spec/AUTH.md#23-verify',
    })
  }
}

/** A signature does not verify [NP-AUTH-031]. */
export class SignatureInvalidError extends IdentityError {
  override name = 'SignatureInvalidError'
  constructor(what: string, requirement: string) {
    super('BAD_SIGNATURE', {
      message: `The ${what} signature does not verify; sign the exact bytes the spec names.`,
      details: { requirement },
    })
  }
}

/** A field violates its format [NP-AUTH-001]. */
export class FieldInvalidError extends IdentityError {
  override name = 'FieldInvalidError'
  constructor(field: string, message: string, requirement?: string) {
    super('INVALID_FIELD', {
      message,
      details: requirement === undefined ? { field } : { field, requirement },
    })
  }
}

/** Too many requests from one source or for one account. */
export class RateLimitedError extends IdentityError {
  override name = 'RateLimitedError'
  constructor(limit: string, retryAfterMs: number, requirement: string) {
    super('RATE_LIMITED', {
      message: `Too many requests (${limit}); retry after ${Math.ceil(retryAfterMs / 1000)} s.`,
      details: { limit, requirement },
      retryable: true,
      retryAfterMs,
    })
  }
}

/** Missing or invalid credentials [NP-AUTH-043]. */
export class UnauthenticatedError extends IdentityError {
  override name = 'UnauthenticatedError'
  constructor(reason: string, cause?: unknown) {
    super('UNAUTHENTICATED', {
      message: `Not authenticated (${reason}); log in again.`,
      details: { reason },
      cause,
    })
  }
}

/** The JWT expired [NP-AUTH-044]. */
export class TokenExpiredError extends IdentityError {
  override name = 'TokenExpiredError'
  constructor() {
    super('TOKEN_EXPIRED', {
      message: 'The token expired; log in again or refresh the device token.',
      details: { requirement: 'NP-AUTH-044' },
    })
  }
}

/** The token's device was revoked [NP-AUTH-082]. */
export class DeviceRevokedError extends IdentityError {
  override name = 'DeviceRevokedError'
  constructor(deviceId: string) {
    super('DEVICE_REVOKED', {
      message: 'This device was revoked; pair it again or recover with the wallet.',
      details: { device_id: deviceId, requirement: 'NP-AUTH-082' },
    })
  }
}

/** Authenticated but not allowed. */
export class PermissionDeniedError extends IdentityError {
  override name = 'PermissionDeniedError'
  constructor(message: string, requirement: string) {
    super('PERMISSION_DENIED', { message, details: { requirement } })
  }
}

/** An unknown resource. */
export class ResourceNotFoundError extends IdentityError {
  override name = 'ResourceNotFoundError'
  constructor(what: string) {
    super('NOT_FOUND', { message: `No such ${what}.`, details: { resource: what } })
  }
}
