import { EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { type SerializeTransactionFn, type Signature, serializeTransaction, type TransactionSerializable } from 'viem'
import { TypedTransactionError } from './errors/base.ts'

/** Request fields that only exist on typed (EIP-2718) transactions. */
const typedFields = ['maxFeePerGas', 'maxPriorityFeePerGas', 'maxFeePerBlobGas', 'blobs', 'authorizationList'] as const

/**
 * Turns a transaction request into a legacy one: `type: 'legacy'` and `gasPrice` (default: the fixed 150 gwei of the
 * parameters file). Throws {@link TypedTransactionError} when the request asks for anything typed — silently dropping
 * an EIP-1559 fee cap would change what the caller signed up for.
 *
 * @example
 * ```ts
 * import { toLegacyRequest } from '@spaceos/evm'
 * toLegacyRequest({ to: '0x…', value: 1n }) // { to: '0x…', value: 1n, type: 'legacy', gasPrice: 150000000000n }
 * ```
 */
// [NP-EVM-002] [NP-EVM-006] legacy (type 0) at EVM_GAS_PRICE_WEI by default
export function toLegacyRequest<request extends object>(
  request: request,
  gasPrice: bigint = EVM_GAS_PRICE_WEI,
): request & { type: 'legacy'; gasPrice: bigint } {
  const fields = request as Record<string, unknown>
  if (fields.type !== undefined && fields.type !== 'legacy' && fields.type !== '0x0') {
    throw new TypedTransactionError({ field: `type: ${String(fields.type)}` })
  }
  for (const field of typedFields) if (fields[field] !== undefined) throw new TypedTransactionError({ field })
  if (Array.isArray(fields.accessList) && fields.accessList.length > 0) {
    throw new TypedTransactionError({ field: 'accessList' })
  }
  const { accessList: _accessList, ...rest } = fields
  return { ...(rest as request), type: 'legacy', gasPrice: (fields.gasPrice as bigint | undefined) ?? gasPrice }
}

/**
 * The transaction serializer of the SPACE OS chains: serializes legacy transactions (EIP-155, chain ID in `v`) and
 * refuses every typed transaction, so a local account can never sign an EIP-1559 transaction for this chain.
 *
 * @example
 * ```ts
 * import { legacySerializer } from '@spaceos/evm'
 * legacySerializer({ chainId: 800000, gasPrice: 150000000000n, nonce: 0, gas: 21000n, to: '0x…', value: 1n })
 * ```
 */
export const legacySerializer: SerializeTransactionFn<TransactionSerializable> = (
  transaction: TransactionSerializable,
  signature?: Signature,
) => {
  return serializeTransaction(toLegacyRequest(transaction), signature)
}
