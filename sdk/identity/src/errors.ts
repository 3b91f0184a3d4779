import { Code, ConnectError } from '@connectrpc/connect'
import { ErrorCode, ErrorSchema } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'

/**
 * An identity call failed. `code` is the spec's error code (spec/ERRORS.md), taken from the `spaceos.common.v1.Error`
 * detail when present [NP-ERR-021], e.g. `NONCE_INVALID` or `DEVICE_REVOKED`.
 *
 * @example
 * import { IdentityRequestError, login } from '@spaceos/identity'
 * try { await login(walletClient, { url }) } catch (error) {
 *   if (error instanceof IdentityRequestError && error.code === 'RATE_LIMITED') console.log(error.retryAfterMs)
 * }
 */
export class IdentityRequestError extends Error {
  override name = 'IdentityRequestError'
  readonly code: string
  readonly details: Readonly<Record<string, string>>
  readonly retryAfterMs: number
  constructor(parameters: {
    code: string
    message: string
    details?: Record<string, string>
    retryAfterMs?: number
    cause?: unknown
  }) {
    super(`${parameters.code}: ${parameters.message}`, { cause: parameters.cause })
    this.code = parameters.code
    this.details = Object.freeze({ ...parameters.details })
    this.retryAfterMs = parameters.retryAfterMs ?? 0
  }
}

/** Converts anything a Connect call threw into an {@link IdentityRequestError}. */
export function toIdentityRequestError(error: unknown): IdentityRequestError {
  if (error instanceof IdentityRequestError) return error
  const connectError = ConnectError.from(error)
  const detail = connectError.findDetails(ErrorSchema)[0]
  return new IdentityRequestError({
    code:
      detail === undefined
        ? `CONNECT_${Code[connectError.code].toUpperCase()}`
        : (ErrorCode[detail.code] ?? 'INTERNAL'),
    message: detail?.message ?? connectError.rawMessage,
    details: detail === undefined ? {} : { ...detail.details },
    retryAfterMs: detail?.retryAfterMs ?? 0,
    cause: error,
  })
}

/** Runs a Connect call, converting its failure. */
export async function callIdentity<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw toIdentityRequestError(error)
  }
}
