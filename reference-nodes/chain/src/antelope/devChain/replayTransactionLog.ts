import { existsSync, readFileSync, truncateSync } from 'node:fs'
import { TimePoint } from '@wharfkit/antelope'
import { chainNow, setChainTime, slot } from './chainTime.ts'
import type { DevChainContext } from './context.ts'
import { executeTransaction } from './executeTransaction.ts'
import { produceBlock } from './produceBlock.ts'
import { transactionId } from './transactionId.ts'
import type { TransactionLogLine } from './transactionLog.ts'

/**
 * Restart: replays every transaction of `transactions.jsonl` at its block time (signatures were checked when it was
 * accepted), so tables, balances, receipt sequences and duplicate ids are what they were; block numbering continues
 * after the last block that held a transaction. A torn last line (a crash mid-append: that transaction was never
 * answered) is dropped and the file cut back; a damaged complete line is an error.
 *
 * @example
 * await replayTransactionLog(context, '.spaceos/chain/transactions.jsonl')
 */
export async function replayTransactionLog(context: DevChainContext, log: string): Promise<void> {
  if (!existsSync(log)) return
  let last = 0
  const content = readFileSync(log, 'utf8')
  const complete = content.lastIndexOf('\n') + 1
  if (complete < content.length) {
    context.logger?.warn({ bytes: content.length - complete }, 'dropping a torn last line of transactions.jsonl')
    truncateSync(log, Buffer.byteLength(content.slice(0, complete)))
  }
  for (const [index, text] of content.slice(0, complete).split('\n').entries()) {
    if (!text.trim()) continue
    let line: TransactionLogLine
    try {
      line = JSON.parse(text)
    } catch {
      throw new Error(
        `${log} line ${index + 1} is damaged: fix or remove it (or delete the folder for a fresh genesis)`,
      )
    }
    const packed = Buffer.from(line.packed_trx, 'hex')
    setChainTime(context, line.block_ms)
    const id = transactionId(packed)
    await executeTransaction(context, packed, id, line.block_num, TimePoint.fromMilliseconds(line.block_ms).toString())
    context.seen.remember(id, line.expiration_ms)
    last = line.block_num
  }
  if (last > context.headNum) {
    // Blocks themselves are not kept: numbering continues after the last block that held a transaction.
    context.blocks.clear()
    context.headNum = last
    produceBlock(context, slot(chainNow(context)))
  }
}
