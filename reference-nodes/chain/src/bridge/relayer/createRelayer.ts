import { checkRelayerSupply } from './checkRelayerSupply.ts'
import { createRelayerContext } from './context.ts'
import { startPolling, stopPolling } from './startPolling.ts'
import { step } from './step.ts'
import type { CreateRelayerOptions, Relayer } from './types.ts'

/**
 * The devnet bridge relayer (spec/CHAIN.md §4.4, DECISIONS.md §1.8): the trusted joint between anvil and the native
 * chain. Native → EVM: `deposits` rows of `eosio.evm` (SPACE, credited as the gas token ×10^14 [NP-BRDG-010]) and of
 * `spaceos.brdg` (stablecoins, minted with `BridgeTokenFactory.mint` [NP-BRDG-011]), each acknowledged with
 * `mintdone`. EVM → native: `NativeBridged` / `BridgedToNative` events released with `release` once per message ID
 * [NP-BRDG-023]; a failed release sends the funds back on the EVM [NP-BRDG-025]. Downtime verdicts of `spaceos.prov`
 * go to `SpaceProviderBond.applyDowntimeVerdict` and are acknowledged with `verdictack` [NP-BRDG-004].
 *
 * Exactly once [NP-BRDG-003]: every EVM transaction is signed and journaled before it is sent, so a restart resends
 * the same signed transaction (its nonce makes it unique); every native action is replay-protected by its contract
 * (`mintdone`, `release` per message ID, `verdictack`) and an "already" answer counts as done.
 *
 * Only wiring: each flow is a file of bridge/relayer/ over one shared `RelayerContext` (relayer/context.ts).
 *
 * @example
 * import { createRelayer } from '@spaceos/chain-node'
 * const relayer = createRelayer({ native, anvilUrl, evmPrivateKey, addressBook, journalPath })
 * relayer.start()
 * await relayer.drain()
 * console.log(await relayer.checkSupply())
 * await relayer.stop()
 */
export function createRelayer(options: CreateRelayerOptions): Relayer {
  const context = createRelayerContext(options)
  return {
    address: context.account.address,
    journal: context.journal,
    metrics: context.metrics,
    setAddressBook: (next) => {
      context.addressBook = next
    },
    step: () => step(context),
    drain: async () => {
      for (let i = 0; i < 50; i++) if ((await step(context)) === 0) return
    },
    start: () => startPolling(context),
    checkSupply: () => checkRelayerSupply(context),
    get crashed() {
      return context.crashed !== undefined
    },
    stop: async () => {
      await stopPolling(context)
      await context.queue
      context.journal.close()
    },
  }
}
