import { type Address, parseEventLogs } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/** Parameters of {@link bridgeToNative}. */
export type BridgeToNativeParameters = {
  factory: Address
  token: Address
  /** EVM units; must be a whole number of native units (reverts `AmountNotNativeExact` otherwise). */
  amount: bigint
  /** Antelope account that receives the native tokens (≤ 12 characters). */
  nativeAccount: string
}

/**
 * EVM → native leg of the bridge (§8.1): burns the caller's bridged tokens and emits the bridge message for the
 * relayer. Returns the decoded `BridgedToNative` event with the transaction.
 *
 * @example
 * ```ts
 * import { bridgeToNative } from '@spaceos/evm'
 * const { event } = await bridgeToNative(wallet, {
 *   factory: book.contracts.BridgeTokenFactory, token: book.tokens['USDT.s'], amount: 2_500_000n, nativeAccount: 'alice',
 * })
 * event.amountNative // 25000n (2.5000 USDT on the native chain)
 * ```
 */
export async function bridgeToNative(client: SpaceosWalletClient, parameters: BridgeToNativeParameters) {
  const { factory, token, amount, nativeAccount } = parameters
  const result: WriteReturnType = await execute(client, {
    address: factory,
    abi: abis.BridgeTokenFactory,
    functionName: 'bridgeToNative',
    args: [token, amount, nativeAccount],
  })
  const [log] = parseEventLogs({
    abi: abis.BridgeTokenFactory,
    eventName: 'BridgedToNative',
    logs: result.receipt.logs,
  })
  if (!log) throw new Error('bridgeToNative succeeded without a BridgedToNative event')
  return { ...result, event: log.args }
}
