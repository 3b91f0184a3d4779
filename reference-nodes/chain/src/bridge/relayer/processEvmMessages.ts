import type { RelayerContext } from './context.ts'
import { readBridgeMessages } from './readBridgeMessages.ts'
import { releaseMessage } from './releaseMessage.ts'

/**
 * EVM → native: every bridge message since the EVM cursor (the deployment's start block at first), released or
 * refunded in chain order; the cursor then moves past the latest block. Resolves with the number of operations.
 *
 * @example
 * const applied = await processEvmMessages(context)
 */
export async function processEvmMessages(context: RelayerContext): Promise<number> {
  const book = context.addressBook
  if (!book) return 0
  const { journal } = context
  const from = BigInt(journal.get<{ block: string }>('cursor:evm')?.block ?? book.startBlock)
  const latest = await context.evm.getBlockNumber()
  if (latest < from) return 0
  let work = 0
  for (const m of await readBridgeMessages(context, from, latest)) work += await releaseMessage(context, m)
  journal.put('cursor:evm', { block: String(latest + 1n) })
  return work
}
