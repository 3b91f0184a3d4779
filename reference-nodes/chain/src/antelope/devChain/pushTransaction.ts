import { BLOCK_TIME_MS } from '@spaceos/generated/parameters'
import { NodeosApiError } from '../nodeosError.ts'
import { BlockTransaction } from './blockTransaction.ts'
import { blockTimeText, setChainTime, slot } from './chainTime.ts'
import { checkTransaction } from './checkTransaction.ts'
import type { DevChainContext } from './context.ts'
import { executeTransaction } from './executeTransaction.ts'
import { toNodeosError } from './toNodeosError.ts'
import type { PushTransactionResult } from './types.ts'

/**
 * `push_transaction` / `send_transaction`: decodes `{ signatures, compression, packed_trx }` (zlib too
 * [NP-CHAIN-035]), checks it as nodeos does [NP-CHAIN-034] and applies it in the next block. Transactions apply one
 * at a time, in the order they arrive.
 *
 * @example
 * const { transaction_id, processed } = await pushTransaction(context, { signatures, compression: 0, packed_trx })
 */
export function pushTransaction(
  context: DevChainContext,
  body: Record<string, unknown>,
): Promise<PushTransactionResult> {
  const run = context.queue.then(() => applyTransaction(context, body))
  context.queue = run.catch(() => undefined)
  return run
}

async function applyTransaction(context: DevChainContext, body: Record<string, unknown>) {
  const { packed, trx, id, signatures, expirationMs, nowMs } = checkTransaction(context, body)
  const blockMs = slot(nowMs) + BLOCK_TIME_MS
  setChainTime(context, blockMs)
  const blockTime = blockTimeText(context, blockMs)
  let traces: Record<string, unknown>[]
  try {
    traces = await executeTransaction(context, packed, id, context.headNum + 1, blockTime, trx)
  } catch (error) {
    throw error instanceof NodeosApiError ? error : toNodeosError(error)
  }
  // A block may have been produced while VeRT ran (it awaits between contracts): the transaction goes in the next one.
  const blockNum = context.headNum + 1
  const action_traces = traces.map((t) => (t.block_num === blockNum ? t : { ...t, block_num: blockNum }))
  context.seen.remember(id, expirationMs)
  const packedHex = packed.toString('hex')
  context.log?.append({ block_num: blockNum, block_ms: blockMs, expiration_ms: expirationMs, packed_trx: packedHex })
  const receipt = { status: 'executed', cpu_usage_us: 100, net_usage_words: Math.ceil(packed.length / 8) + 12 }
  context.pending.push(new BlockTransaction(receipt.net_usage_words, id, [...signatures], packedHex) as never)
  return {
    transaction_id: id,
    processed: {
      id,
      block_num: blockNum,
      block_time: blockTime,
      producer_block_id: null,
      receipt,
      elapsed: 100,
      net_usage: receipt.net_usage_words * 8,
      scheduled: false,
      action_traces,
      account_ram_delta: null,
      except: null,
      error_code: null,
    },
  }
}
