import { type NativeAction, NativeTxError } from '../antelopeClient.ts'
import type { RelayerContext } from './context.ts'

/**
 * Pushes one replay-protected native action (`mintdone`, `verdictack`): an answer matching `already` (the contract's
 * "done before" check) counts as done [NP-BRDG-003].
 *
 * @example
 * await pushOnce(context, { account: 'eosio.evm', name: 'mintdone', actor, data }, /already marked minted/)
 */
export async function pushOnce(context: RelayerContext, action: NativeAction, already: RegExp): Promise<void> {
  try {
    await context.native.push([action])
  } catch (error) {
    if (!(error instanceof NativeTxError && already.test(error.message))) throw error
  }
}
