import { abis } from '@spaceos/evm'
import { type Address, encodeFunctionData, type Hash, toHex } from 'viem'
import type { RelayerContext } from './context.ts'
import { refundIdOf } from './ids.ts'
import { transactionsOf } from './ownTransactions.ts'
import { sendEvmTx } from './sendEvmTx.ts'
import type { BridgeMessage } from './types.ts'

/**
 * Sends the funds of a message whose native release failed back to its EVM sender [NP-BRDG-025], once: bridged tokens
 * are minted back under the refund id (the factory's `depositProcessed` and the journal decide); native SPACE goes back
 * from the reserved bridge address (impersonated) in a transaction carrying the refund id, so a restart (even without
 * a journal) sees it was done.
 *
 * @example
 * await refundMessage(context, message)
 */
export async function refundMessage(context: RelayerContext, m: BridgeMessage): Promise<void> {
  const { evm, rpc, journal } = context
  const book = context.addressBook
  if (!book) return
  if (m.kind === 'token') {
    const factory = book.contracts.BridgeTokenFactory
    const refundId = refundIdOf(m.messageId)
    const processed = await evm.readContract({
      address: factory,
      abi: abis.BridgeTokenFactory,
      functionName: 'depositProcessed',
      args: [refundId],
    })
    if (processed && !journal.get(`evmtx:refund:${m.messageId}`)) return
    await sendEvmTx(context, `refund:${m.messageId}`, () => ({
      to: factory,
      data: encodeFunctionData({
        abi: abis.BridgeTokenFactory,
        functionName: 'mint',
        args: [m.token as Address, m.sender, m.amount, refundId],
      }),
      gas: 500_000n,
    }))
    return
  }
  const from = (await evm.readContract({
    address: book.contracts.NativeBridge,
    abi: abis.NativeBridge,
    functionName: 'bridgeAddress',
  })) as Address
  const refundId = refundIdOf(m.messageId)
  if ((await transactionsOf(context, from)).has(refundId)) return
  await rpc('anvil_impersonateAccount', [from])
  try {
    const hash = await rpc<Hash>('eth_sendTransaction', [
      { from, to: m.sender, value: toHex(m.amount), data: refundId, gas: toHex(100_000), gasPrice: '0x0' },
    ])
    await evm.waitForTransactionReceipt({ hash })
  } finally {
    await rpc('anvil_stopImpersonatingAccount', [from])
  }
}
