import { type ErrorFormat, retryAfterHeader } from '@spaceos/node-kit'
import { ProtocolError } from '@spaceos/protocol'
import { ChainNodeError } from '../errors.ts'

/** nodeos error codes and names the chain API answers with [NP-CHAIN-031] [NP-CHAIN-033]. */
export const NODEOS_ERRORS = {
  parse: { code: 4, name: 'parse_error_exception', what: 'Parse Error', status: 400 },
  badRequest: { code: 3010000, name: 'chain_type_exception', what: 'chain type exception', status: 400 },
  tooLarge: {
    code: 3010010,
    name: 'packed_transaction_type_exception',
    what: 'Invalid packed transaction',
    status: 413,
  },
  unknownAccount: { code: 3060002, name: 'account_query_exception', what: 'Account Query Exception', status: 500 },
  unknownContract: {
    code: 3060003,
    name: 'contract_table_query_exception',
    what: 'Contract Table Query Exception',
    status: 500,
  },
  notFound: { code: 3100002, name: 'unknown_block_exception', what: 'Unknown block', status: 400 },
  unknownEndpoint: { code: 0, name: 'exception', what: 'unspecified', status: 404 },
  expired: { code: 3040005, name: 'expired_tx_exception', what: 'Expired Transaction', status: 500 },
  tooFar: { code: 3040006, name: 'tx_exp_too_far_exception', what: 'Transaction Expiration Too Far', status: 500 },
  refBlock: { code: 3040007, name: 'invalid_ref_block_exception', what: 'Invalid Reference Block', status: 500 },
  duplicate: { code: 3040008, name: 'tx_duplicate', what: 'Duplicate transaction', status: 409 },
  unsatisfied: {
    code: 3090003,
    name: 'unsatisfied_authorization',
    what: 'Provided keys, permissions, and delays do not satisfy declared authorizations',
    status: 401,
  },
  irrelevant: { code: 3090005, name: 'irrelevant_auth_exception', what: 'Irrelevant authority included', status: 401 },
  missingAuth: { code: 3090004, name: 'missing_auth_exception', what: 'Missing required authority', status: 401 },
  assert: {
    code: 3050003,
    name: 'eosio_assert_message_exception',
    what: 'eosio_assert_message assertion failure',
    status: 500,
  },
  action: { code: 3050000, name: 'action_validate_exception', what: 'Action validate exception', status: 500 },
  tx: { code: 3040000, name: 'transaction_exception', what: 'Transaction exception', status: 500 },
  decompression: {
    code: 3040001,
    name: 'tx_decompression_error',
    what: 'Error decompressing transaction',
    status: 400,
  },
  noAction: {
    code: 3040002,
    name: 'tx_no_action',
    what: 'Transaction should have at least one normal action',
    status: 400,
  },
  noAuths: {
    code: 3040003,
    name: 'tx_no_auths',
    what: 'Transaction should have at least one required authority',
    status: 400,
  },
  tooBig: { code: 3040013, name: 'tx_too_big', what: 'Transaction is too big', status: 400 },
  unknownCompression: {
    code: 3040014,
    name: 'unknown_transaction_compression',
    what: 'Unknown transaction compression',
    status: 400,
  },
} as const

export type NodeosErrorKind = keyof typeof NODEOS_ERRORS

/**
 * An error the chain API answers in nodeos' JSON shape: HTTP status, `code`, `message`, and `error` with `code`, `name`,
 * `what` and `details[].message` [NP-CHAIN-031].
 *
 * @example
 * import { NodeosApiError } from '@spaceos/chain-node'
 * throw new NodeosApiError('expired', 'expired transaction 3a1f…, expiration 2026-01-01T00:00:00')
 */
export class NodeosApiError extends ChainNodeError {
  override name = 'NodeosApiError'
  readonly kind: NodeosErrorKind

  constructor(kind: NodeosErrorKind, message: string) {
    super(`NODEOS_${NODEOS_ERRORS[kind].name.toUpperCase()}`, message)
    this.kind = kind
  }

  /** HTTP status and body as nodeos sends them. */
  toResponse(): { status: number; body: Record<string, unknown> } {
    const e = NODEOS_ERRORS[this.kind]
    return {
      status: e.status,
      body: {
        code: e.status,
        message: e.status === 400 ? 'Bad Request' : e.status === 404 ? 'Not Found' : 'Internal Service Error',
        error: {
          code: e.code,
          name: e.name,
          what: e.what,
          details: [{ message: this.message, file: '', line_number: 0, method: '' }],
        },
      },
    }
  }
}

const layerKinds: Partial<Record<string, NodeosErrorKind>> = {
  FRAME_TOO_LARGE: 'tooLarge',
  MALFORMED_FRAME: 'parse',
  NOT_FOUND: 'unknownEndpoint',
}

/**
 * The chain API's errors in nodeos' shape for the node-kit server layer [NP-CHAIN-031]: its own
 * {@link NodeosApiError}s, the layer's oversized (413), malformed (400) and unknown-route (404) answers, and anything
 * else — an internal fault — as a 500 `transaction_exception` that says only the request ID [NP-ERR-036].
 */
export const nodeosErrorFormat: ErrorFormat = {
  name: 'nodeos',
  render(error, requestId) {
    if (error instanceof NodeosApiError) return error.toResponse()
    if (!(error instanceof ProtocolError)) return undefined
    const kind = layerKinds[error.code]
    if (kind !== undefined) return new NodeosApiError(kind, error.message).toResponse()
    if (error.code === 'UNAVAILABLE') {
      const { body } = new NodeosApiError('tx', error.message).toResponse()
      return { status: 503, body, headers: retryAfterHeader(error) }
    }
    if (error.code === 'INTERNAL') {
      return new NodeosApiError('tx', `Internal error; the node logged it under request ID ${requestId}.`).toResponse()
    }
    return undefined
  },
}
