import type { Address, Hash } from 'viem'
import type { RelayerContext } from './context.ts'

/**
 * Every transaction sent by `address`, by its 32-byte input (the deposit or refund id it carries) → hash (anvil's
 * `ots_getTransactionBySenderAndNonce` for every nonce).
 *
 * @example
 * const sent = await transactionsOf(context, bridgeAddress)
 * sent.has(refundIdOf(messageId))
 */
export async function transactionsOf(context: RelayerContext, address: Address): Promise<Map<string, Hash>> {
  const { evm, rpc } = context
  const out = new Map<string, Hash>()
  const count = await evm.getTransactionCount({ address })
  for (let nonce = 0; nonce < count; nonce++) {
    const hash = await rpc<Hash | null>('ots_getTransactionBySenderAndNonce', [address, nonce])
    if (!hash) continue
    const tx = await evm.getTransaction({ hash })
    if (tx.input.length === 66) out.set(tx.input.toLowerCase(), hash)
  }
  return out
}

/**
 * The relayer's own credits found on the chain: read once when the journal starts empty (a lost journal), so a
 * credit sent before the loss is not sent again. Empty when the journal has history.
 */
export async function ownTransactionIndex(context: RelayerContext): Promise<Map<string, Hash>> {
  context.ownIndex ??= context.freshJournal ? await transactionsOf(context, context.account.address) : new Map()
  return context.ownIndex
}
