import type { Blockchain } from '@proton/vert'
import type { Logger } from '@spaceos/node-kit'

/** Options of {@link createDevChain}. */
export type CreateDevChainOptions = {
  /** Folder with the compiled `<account>.wasm`/`.abi`. Default `contracts/antelope/build` of this repository. */
  artifactsDir?: string
  /** Dev accounts created at genesis with generated keys. Default `alice`, `bob`, `carol`. */
  devAccounts?: readonly string[]
  /** SPACE units transferred from `eosio` to every dev account at genesis. Default 1,000.0000 SPACE. */
  devBalance?: number
  /**
   * Folder for the chain's state (genesis time, the generated keys, every applied transaction). When it holds a state,
   * the chain restarts from it: same chain ID, keys, accounts, tables and balances. Default: in memory only.
   */
  stateDir?: string
  /** Blocks whose transactions stay in memory for `get_block` (older ones keep their header). Default {@link BODY_BLOCKS}. */
  keepBlockBodies?: number
  /** Wall clock in ms (tests may pass a controllable one). Default `Date.now`. */
  clock?: () => number
  logger?: Logger
}

/** A generated key pair of the devnet: for local use only, never for a real chain. */
export type DevKey = { account: string; privateKey: string; publicKey: string }

/** A produced block as `get_block` answers it. */
export type DevBlock = {
  block_num: number
  id: string
  previous: string
  timestamp: string
  producer: string
  ref_block_prefix: number
  /** The block ID signed by the devnet's producer key (`eosio`). */
  producer_signature: string
  transactions: Record<string, unknown>[]
  /** Set once the block is older than the last `BODY_BLOCKS` blocks: its transactions are no longer kept. */
  transactions_pruned?: boolean
}

/** The treasury council `spaceos.cncl`: its `active` is a threshold of these local-only keys. */
export type DevCouncil = { account: string; privateKeys: string[] }

/** The answer to `push_transaction` / `send_transaction` (nodeos' shape) [NP-CHAIN-030]. */
export type PushTransactionResult = {
  transaction_id: string
  processed: {
    id: string
    block_num: number
    block_time: string
    producer_block_id: null
    receipt: { status: string; cpu_usage_us: number; net_usage_words: number }
    elapsed: number
    net_usage: number
    scheduled: boolean
    action_traces: Record<string, unknown>[]
    account_ram_delta: null
    except: null
    error_code: null
  }
}

/**
 * The running devnet chain returned by {@link createDevChain}: what the chain API (`createChainApi`) serves and what
 * tests and benches drive directly.
 *
 * @example
 * import { createDevChain, type DevChain } from '@spaceos/chain-node'
 * const chain: DevChain = await createDevChain()
 * chain.produceBlock()
 * console.log(chain.head().block_num) // 2
 * chain.stop()
 */
export type DevChain = {
  /** The `@proton/vert` chain executing the system contracts: accounts, ABIs and tables. */
  bc: Blockchain
  /** The chain ID (hex): sha256 of `spaceos-devnet:<genesis ms>`, so it survives a restart from the state folder. */
  chainId: string
  /** Time of the genesis block (nodeos format). */
  genesisTime: string
  /** The generated keys: `eosio` first (it controls every system account), then the dev accounts. Local only. */
  keys: DevKey[]
  /** The treasury council `spaceos.cncl`: its `active` is a threshold of these local-only keys. */
  council: DevCouncil
  /** The last 2^16 blocks by number (headers; bodies of the last `keepBlockBodies`). */
  blocks: Map<number, DevBlock>
  /** Chain time in ms: the wall clock plus the time added by {@link DevChain.addTime}. */
  clock: () => number
  /** The head block. */
  head: () => DevBlock
  /** Decodes `{ signatures, compression, packed_trx }` (zlib too [NP-CHAIN-035]), checks and applies it. */
  pushTransaction: (body: Record<string, unknown>) => Promise<PushTransactionResult>
  /** Produces a block now (the timer calls this every BLOCK_TIME_MS). */
  produceBlock: () => DevBlock
  /** Dev only [NP-CHAIN-039]: moves the chain clock forward. */
  addTime: (seconds: number) => void
  /** Produces a block every `BLOCK_TIME_MS` [NP-CHAIN-038] until {@link DevChain.stop}. */
  startProducing: () => void
  /** Stops producing and closes the transaction log. */
  stop: () => void
  /** The u64 value of an account name. */
  name: (n: string) => bigint
}
