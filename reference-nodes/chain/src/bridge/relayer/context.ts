import { type AddressBook, spaceosLocal } from '@spaceos/evm'
import { createMetrics, type Logger, type Metrics } from '@spaceos/node-kit'
import { createPublicClient, type Hash, type HttpTransport, http, type PublicClient } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import type { AntelopeClient } from '../antelopeClient.ts'
import { type Journal, openJournal } from '../journal.ts'
import { type AnvilRpc, createAnvilRpc } from './anvilRpc.ts'
import type { CreateRelayerOptions } from './types.ts'

/** What the relayer counts in `spaceos_bridge_operations_total{kind}`. */
export type OperationKind = 'credit' | 'mint' | 'release' | 'refund' | 'verdict'

/** Everything the relayer's flows share: its clients, its journal, the deployment and the scheduler's state. */
export type RelayerContext = {
  native: AntelopeClient
  evm: PublicClient<HttpTransport, typeof spaceosLocal>
  /** JSON-RPC to anvil itself (sending raw transactions, `anvil_setBalance`, impersonation, `ots_*`). */
  rpc: AnvilRpc
  anvilUrl: string
  /** The relayer's EVM account (BRIDGE_AUTHORITY_ROLE). */
  account: PrivateKeyAccount
  journal: Journal
  /** The journal had no history when the relayer started (a first start, or a lost journal). */
  freshJournal: boolean
  /** The relayer's own EVM credits by the deposit id they carry, read once (see ownTransactions.ts). */
  ownIndex: Map<string, Hash> | undefined
  /** The EVM deployment; undefined until the genesis has deployed it. */
  addressBook: AddressBook | undefined
  metrics: Metrics
  counters: { operation: (kind: OperationKind) => void; stepError: () => void }
  logger: Logger | undefined
  pollMs: number
  /** Steps run one at a time: each waits for the previous one (and a supply check waits for them). */
  queue: Promise<unknown>
  /** Set by a {@link RelayerCrashError}: every later step fails with it. */
  crashed: Error | undefined
  /** The poll loop of `start`. */
  polling: { running: boolean; loop: Promise<void> | undefined; lastError: string | undefined }
}

/**
 * The relayer's context from its options: the journal opened, the anvil clients built over `options.fetch`.
 *
 * @example
 * const context = createRelayerContext({ native, anvilUrl, evmPrivateKey })
 */
export function createRelayerContext(options: CreateRelayerOptions): RelayerContext {
  const journal = openJournal(options.journalPath)
  const metrics = options.metrics ?? createMetrics({ prefix: 'spaceos_bridge_', defaults: false })
  const operations = metrics.counter('operations_total', 'Bridge operations applied, by kind', ['kind'])
  const stepErrors = metrics.counter('step_errors_total', 'Relayer steps that failed (retried on the next poll)')
  return {
    native: options.native,
    evm: createPublicClient({
      chain: spaceosLocal,
      transport: http(options.anvilUrl, options.fetch ? { fetchFn: options.fetch } : {}),
      cacheTime: 0,
      pollingInterval: 50,
    }),
    rpc: createAnvilRpc(options.anvilUrl, options.fetch),
    anvilUrl: options.anvilUrl,
    account: privateKeyToAccount(options.evmPrivateKey),
    journal,
    freshJournal: journal.keys('').length === 0,
    ownIndex: undefined,
    addressBook: options.addressBook,
    metrics,
    counters: { operation: (kind) => operations.inc({ kind }), stepError: () => stepErrors.inc() },
    logger: options.logger,
    pollMs: options.pollMs ?? 250,
    queue: Promise.resolve(),
    crashed: undefined,
    polling: { running: false, loop: undefined, lastError: undefined },
  }
}
