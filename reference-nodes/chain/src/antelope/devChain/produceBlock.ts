import { Bytes, Checksum256, TimePoint } from '@wharfkit/antelope'
import type { DevChainContext } from './context.ts'
import type { DevBlock } from './types.ts'

/** Blocks whose transactions the devnet keeps in memory (one hour of blocks); older blocks keep only the header. */
export const BODY_BLOCKS = 7200

/**
 * Produces the next block at `timeMs` with the pending transactions, signed by the producer key; keeps the last 2^16
 * blocks (TAPOS) and the bodies of the last `keepBlockBodies` [NP-CHAIN-038].
 *
 * @example
 * const block = produceBlock(context, slot(chainNow(context)))
 */
export function produceBlock(context: DevChainContext, timeMs: number): DevBlock {
  const { blocks } = context
  const head = blocks.get(context.headNum)
  const block_num = context.headNum + 1
  const previous = head?.id ?? '0'.repeat(64)
  const timestamp = TimePoint.fromMilliseconds(timeMs).toString()
  const pending = context.pending
  const digest = Checksum256.hash(
    Bytes.from(JSON.stringify({ block_num, previous, timestamp, txs: pending.map((t) => t.id) }), 'utf8'),
  ).array
  const id = Uint8Array.from(digest)
  new DataView(id.buffer).setUint32(0, block_num) // nodeos: the block number is the id's first 4 bytes (big-endian)
  const ref_block_prefix = new DataView(id.buffer).getUint32(8, true)
  const block: DevBlock = {
    block_num,
    id: Bytes.from(id).hexString,
    previous,
    timestamp,
    producer: 'eosio',
    ref_block_prefix,
    producer_signature: context.producerKey.signDigest(Checksum256.from(id)).toString(),
    transactions: pending,
  }
  context.pending = []
  blocks.set(block_num, block)
  blocks.delete(block_num - 0x10000) // TAPOS can only reference the last 2^16 blocks
  // Memory stays bounded: older blocks keep their header (TAPOS, get_block_info) but not their transactions.
  const old = blocks.get(block_num - context.keepBlockBodies)
  if (old && old.transactions.length > 0) {
    old.transactions = []
    old.transactions_pruned = true
  }
  context.headNum = block_num
  return block
}
