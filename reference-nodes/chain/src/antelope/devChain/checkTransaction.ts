import { inflateSync } from 'node:zlib'
import * as G from '@greymass/eosio'
import { TimePoint } from '@wharfkit/antelope'
import { NodeosApiError } from '../nodeosError.ts'
import { chainNow } from './chainTime.ts'
import { checkAuthorizations } from './checkAuthorizations.ts'
import type { DevChainContext } from './context.ts'
import { transactionId } from './transactionId.ts'

const MAX_PACKED_TRX_BYTES = 512 * 1024
const MAX_EXPIRATION_S = 3600

/** A pushed transaction that passed every check nodeos makes before applying it. */
export type CheckedTransaction = {
  /** The packed transaction (inflated when it came zlib-compressed). */
  packed: Buffer
  /** Decoded once, with VeRT's @greymass/eosio types (which the execution needs). */
  trx: G.Transaction
  id: string
  signatures: string[]
  expirationMs: number
  /** The chain time the checks ran at. */
  nowMs: number
}

/**
 * The checks nodeos makes on a pushed `{ signatures, compression, packed_trx }` [NP-CHAIN-034], in nodeos' order:
 * the body (hex, signatures, compression [NP-CHAIN-035], size), a duplicate id, the expiration window, TAPOS, at least
 * one action, no context-free actions, then the signatures against the declared authorities. Throws the
 * {@link NodeosApiError} nodeos would answer.
 *
 * @example
 * const { packed, trx, id } = checkTransaction(context, { signatures, compression: 0, packed_trx })
 */
export function checkTransaction(context: DevChainContext, body: Record<string, unknown>): CheckedTransaction {
  const { packed, signatures } = decodeBody(body)
  let trx: G.Transaction
  try {
    trx = G.Serializer.decode({ data: packed, type: G.Transaction })
  } catch (cause) {
    throw new NodeosApiError('badRequest', `packed_trx is not a transaction: ${(cause as Error).message}`)
  }
  // id and signing digest hashed natively
  const id = transactionId(packed)
  const nowMs = chainNow(context)
  const expirationMs = trx.expiration.value.toNumber() * 1000
  checkHeader(context, trx, id, nowMs, expirationMs)
  checkAuthorizations(context, trx, packed, signatures)
  return { packed, trx, id, signatures, expirationMs, nowMs }
}

/** The packed transaction (inflated) and the signatures of a pushed body. */
function decodeBody(body: Record<string, unknown>): { packed: Buffer; signatures: string[] } {
  const { signatures, compression, packed_trx } = body
  if (typeof packed_trx !== 'string' || !/^([0-9a-fA-F]{2})+$/.test(packed_trx)) {
    throw new NodeosApiError('badRequest', 'packed_trx must be the packed transaction as hex')
  }
  if (!Array.isArray(signatures) || signatures.some((s) => typeof s !== 'string')) {
    throw new NodeosApiError('badRequest', 'signatures must be an array of signature strings')
  }
  let packed = Buffer.from(packed_trx, 'hex')
  if (compression === 1 || compression === 'zlib') {
    try {
      packed = inflateSync(packed, { maxOutputLength: MAX_PACKED_TRX_BYTES })
    } catch (cause) {
      throw (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        ? new NodeosApiError(
            'decompression',
            `Exceeded maximum decompressed transaction size: packed_trx inflates beyond ${MAX_PACKED_TRX_BYTES} bytes`,
          )
        : new NodeosApiError('decompression', 'Unable to decompress transaction: packed_trx is not zlib data')
    }
  } else if (compression !== 0 && compression !== 'none' && compression !== undefined) {
    throw new NodeosApiError(
      'unknownCompression',
      `Unknown transaction compression algorithm ${JSON.stringify(compression)}: use 0/"none" or 1/"zlib"`,
    )
  } else if (packed.length > MAX_PACKED_TRX_BYTES) {
    throw new NodeosApiError('tooBig', `packed_trx is ${packed.length} bytes, more than ${MAX_PACKED_TRX_BYTES}`)
  }
  return { packed, signatures: signatures as string[] }
}

/** Duplicate id, expiration window, TAPOS, actions. */
function checkHeader(context: DevChainContext, trx: G.Transaction, id: string, nowMs: number, expirationMs: number) {
  if (context.seen.has(id)) throw new NodeosApiError('duplicate', `duplicate transaction ${id}`)
  if (expirationMs <= nowMs) {
    throw new NodeosApiError(
      'expired',
      `expired transaction ${id}, expiration ${trx.expiration}, block time ${TimePoint.fromMilliseconds(nowMs)}`,
    )
  }
  if (expirationMs > nowMs + MAX_EXPIRATION_S * 1000) {
    throw new NodeosApiError('tooFar', `transaction expiration is more than ${MAX_EXPIRATION_S} s in the future`)
  }
  // TAPOS: the one block of the last 2^16 whose number's low 16 bits are ref_block_num, with the same id prefix.
  const { headNum } = context
  const ref = context.blocks.get(headNum - ((headNum - Number(trx.ref_block_num)) & 0xffff))
  if (!ref || ref.ref_block_prefix !== Number(trx.ref_block_prefix)) {
    throw new NodeosApiError(
      'refBlock',
      `transaction's reference block ${trx.ref_block_num} / prefix ${trx.ref_block_prefix} did not match a block on this chain`,
    )
  }
  if (trx.actions.length === 0) throw new NodeosApiError('noAction', 'transaction must have at least one action')
  if (trx.context_free_actions.length > 0) {
    throw new NodeosApiError('tx', 'context-free actions are not supported by the devnet')
  }
}
