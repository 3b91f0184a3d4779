import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, EVM_HARDFORK } from '@spaceos/generated/parameters'
import { type Anvil, type SpawnAnvilOptions, spawnAnvil } from './anvilProcess.ts'

export { type Anvil, resolveAnvilBinary } from './anvilProcess.ts'

/** Options of {@link startAnvil}; defaults are the SPACE OS chain rules (white paper §7.2). */
export type StartAnvilOptions = SpawnAnvilOptions & {
  /** Default 800000. */
  chainId?: number
  /** Default `paris` (no PUSH0). */
  hardfork?: string
  /** Default 150 gwei. */
  gasPrice?: bigint
}

/**
 * Starts a local SPACE OS EVM devnet with anvil (`--chain-id 800000 --hardfork paris --gas-price 150000000000`) on a
 * free port. The caller must `stop()` it (tests: in the global setup's teardown).
 *
 * @example
 * ```ts
 * import { startAnvil } from '@spaceos/evm/node'
 * const anvil = await startAnvil()
 * console.log(anvil.url) // http://127.0.0.1:41234
 * await anvil.stop()
 * ```
 */
export function startAnvil(options: StartAnvilOptions = {}): Promise<Anvil> {
  const { chainId = EVM_CHAIN_ID, hardfork = EVM_HARDFORK, gasPrice = EVM_GAS_PRICE_WEI, ...rest } = options
  return spawnAnvil({ chainId, hardfork, gasPrice }, rest)
}
