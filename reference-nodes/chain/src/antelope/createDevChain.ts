import { fileURLToPath } from 'node:url'
import * as G from '@greymass/eosio'
import { nameToBigInt } from '@proton/vert'
import { TimePoint } from '@wharfkit/antelope'
import { addTime } from './devChain/addTime.ts'
import { startProducing, stopProducing } from './devChain/blockProduction.ts'
import { chainNow, slot } from './devChain/chainTime.ts'
import { createDevChainContext } from './devChain/context.ts'
import { runGenesis } from './devChain/genesis.ts'
import { produceBlock } from './devChain/produceBlock.ts'
import { pushTransaction } from './devChain/pushTransaction.ts'
import { replayTransactionLog } from './devChain/replayTransactionLog.ts'
import { openStateFolder, type SavedGenesis } from './devChain/stateFolder.ts'
import { openTransactionLog } from './devChain/transactionLog.ts'
import type { CreateDevChainOptions, DevBlock, DevChain } from './devChain/types.ts'
import { ACCOUNT_COUNCIL } from './genesisContracts.ts'

// The devnet chain's public names, importable from here as before the split (createChainApi, startDevnet, index.ts).
export { GENESIS_ACCOUNTS, GENESIS_CONTRACTS } from './devChain/genesis.ts'
export { BODY_BLOCKS } from './devChain/produceBlock.ts'
export type {
  CreateDevChainOptions,
  DevBlock,
  DevChain,
  DevCouncil,
  DevKey,
  PushTransactionResult,
} from './devChain/types.ts'

// Resolved from this file (src/antelope or dist/), as the artifacts always were.
const defaultArtifactsDir = () => fileURLToPath(new URL('../../../../contracts/antelope/build/', import.meta.url))

/**
 * The devnet's Antelope chain: the real compiled system contracts executed by `@proton/vert`, with what nodeos adds
 * around them — accounts with keys, signature checks against the authorising permissions, TAPOS, expiration, duplicate
 * IDs [NP-CHAIN-034] — and blocks following the wall clock every `BLOCK_TIME_MS` [NP-CHAIN-038].
 *
 * Only wiring: the genesis (devChain/genesis.ts), the restart replay (devChain/replayTransactionLog.ts) and each
 * operation in its own file of devChain/, over one shared `DevChainContext` (devChain/context.ts).
 *
 * @example
 * import { createDevChain } from '@spaceos/chain-node'
 * const chain = await createDevChain()
 * chain.startProducing()
 * console.log(chain.keys) // local-only dev keys
 * chain.stop()
 */
export async function createDevChain(options: CreateDevChainOptions = {}): Promise<DevChain> {
  const state = openStateFolder(options.stateDir)
  const saved = state.readJson<SavedGenesis>('genesis.json')
  const context = createDevChainContext(options, state, saved)
  const { keys, councilKeys } = await runGenesis(context, {
    artifactsDir: options.artifactsDir ?? defaultArtifactsDir(),
    devAccounts: options.devAccounts,
    devBalance: options.devBalance,
    saved,
  })
  const log = state.file('transactions.jsonl')
  if (log) {
    await replayTransactionLog(context, log)
    context.log = openTransactionLog(log) // opened once, after the replay read it
  }
  return {
    bc: context.bc,
    chainId: context.chainId.hexString,
    genesisTime: TimePoint.fromMilliseconds(context.genesisMs).toString(),
    keys,
    council: { account: ACCOUNT_COUNCIL, privateKeys: councilKeys.map((k) => k.toString()) },
    blocks: context.blocks,
    clock: () => chainNow(context),
    head: () => context.blocks.get(context.headNum) as DevBlock,
    pushTransaction: (body) => pushTransaction(context, body),
    produceBlock: () => produceBlock(context, slot(chainNow(context))),
    addTime: (seconds) => addTime(context, seconds),
    startProducing: () => startProducing(context),
    stop: () => {
      stopProducing(context)
      context.log?.close()
    },
    name: (n) => nameToBigInt(G.Name.from(n)),
  }
}
