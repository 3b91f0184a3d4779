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
 * [NP-EVM-010], EIP-155 signature for chain `EVM_CHAIN_ID` [NP-EVM-011], gas price ≥ `EVM_GAS_PRICE_WEI` [NP-EVM-012].
 * Throws {@link TxWrapperRejectedError} saying why and what to do; returns the decoded transaction. A contract creation
 * (no `to`) then goes through {@link checkCreationCode} for the PUSH0 rule [NP-EVM-004].
 *
 * @example
 * import { checkRawTransaction } from '@spaceos/chain-node'
 * checkRawTransaction('0x02f8…') // throws: only legacy (type 0) transactions are accepted
 */
export function checkRawTransaction(raw: unknown): ReturnType<typeof parseTransaction<TransactionSerializedLegacy>> {
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
  return tx
}

/** What simulating a contract creation on the EVM node answered (`eth_call` without `to`). */
export type CreationSimulation = { ok: true; runtimeCode: Hex } | { ok: false; message: string }

/**
 * Strips the CBOR metadata solc appends to runtime code (a CBOR map followed by its 2-byte big-endian length), so its
 * hash bytes are never read as opcodes.
 */
export function stripSolcMetadata(code: Uint8Array): Uint8Array {
  if (code.length < 2) return code
  const length = ((code[code.length - 2] as number) << 8) | (code[code.length - 1] as number)
  const start = code.length - 2 - length
  if (length === 0 || start < 0) return code
  const head = code[start] as number
  return head >= 0xa1 && head <= 0xb7 ? code.subarray(0, start) : code
}

/**
 * The PUSH0 rule for contract creations [NP-EVM-004]. The static scan ({@link findPush0}) over-approximates: it can
 * mistake a `0x5b 0x5f` pair inside constructor arguments for an executable PUSH0. So a hit is confirmed by running the
 * creation on the node (a paris EVM): the init code executing PUSH0 (or another opcode paris lacks) fails there with
 * `NotActivated`, and the runtime code the creation returns is scanned without the constructor arguments and without
 * solc's metadata. A creation that fails in the simulation for any other reason is passed on: the chain answers it.
 *
 * @example
 * await checkCreationCode('0x5f5ff3', simulate) // throws TxWrapperRejectedError TX_PUSH0
 */
export async function checkCreationCode(initCode: Hex, simulate: () => Promise<CreationSimulation>): Promise<void> {
  const offset = findPush0(hexToBytes(initCode))
  if (offset === undefined) return
  const result = await simulate()
  const reject = (where: string, details: Record<string, unknown>) => {
    throw new TxWrapperRejectedError(
      'TX_PUSH0',
      TX_REJECTED,
      `The contract-creation code ${where}; the SPACE OS EVM runs the paris rules without PUSH0 (0x5f). ` +
        'Compile with evm_version = "paris" (Solidity ≤ 0.8.19).',
      details,
    )
  }
  if (!result.ok) {
    if (/NotActivated|invalid opcode|opcode 0x5f/i.test(result.message)) {
      reject(`executes an opcode paris lacks (PUSH0 found at byte ${offset})`, { offset })
    }
    return
  }
  const runtimeOffset = findPush0(stripSolcMetadata(hexToBytes(result.runtimeCode)))
  if (runtimeOffset !== undefined) {
    reject(`deploys code with the PUSH0 opcode at byte ${runtimeOffset} of the runtime code`, {
      offset,
      runtimeOffset,
    })
  }
}
