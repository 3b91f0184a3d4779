import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, EVM_TX_TYPE } from '@spaceos/generated/parameters'
import { type Hex, hexToBytes, isHex, parseTransaction, type TransactionSerializedLegacy } from 'viem'
import { TxWrapperRejectedError } from '../errors.ts'
import { findPush0 } from './findPush0.ts'

const TYPE_NAMES: Record<number, string> = {
  1: 'EIP-2930 (type 1)',
  2: 'EIP-1559 (type 2)',
  3: 'EIP-4844 (type 3)',
  4: 'EIP-7702 (type 4)',
}

/** JSON-RPC code of a transaction refused by the chain's rules [NP-EVM-010]. */
export const TX_REJECTED = -32000

/**
 * Checks a raw signed transaction against the SPACE OS EVM's rules before it reaches the node: legacy (type 0) only
 * [NP-EVM-010], EIP-155 signature for chain `EVM_CHAIN_ID` [NP-EVM-011], gas price ≥ `EVM_GAS_PRICE_WEI` [NP-EVM-012],
 * no PUSH0 in contract-creation code [NP-EVM-004]. Throws {@link TxWrapperRejectedError} saying why and what to do.
 *
 * @example
 * import { checkRawTransaction } from '@spaceos/chain-node'
 * checkRawTransaction('0x02f8…') // throws: only legacy (type 0) transactions are accepted
 */
export function checkRawTransaction(raw: unknown): void {
  if (typeof raw !== 'string' || !isHex(raw, { strict: true }) || raw.length < 4) {
    throw new TxWrapperRejectedError(
      'TX_MALFORMED',
      -32602,
      'eth_sendRawTransaction expects one parameter: the signed transaction as 0x-prefixed hex.',
    )
  }
  const firstByte = hexToBytes(raw as Hex)[0] as number
  // A typed transaction (EIP-2718) starts with its type byte (< 0x80); a legacy one with an RLP list prefix (≥ 0xc0).
  if (firstByte < 0x80) {
    const kind = TYPE_NAMES[firstByte] ?? `type ${firstByte}`
    throw new TxWrapperRejectedError(
      'TX_TYPE_UNSUPPORTED',
      TX_REJECTED,
      `Only legacy (type ${EVM_TX_TYPE}) transactions are accepted on the SPACE OS EVM; got an ${kind} transaction. ` +
        `Send it with type: 'legacy' and gasPrice: ${EVM_GAS_PRICE_WEI} (150 gwei).`,
      { type: firstByte },
    )
  }
  let tx: ReturnType<typeof parseTransaction<TransactionSerializedLegacy>>
  try {
    tx = parseTransaction(raw as TransactionSerializedLegacy)
  } catch (cause) {
    throw new TxWrapperRejectedError(
      'TX_MALFORMED',
      -32602,
      `The raw transaction could not be decoded as a signed legacy transaction: ${(cause as Error).message.split('\n')[0]}`,
    )
  }
  if (tx.v === undefined || tx.r === undefined || tx.s === undefined) {
    throw new TxWrapperRejectedError('TX_UNSIGNED', -32602, 'The raw transaction carries no signature.')
  }
  if (tx.chainId !== EVM_CHAIN_ID) {
    throw new TxWrapperRejectedError(
      'TX_WRONG_CHAIN',
      TX_REJECTED,
      tx.chainId === undefined
        ? `The transaction has no EIP-155 replay protection; sign it for chain ID ${EVM_CHAIN_ID}.`
        : `The transaction is signed for chain ID ${tx.chainId}; the SPACE OS EVM is chain ID ${EVM_CHAIN_ID}.`,
      { expected: EVM_CHAIN_ID, actual: tx.chainId ?? null },
    )
  }
  const gasPrice = tx.gasPrice ?? 0n
  if (gasPrice < EVM_GAS_PRICE_WEI) {
    throw new TxWrapperRejectedError(
      'TX_GAS_PRICE_TOO_LOW',
      TX_REJECTED,
      `Gas price ${gasPrice} wei is below the minimum of ${EVM_GAS_PRICE_WEI} wei (150 gwei); set gasPrice to ${EVM_GAS_PRICE_WEI}.`,
      { minimum: String(EVM_GAS_PRICE_WEI), actual: String(gasPrice) },
    )
  }
  if (tx.to === undefined || tx.to === null) {
    const offset = findPush0(hexToBytes(tx.data ?? '0x'))
    if (offset !== undefined) {
      throw new TxWrapperRejectedError(
        'TX_PUSH0',
        TX_REJECTED,
        `The contract-creation code contains the PUSH0 opcode (0x5f) at byte ${offset}; the SPACE OS EVM runs the paris ` +
          `rules without PUSH0. Compile with evm_version = "paris" (Solidity ≤ 0.8.19).`,
        { offset },
      )
    }
  }
}
