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

/** Clients on the test run's anvil. Accounts are fresh keys funded with anvil_setBalance (no well-known keys). */
export function testClients() {
  const transport = http(inject('anvilUrl'))
  const publicClient = createPublicClient({
    chain: spaceosLocal,
    transport,
    rpcSchema: rpcSchema<[RawTransactionRpc]>(),
  })
  const testClient = createTestClient({ chain: spaceosLocal, mode: 'anvil', transport })
  const hashes: `0x${string}`[] = []
  const wallet = async (balance = parseEther('10000')) => {
    const account = privateKeyToAccount(generatePrivateKey())
    await testClient.setBalance({ address: account.address, value: balance })
    return createSpaceosWalletClient({ account, chain: spaceosLocal, transport })
  }
  const balanceOf = (address: Address) => publicClient.getBalance({ address })
  return { transport, publicClient, testClient, wallet, hashes, balanceOf }
}
