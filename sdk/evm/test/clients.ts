import {
  type Address,
  createPublicClient,
  createTestClient,
  type Hash,
  type Hex,
  http,
  parseEther,
  rpcSchema,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { inject } from 'vitest'
import { createSpaceosWalletClient, spaceosLocal } from '../src/index.ts'

/** anvil's `eth_getRawTransactionByHash`: the signed transaction as sent, to check its type byte. */
type RawTransactionRpc = { Method: 'eth_getRawTransactionByHash'; Parameters: [hash: Hash]; ReturnType: Hex | null }

/**
 * How often the test clients poll for a receipt or a block. anvil mines each transaction at once, but on a busy machine
 * the receipt can be a moment late, and viem's default (4 s for a chain without a block time) would then make every
 * such miss cost 4 s.
 */
const pollingInterval = 50

/** Clients on the test run's anvil. Accounts are fresh keys funded with anvil_setBalance (no well-known keys). */
export function testClients() {
  const transport = http(inject('anvilUrl'))
  const publicClient = createPublicClient({
    chain: spaceosLocal,
    transport,
    pollingInterval,
    rpcSchema: rpcSchema<[RawTransactionRpc]>(),
  })
  const testClient = createTestClient({ chain: spaceosLocal, mode: 'anvil', transport, pollingInterval })
  const hashes: `0x${string}`[] = []
  const wallet = async (balance = parseEther('10000')) => {
    const account = privateKeyToAccount(generatePrivateKey())
    await testClient.setBalance({ address: account.address, value: balance })
    return createSpaceosWalletClient({ account, chain: spaceosLocal, transport, pollingInterval })
  }
  const balanceOf = (address: Address) => publicClient.getBalance({ address })
  return { transport, publicClient, testClient, wallet, hashes, balanceOf }
}
