import type { AddressBook } from '@spaceos/evm'
import type { Logger, Metrics } from '@spaceos/node-kit'
import type { Address, Hex } from 'viem'
import type { AntelopeClient } from '../antelopeClient.ts'
import type { Journal } from '../journal.ts'
import type { SupplyReport } from '../supply.ts'

/** Options of {@link createRelayer}. */
export type CreateRelayerOptions = {
  /** Native chain client holding the key of {@link ACCOUNT_RELAYER}. */
  native: AntelopeClient
  /** JSON-RPC URL of anvil itself (not the tx-wrapper): minting needs `anvil_setBalance`. */
  anvilUrl: string
  /** The relayer's EVM key (BRIDGE_AUTHORITY_ROLE on BridgeTokenFactory and SpaceProviderBond). Local only. */
  evmPrivateKey: Hex
  /** The EVM deployment; without it only native SPACE deposits are credited (genesis, before the deploy). */
  addressBook?: AddressBook
  /** Journal file (JSON lines). Default: in memory, which gives exactly-once only within one process. */
  journalPath?: string
  /** Poll interval of {@link Relayer.start}. Default 250 ms. */
  pollMs?: number
  /**
   * The `fetch` every JSON-RPC call to anvil goes through (viem's reads and the relayer's own calls). Default the
   * global `fetch`. Tests wrap it to make a broken transport (e.g. one that raises {@link RelayerCrashError} right
   * after a transaction was sent).
   */
  fetch?: typeof fetch
  /** Where `spaceos_bridge_operations_total{kind}` and `spaceos_bridge_step_errors_total` go. Default: a new registry. */
  metrics?: Metrics
  logger?: Logger
}

/**
 * The devnet bridge relayer returned by {@link createRelayer}: polls the native chain and anvil and carries every
 * bridge flow across exactly once [NP-BRDG-003].
 *
 * @example
 * import { createRelayer, type Relayer } from '@spaceos/chain-node'
 * const relayer: Relayer = createRelayer({ native, anvilUrl, evmPrivateKey, addressBook, journalPath })
 * await relayer.drain()
 * await relayer.stop()
 */
export type Relayer = {
  /** The relayer's EVM address (BRIDGE_AUTHORITY_ROLE). */
  address: Address
  /** Its durable memory: intents and cursors. */
  journal: Journal
  /** `spaceos_bridge_operations_total{kind}` (credit, mint, release, refund, verdict), `spaceos_bridge_step_errors_total`. */
  metrics: Metrics
  /** Uses this deployment from now on (set once the genesis has deployed the contracts). */
  setAddressBook: (next: AddressBook) => void
  /** One pass over every source; resolves with the number of operations applied. */
  step: () => Promise<number>
  /** Steps until a pass finds nothing to do. */
  drain: () => Promise<void>
  /** Polls every `pollMs` until {@link Relayer.stop}. Errors are logged and retried on the next poll. */
  start: () => void
  /** The supply integrity check [NP-BRDG-002], run between relayer steps (after draining pending work). */
  checkSupply: () => Promise<SupplyReport>
  /** True after a {@link RelayerCrashError} stopped the relayer as if its process had died. */
  readonly crashed: boolean
  /** Stops polling, waits for the step in flight and closes the journal. */
  stop: () => Promise<void>
}

/** A bridge message read from the EVM (NativeBridged or BridgedToNative). */
export type BridgeMessage = {
  messageId: Hex
  kind: 'native' | 'token'
  sender: Address
  token?: Address
  symbol: string
  nativeAccount: string
  amount: bigint
  amountNative: bigint
  blockNumber: bigint
  logIndex: number
}

/** A row of the `deposits` table of `eosio.evm` and `spaceos.brdg`. */
export type DepositRow = {
  id: number | string
  evm_to: string
  quantity: string
  evm_amount: string
  minted: boolean | number
}

/** A row of the `verdicts` table of `spaceos.prov`. */
export type VerdictRow = {
  id: number | string
  kind: number
  device: string
  epoch: number | string
  relayed: boolean | number
}
