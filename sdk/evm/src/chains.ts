import {
  EVM_CHAIN_ID,
  EVM_MAINNET_EXPLORER_URL,
  EVM_MAINNET_RPC_URL,
  EVM_TESTNET_EXPLORER_URL,
  EVM_TESTNET_RPC_URL,
  SPACE_EVM_DECIMALS,
  SPACE_SYMBOL,
} from '@spaceos/generated/parameters'
import { type Chain, defineChain } from 'viem'
import { legacySerializer } from './legacy.ts'

/** SPACE, the gas token of the embedded EVM: 18 decimals (×10^14 the native 4-decimal SPACE, white paper §7.2). */
export const spaceNativeCurrency = { name: 'SPACE', symbol: SPACE_SYMBOL, decimals: SPACE_EVM_DECIMALS } as const

// Every chain signs locally through `legacySerializer`, so a typed (EIP-2718) transaction can never be produced even
// when a caller bypasses the SDK's wallet client (white paper §7.2: legacy type 0 only).
const serializers = { transaction: legacySerializer } as const

/** A SPACE OS chain: chain ID 800000, SPACE with 18 decimals, the legacy-only serializer. */
export type SpaceosChain = Chain & {
  id: typeof EVM_CHAIN_ID
  nativeCurrency: typeof spaceNativeCurrency
}

/**
 * SPACE OS testnet EVM (chain 800000). RPC and explorer from white paper §7.2 / Appendix B.
 *
 * @example
 * ```ts
 * import { spaceosTestnet } from '@spaceos/evm'
 * import { createPublicClient, http } from 'viem'
 * const client = createPublicClient({ chain: spaceosTestnet, transport: http() })
 * ```
 */
// [NP-EVM-001] chain ID, SPACE gas token with 18 decimals
export const spaceosTestnet: SpaceosChain = defineChain({
  id: EVM_CHAIN_ID,
  name: 'SPACE OS Testnet',
  nativeCurrency: spaceNativeCurrency,
  rpcUrls: { default: { http: [EVM_TESTNET_RPC_URL] } },
  blockExplorers: { default: { name: 'SPACE OS EVM Explorer (testnet)', url: EVM_TESTNET_EXPLORER_URL } },
  serializers,
  testnet: true,
})

/**
 * SPACE OS mainnet EVM (chain 800000, same ID as testnet per white paper §7.2).
 *
 * @example
 * ```ts
 * import { spaceosMainnet } from '@spaceos/evm'
 * spaceosMainnet.rpcUrls.default.http[0] // 'https://evm.spaceos.com'
 * ```
 */
export const spaceosMainnet: SpaceosChain = defineChain({
  id: EVM_CHAIN_ID,
  name: 'SPACE OS',
  nativeCurrency: spaceNativeCurrency,
  rpcUrls: { default: { http: [EVM_MAINNET_RPC_URL] } },
  blockExplorers: { default: { name: 'SPACE OS EVM Explorer', url: EVM_MAINNET_EXPLORER_URL } },
  serializers,
})

/**
 * A local devnet (anvil `--chain-id 800000 --hardfork paris --gas-price 150000000000`). The RPC URL is anvil's default;
 * pass your own to `http(url)` when anvil listens elsewhere.
 *
 * @example
 * ```ts
 * import { spaceosLocal } from '@spaceos/evm'
 * import { createPublicClient, http } from 'viem'
 * const client = createPublicClient({ chain: spaceosLocal, transport: http('http://127.0.0.1:18545') })
 * ```
 */
export const spaceosLocal: SpaceosChain = defineChain({
  id: EVM_CHAIN_ID,
  name: 'SPACE OS Local',
  nativeCurrency: spaceNativeCurrency,
  rpcUrls: { default: { http: ['http://127.0.0.1:8545'] } },
  serializers,
  testnet: true,
})
