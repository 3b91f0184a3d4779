import { type Address, parseEventLogs } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient } from '../execute.ts'

/** Parameters of {@link bridgeSpaceToNative}. */
export type BridgeSpaceToNativeParameters = {
  nativeBridge: Address
  /** SPACE in wei; a multiple of 10^14 (one native unit). */
  value: bigint
  nativeAccount: string
}

/**
 * Sends native SPACE (the gas token) back to the native chain through NativeBridge (§8.1) and returns the decoded
 * `NativeBridged` event.
 *
 * @example
 * ```ts
 * import { bridgeSpaceToNative } from '@spaceos/evm'
 * await bridgeSpaceToNative(wallet, { nativeBridge: book.contracts.NativeBridge, value: 10n ** 18n, nativeAccount: 'alice' })
 * ```
 */
export async function bridgeSpaceToNative(client: SpaceosWalletClient, parameters: BridgeSpaceToNativeParameters) {
  const result = await execute(client, {
    address: parameters.nativeBridge,
    abi: abis.NativeBridge,
    functionName: 'bridgeToNative',
    args: [parameters.nativeAccount],
    value: parameters.value,
  })
  const [log] = parseEventLogs({ abi: abis.NativeBridge, eventName: 'NativeBridged', logs: result.receipt.logs })
  if (!log) throw new Error('bridgeToNative succeeded without a NativeBridged event')
  return { ...result, event: log.args }
}
