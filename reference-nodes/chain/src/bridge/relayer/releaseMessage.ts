import { ACCOUNT_BRIDGE, ACCOUNT_EVM } from '@spaceos/generated/parameters'
import { NativeTxError } from '../antelopeClient.ts'
import { ACCOUNT_RELAYER } from './accounts.ts'
import { asset } from './assets.ts'
import type { RelayerContext } from './context.ts'
import { refundMessage } from './refundMessage.ts'
import type { BridgeMessage } from './types.ts'

/**
 * EVM → native, one message: released with `release` on `eosio.evm` (SPACE) or `spaceos.brdg` (stablecoins) once
 * per message ID [NP-BRDG-023]; a release the chain refuses (other than "paused", retried once the DAO unpauses) is
 * refunded on the EVM [NP-BRDG-025]. Resolves with the number of operations applied (0 or 1).
 *
 * @example
 * const applied = await releaseMessage(context, message)
 */
export async function releaseMessage(context: RelayerContext, m: BridgeMessage): Promise<number> {
  const { journal, logger } = context
  const doneKey = `msg:${m.messageId}`
  const state = journal.get<{ status: string }>(doneKey)
  if (state?.status === 'released' || state?.status === 'refunded') return 0
  if (state?.status !== 'refunding') {
    const contract = m.kind === 'native' ? ACCOUNT_EVM : ACCOUNT_BRIDGE
    try {
      await context.native.push([
        {
          account: contract,
          name: 'release',
          actor: ACCOUNT_RELAYER,
          data: {
            msg_id: m.messageId.slice(2),
            to: m.nativeAccount,
            quantity: asset(m.amountNative, m.symbol),
            evm_amount: m.amount.toString(),
            memo: `bridge ${m.messageId}`,
          },
        },
      ])
      journal.put(doneKey, { status: 'released' })
      context.counters.operation('release')
      logger?.info({ messageId: m.messageId, to: m.nativeAccount, kind: m.kind }, 'bridge message released natively')
      return 1
    } catch (error) {
      if (!(error instanceof NativeTxError)) throw error
      if (/already processed/.test(error.message)) {
        journal.put(doneKey, { status: 'released' })
        return 0
      }
      if (/paused/.test(error.message)) throw error // retried once the DAO unpauses
      logger?.warn({ messageId: m.messageId, reason: error.message }, 'release failed: returning the funds on the EVM')
      journal.put(doneKey, { status: 'refunding', reason: error.message })
    }
  }
  await refundMessage(context, m)
  journal.put(doneKey, { status: 'refunded' })
  context.counters.operation('refund')
  return 1
}
