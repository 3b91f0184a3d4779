import * as G from '@greymass/eosio'
import { Blockchain } from '@proton/vert'
import type { Logger } from '@spaceos/node-kit'
import { Bytes, Checksum256, PrivateKey } from '@wharfkit/antelope'
import type { PermissionLinks } from '../nativeActions.ts'
import { slot } from './chainTime.ts'
import { BODY_BLOCKS } from './produceBlock.ts'
import { createReceiptSequences, type ReceiptSequences } from './receiptSequences.ts'
import { createSeenTransactions, type SeenTransactions } from './seenTransactions.ts'
import type { SavedGenesis, StateFolder } from './stateFolder.ts'
import type { TransactionLog } from './transactionLog.ts'
import type { CreateDevChainOptions, DevBlock } from './types.ts'

/** Everything the devnet chain's operations share: the VeRT chain, its clock, its blocks and its bookkeeping. */
export type DevChainContext = {
  bc: Blockchain
  /** The state folder (`genesis.json`, `clock.json`, `transactions.jsonl`); nothing in memory. */
  state: StateFolder
  /** Wall clock in ms. */
  wall: () => number
  /** How far {@link addTime} moved the chain clock ahead of the wall clock [NP-CHAIN-039]. */
  timeOffsetMs: number
  /** Time of the genesis block, ms: a block slot. */
  genesisMs: number
  chainId: Checksum256
  /** `chainId` as bytes: the start of every signing digest. */
  chainIdBytes: Uint8Array
  /** `eosio`'s key: it controls the system accounts and signs every block as the producer. Local only. */
  producerKey: PrivateKey
  /** The last 2^16 blocks by number. */
  blocks: Map<number, DevBlock>
  headNum: number
  /** Transactions accepted since the head block: they go into the next one. */
  pending: Record<string, unknown>[]
  /** Blocks whose transactions stay in memory (older ones keep their header). */
  keepBlockBodies: number
  seen: SeenTransactions
  /** linkauth links: the permission an actor set for an action. */
  links: PermissionLinks
  sequences: ReceiptSequences
  /** The block time in nodeos' format, computed once per block slot (every transaction of a block shares it). */
  blockTime: { ms: number; text: string }
  /** `transactions.jsonl`, opened after the replay; undefined in memory. */
  log: TransactionLog | undefined
  /** Transactions apply one at a time: each waits for the previous one. */
  queue: Promise<unknown>
  /** The block production timer of {@link startProducing}. */
  timer: NodeJS.Timeout | undefined
  logger: Logger | undefined
}

/**
 * A fresh context: an empty VeRT chain at the genesis time (the saved one on a restart, else the current block slot),
 * its chain ID and producer key, the time offset saved by time travel, no blocks yet.
 *
 * @example
 * const state = openStateFolder(undefined)
 * const context = createDevChainContext({}, state, undefined)
 */
export function createDevChainContext(
  options: CreateDevChainOptions,
  state: StateFolder,
  saved: SavedGenesis | undefined,
): DevChainContext {
  const wall = options.clock ?? Date.now
  const timeOffsetMs = state.readJson<{ offsetMs: number }>('clock.json')?.offsetMs ?? 0
  const bc = new Blockchain()
  const genesisMs = saved?.genesisMs ?? slot(wall() + timeOffsetMs)
  bc.setTime(G.TimePoint.fromMilliseconds(genesisMs))
  const chainId = Checksum256.hash(Bytes.from(`spaceos-devnet:${genesisMs}`, 'utf8'))
  const savedEosio = saved?.keys.find((k) => k.account === 'eosio')?.privateKey
  return {
    bc,
    state,
    wall,
    timeOffsetMs,
    genesisMs,
    chainId,
    chainIdBytes: chainId.array,
    producerKey: PrivateKey.from(savedEosio ?? PrivateKey.generate('K1').toString()),
    blocks: new Map(),
    headNum: 0,
    pending: [],
    keepBlockBodies: options.keepBlockBodies ?? BODY_BLOCKS,
    seen: createSeenTransactions(),
    links: new Map(),
    sequences: createReceiptSequences(),
    blockTime: { ms: -1, text: '' },
    log: undefined,
    queue: Promise.resolve(),
    timer: undefined,
    logger: options.logger,
  }
}
