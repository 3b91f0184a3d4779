/** Base error of @spaceos/chain-node: a short message that says what to do, a stable code and optional details. */
export class ChainNodeError extends Error {
  override name = 'ChainNodeError'
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(code: string, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.details = options.details ?? {}
  }
}

/**
 * The tx-wrapper refused a JSON-RPC request. `rpcCode` is the JSON-RPC error code sent to the client
 * (-32700 parse error, -32600 invalid request, -32601 method not found/refused, -32602 invalid params,
 * -32000 transaction rejected by the chain's rules).
 */
export class TxWrapperRejectedError extends ChainNodeError {
  override name = 'TxWrapperRejectedError'
  readonly rpcCode: number

  constructor(code: string, rpcCode: number, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { details })
    this.rpcCode = rpcCode
  }
}

/** The upstream EVM node (anvil) is not the chain the wrapper fronts, or cannot be reached. */
export class UpstreamChainMismatchError extends ChainNodeError {
  override name = 'UpstreamChainMismatchError'
  constructor(expected: number, actual: number | string) {
    super(
      'UPSTREAM_CHAIN_MISMATCH',
      `The upstream EVM node reports chain ID ${actual}, expected ${expected}: start anvil with --chain-id ${expected}.`,
      { details: { expected, actual } },
    )
  }
}
