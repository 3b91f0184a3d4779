import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { type Address, type Hash, type Hex, keccak256, parseEther, stringToHex } from 'viem'
import { test as base, expect } from 'vitest'
import { ContractRevertError, deploy, getSpaceosContracts, mintBridgedToken } from '../src/index.ts'
import { testClients } from './clients.ts'

/**
 * `it` with the shared parts of the action tests, set up once per test file on the run's anvil (started by the
 * global setup): `clients` (public client, fresh funded wallets) and `deployment`, a fresh deployment of the whole
 * contract set by `admin` (who holds every role) with a funded faucet, plus a funded `user`.
 */
export const it = base
  .extend('clients', { scope: 'file' }, () => testClients())
  .extend('deployment', { scope: 'file' }, async ({ clients }) => {
    const admin = await clients.wallet()
    const user = await clients.wallet()
    const book = await deploy(admin, { fundFaucet: parseEther('1000') })
    return { admin, user, book, contracts: getSpaceosContracts(clients.publicClient, book) }
  })

/** A 32-byte id (deposit id, idempotency key, receipt id …) derived from a readable label. */
export const id = (label: string): Hex => keccak256(stringToHex(label))

/** Awaits a call that must revert and returns its {@link ContractRevertError}; anything else fails the test. */
export async function revertOf(pending: Promise<unknown>): Promise<ContractRevertError> {
  const outcome = await pending.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
  if (!('error' in outcome)) throw new Error('expected a ContractRevertError, but the call succeeded')
  if (!(outcome.error instanceof ContractRevertError)) {
    throw new Error(`expected a ContractRevertError, got ${String(outcome.error)}`, { cause: outcome.error })
  }
  return outcome.error
}

type PublicClient = ReturnType<typeof testClients>['publicClient']

/**
 * Asserts that `hash` was sent as a signed legacy (type 0) transaction at 150 gwei with the chain ID in `v` (EIP-155):
 * what every write helper must produce [NP-EVM-002] [NP-EVM-006]. `label` names the helper in a failure.
 */
export async function expectLegacyTransaction(publicClient: PublicClient, hash: Hash, label: string): Promise<void> {
  const raw = await publicClient.request({ method: 'eth_getRawTransactionByHash', params: [hash] })
  if (!raw) throw new Error(`${label}: transaction ${hash} is unknown to the node`)
  // an EIP-2718 typed transaction starts with its type byte (0x01–0x04); a legacy one is an RLP list (≥ 0xc0)
  expect(Number.parseInt(raw.slice(2, 4), 16), label).toBeGreaterThanOrEqual(0xc0)
  const tx = await publicClient.getTransaction({ hash })
  expect(tx.type, label).toBe('legacy')
  expect(tx.gasPrice, label).toBe(EVM_GAS_PRICE_WEI)
  expect(tx.chainId, label).toBe(EVM_CHAIN_ID) // EIP-155 replay protection
}

type Deployment = Awaited<ReturnType<typeof deploy>>
type Wallet = Awaited<ReturnType<ReturnType<typeof testClients>['wallet']>>

/**
 * Mints `amount` of a bridged stablecoin to `to` as the bridge authority (`admin` holds every role of a test
 * deployment): how the action tests fund an account with USD.s, USDT.s ….
 */
export function mintTo(
  deployment: { admin: Wallet; book: Deployment },
  { token, to, amount, depositId }: { token: Address; to: Address; amount: bigint; depositId: string },
) {
  return mintBridgedToken(deployment.admin, {
    factory: deployment.book.contracts.BridgeTokenFactory,
    token,
    to,
    amount,
    depositId: id(depositId),
  })
}
