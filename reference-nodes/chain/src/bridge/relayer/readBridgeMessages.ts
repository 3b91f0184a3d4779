import { abis } from '@spaceos/evm'
import { SPACE_SYMBOL } from '@spaceos/generated/parameters'
import { parseEventLogs } from 'viem'
import type { RelayerContext } from './context.ts'
import type { BridgeMessage } from './types.ts'

/**
 * EVM → native: the `NativeBridged` (NativeBridge) and `BridgedToNative` (BridgeTokenFactory) events of blocks
 * `fromBlock`..`toBlock`, in chain order; none before the deployment.
 *
 * @example
 * const messages = await readBridgeMessages(context, 10n, await context.evm.getBlockNumber())
 */
export async function readBridgeMessages(
  context: RelayerContext,
  fromBlock: bigint,
  toBlock: bigint,
): Promise<BridgeMessage[]> {
  const book = context.addressBook
  if (!book) return []
  const logs = await context.evm.getLogs({
    address: [book.contracts.NativeBridge, book.contracts.BridgeTokenFactory],
    fromBlock,
    toBlock,
  })
  const nativeLogs = parseEventLogs({ abi: abis.NativeBridge, eventName: 'NativeBridged', logs })
  const tokenLogs = parseEventLogs({ abi: abis.BridgeTokenFactory, eventName: 'BridgedToNative', logs })
  const out: BridgeMessage[] = [
    ...nativeLogs
      .filter((l) => l.address.toLowerCase() === book.contracts.NativeBridge.toLowerCase())
      .map((l) => ({
        messageId: l.args.messageId,
        kind: 'native' as const,
        sender: l.args.sender,
        symbol: SPACE_SYMBOL,
        nativeAccount: l.args.nativeAccount,
        amount: l.args.amount,
        amountNative: l.args.amountNative,
        blockNumber: l.blockNumber,
        logIndex: l.logIndex,
      })),
    ...tokenLogs
      .filter((l) => l.address.toLowerCase() === book.contracts.BridgeTokenFactory.toLowerCase())
      .map((l) => ({
        messageId: l.args.messageId,
        kind: 'token' as const,
        sender: l.args.sender,
        token: l.args.token,
        symbol: l.args.symbol,
        nativeAccount: l.args.nativeAccount,
        amount: l.args.amount,
        amountNative: l.args.amountNative,
        blockNumber: l.blockNumber,
        logIndex: l.logIndex,
      })),
  ]
  return out.sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  )
}
