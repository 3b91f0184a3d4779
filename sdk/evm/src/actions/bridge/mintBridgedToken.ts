import type { Address, Hex } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/** Parameters of {@link mintBridgedToken}. */
export type MintBridgedTokenParameters = {
  factory: Address
  token: Address
  to: Address
  /** EVM units of the token (convert native amounts with `toEvmUnits` from @spaceos/units). */
  amount: bigint
  /** Unique id of the native-chain deposit; a replayed id reverts `DepositAlreadyProcessed`. */
  depositId: Hex
}

/**
 * Native → EVM leg of the bridge (§8.1): the bridge authority mints the bridged ERC-20 for a locked native deposit.
 *
 * @example
 * ```ts
 * import { mintBridgedToken, toEvmUnits } from '@spaceos/evm'
 * await mintBridgedToken(authority, {
 *   factory: book.contracts.BridgeTokenFactory, token: book.tokens['USDT.s'], to: user,
 *   amount: toEvmUnits(25000n, 'USDT'), depositId: '0x…32 bytes',
 * })
 * ```
 */
export function mintBridgedToken(
  client: SpaceosWalletClient,
  { factory, token, to, amount, depositId }: MintBridgedTokenParameters,
): Promise<WriteReturnType> {
  return execute(client, {
    address: factory,
    abi: abis.BridgeTokenFactory,
    functionName: 'mint',
    args: [token, to, amount, depositId],
  })
}
