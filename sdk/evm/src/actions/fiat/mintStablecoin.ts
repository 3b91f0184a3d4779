import type { Address, Hex } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/** Parameters of {@link mintStablecoin}. */
export type MintStablecoinParameters = {
  factory: Address
  token: Address
  to: Address
  amount: bigint
  /** Idempotency key of the fiat deposit; a reused key reverts `IdempotencyKeyUsed` (§8.2). */
  idempotencyKey: Hex
}

/**
 * Mints a fiat stablecoin (USD.s, EUR.s, GBP.s) against received fiat (treasury signer only, §8.2). Reverts
 * `MintingPaused` after a reconciliation found a deficit above 1%.
 *
 * @example
 * ```ts
 * import { mintStablecoin } from '@spaceos/evm'
 * await mintStablecoin(treasury, { factory: book.contracts.FiatStablecoinFactory, token: book.tokens['EUR.s'], to, amount, idempotencyKey })
 * ```
 */
export function mintStablecoin(
  client: SpaceosWalletClient,
  { factory, token, to, amount, idempotencyKey }: MintStablecoinParameters,
): Promise<WriteReturnType> {
  return execute(client, {
    address: factory,
    abi: abis.FiatStablecoinFactory,
    functionName: 'mint',
    args: [token, to, amount, idempotencyKey],
  })
}
