/** Base error of @spaceos/antelope: a stable code, a message saying what to do, details and the cause. */
export class AntelopeSdkError extends Error {
  override name = 'AntelopeSdkError'
  readonly code: string
  readonly details: Record<string, unknown>
  readonly docsPath = 'sdk/antelope/README.md'

  constructor(code: string, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.details = options.details ?? {}
  }
}

/** A bridge memo is not `0x` followed by a 20-byte hex EVM address. */
export class BridgeMemoInvalidError extends AntelopeSdkError {
  override name = 'BridgeMemoInvalidError'
  constructor(memo: string) {
    super(
      'ANTELOPE_BRIDGE_MEMO_INVALID',
      `Bridge memo "${memo}" is not an EVM address: use "0x" followed by 40 hex digits (20 bytes).`,
      { details: { memo } },
    )
  }
}
