import { closeSync, openSync, writeSync } from 'node:fs'

/** One line of `transactions.jsonl`: an accepted transaction and the block it went into. */
export type TransactionLogLine = { block_num: number; block_ms: number; expiration_ms: number; packed_trx: string }

/** The append side of `transactions.jsonl`. */
export type TransactionLog = {
  /** Writes one line (to the OS) before the transaction is answered. */
  append: (line: TransactionLogLine) => void
  /** Closes the file; later calls do nothing. */
  close: () => void
}

/**
 * Opens `transactions.jsonl` for appending, once (after the replay read it): one write per accepted transaction, no
 * open/close.
 *
 * @example
 * const log = openTransactionLog('.spaceos/chain/transactions.jsonl')
 * log.append({ block_num: 2, block_ms, expiration_ms, packed_trx })
 * log.close()
 */
export function openTransactionLog(path: string): TransactionLog {
  const fd = openSync(path, 'a', 0o600)
  let closed = false
  return {
    // Written (to the OS) before the answer: an accepted transaction survives a crash of the process.
    append: (line) => writeSync(fd, `${JSON.stringify(line)}\n`),
    close: () => {
      if (closed) return
      closed = true
      closeSync(fd)
    },
  }
}
