import {
  EVM_CHAIN_ID,
  EVM_MAINNET_EXPLORER_URL,
  EVM_MAINNET_RPC_URL,
  EVM_TESTNET_EXPLORER_URL,
  EVM_TESTNET_RPC_URL,
} from '@spaceos/generated/parameters'
import { describe, expect, it } from 'vitest'
import { spaceosLocal, spaceosMainnet, spaceosTestnet } from './index.ts'

// [NP-EVM-001]
describe('chain definitions', () => {
  it.each([
    [spaceosTestnet, EVM_TESTNET_RPC_URL, EVM_TESTNET_EXPLORER_URL],
    [spaceosMainnet, EVM_MAINNET_RPC_URL, EVM_MAINNET_EXPLORER_URL],
  ])('describe chain 800000 with SPACE (18 decimals) and the white-paper endpoints', (chain, rpc, explorer) => {
    expect(chain.id).toBe(EVM_CHAIN_ID)
    expect(chain.nativeCurrency).toEqual({ name: 'SPACE', symbol: 'SPACE', decimals: 18 })
    expect(chain.rpcUrls.default.http).toEqual([rpc])
    expect(chain.blockExplorers?.default.url).toBe(explorer)
  })

  it('points the local chain at anvil on chain 800000', () => {
    expect(spaceosLocal.id).toBe(800000)
    expect(spaceosLocal.rpcUrls.default.http[0]).toMatch(/^http:\/\/127\.0\.0\.1:/)
  })
})
