import { EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import {
  type Account,
  type Chain,
  type Client,
  createWalletClient,
  type RpcSchema,
  type Transport,
  type WalletClient,
  type WalletClientConfig,
  type WalletRpcSchema,
} from 'viem'
import {
  deployContract,
  prepareTransactionRequest,
  sendTransaction,
  sendTransactionSync,
  signTransaction,
  writeContract,
  writeContractSync,
} from 'viem/actions'
import { spaceosLocal } from '../chains.ts'
import { toLegacyRequest } from '../legacy.ts'

/** Options of {@link createSpaceosWalletClient}: viem's wallet client config plus the gas price. */
export type CreateSpaceosWalletClientOptions<
  transport extends Transport = Transport,
  chain extends Chain | undefined = Chain,
  account extends Account | undefined = Account | undefined,
> = WalletClientConfig<transport, chain, account> & {
  /** Gas price of every transaction, default 150 gwei (`EVM_GAS_PRICE_WEI`). */
  gasPrice?: bigint
}

/**
 * Wraps any viem wallet client so every transaction it prepares, signs or sends (`sendTransaction`, `writeContract`,
 * `deployContract`, their `*Sync` forms, and `getContract(...).write`) is a legacy (type 0) transaction at the fixed
 * gas price.
 * A request for a typed transaction throws `TypedTransactionError`.
 *
 * @example
 * ```ts
 * import { withLegacyTransactions } from '@spaceos/evm'
 * const wallet = withLegacyTransactions(someViemWalletClient)
 * ```
 */
export function withLegacyTransactions<client extends Client>(client: client, gasPrice: bigint = EVM_GAS_PRICE_WEI) {
  // viem's wallet decorators are bound to the client they were created on, so `wallet.writeContract` would reach the
  // original `sendTransaction`; every action that builds a transaction is therefore replaced, not only sendTransaction
  const actions = {
    deployContract,
    prepareTransactionRequest,
    sendTransaction,
    sendTransactionSync,
    signTransaction,
    writeContract,
    writeContractSync,
  } as const
  return (client as unknown as WalletClient).extend((base) =>
    Object.fromEntries(
      Object.entries(actions).map(([name, action]) => [
        name,
        async (args: object) => (action as (c: Client, a: unknown) => unknown)(base, toLegacyRequest(args, gasPrice)),
      ]),
    ),
  ) as unknown as client
}

/**
 * A viem wallet client for SPACE OS that only ever sends legacy transactions at 150 gwei (white paper §7.2).
 * `chain` defaults to {@link spaceosLocal}.
 *
 * @example
 * ```ts
 * import { createSpaceosWalletClient, spaceosTestnet } from '@spaceos/evm'
 * import { http } from 'viem'
 * import { privateKeyToAccount } from 'viem/accounts'
 * const wallet = createSpaceosWalletClient({
 *   account: privateKeyToAccount('0x…'),
 *   chain: spaceosTestnet,
 *   transport: http(),
 * })
 * ```
 */
export function createSpaceosWalletClient<
  transport extends Transport,
  chain extends Chain | undefined = typeof spaceosLocal,
  account extends Account | undefined = undefined,
  rpcSchema extends RpcSchema | undefined = undefined,
>(
  options: CreateSpaceosWalletClientOptions<transport, chain, account>,
): WalletClient<
  transport,
  chain,
  account,
  rpcSchema extends RpcSchema ? [...WalletRpcSchema, ...rpcSchema] : WalletRpcSchema
> {
  const { gasPrice, ...config } = options
  const client = createWalletClient({ chain: spaceosLocal as unknown as chain, ...config } as WalletClientConfig<
    transport,
    chain,
    account
  >)
  return withLegacyTransactions(client, gasPrice) as never
}
