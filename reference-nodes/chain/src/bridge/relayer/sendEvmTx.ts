import { EVM_CHAIN_ID } from '@spaceos/generated/parameters'
import { type Address, type Hash, type Hex, keccak256, type TransactionReceipt, toHex } from 'viem'
import type { RelayerContext } from './context.ts'
import { RelayerCrashError } from './relayerCrashError.ts'

/** What {@link sendEvmTx} sends. */
export type EvmTxRequest = { to: Address; data?: Hex; value?: bigint; gas: bigint }

/** The receipt of `hash`, undefined while it is not mined (or unknown). */
export async function receiptOf(context: RelayerContext, hash: Hash): Promise<TransactionReceipt | undefined> {
  try {
    return await context.evm.getTransactionReceipt({ hash })
  } catch {
    return undefined
  }
}

/**
 * One relayer transaction, exactly once [NP-BRDG-003]: signed (gas price 0: the relayer stands for in-consensus
 * bridge calls, which pay no EVM gas) and journaled under `evmtx:<key>` before it is sent, so a restart resends the
 * same signed transaction (its nonce makes it unique). A value transfer is funded by minting it to the relayer first
 * (`anvil_setBalance` to the journaled base + value: the same absolute value on a retry). Resolves with its receipt.
 *
 * @example
 * const receipt = await sendEvmTx(context, `deposit:eosio.evm:3`, () => ({ to, value, data: depositId, gas: 100_000n }))
 */
export async function sendEvmTx(
  context: RelayerContext,
  key: string,
  build: () => EvmTxRequest,
): Promise<TransactionReceipt> {
  const { account, evm, journal, rpc } = context
  const jkey = `evmtx:${key}`
  let intent = journal.get<{ raw: Hex; hash: Hash; base: string; value: string }>(jkey)
  if (!intent) {
    const req = build()
    const nonce = await evm.getTransactionCount({ address: account.address, blockTag: 'pending' })
    const raw = await account.signTransaction({
      type: 'legacy',
      chainId: EVM_CHAIN_ID,
      nonce,
      gasPrice: 0n,
      gas: req.gas,
      to: req.to,
      value: req.value ?? 0n,
      ...(req.data ? { data: req.data } : {}),
    })
    const base = req.value ? await evm.getBalance({ address: account.address }) : 0n
    intent = { raw, hash: keccak256(raw), base: String(base), value: String(req.value ?? 0n) }
    journal.put(jkey, intent)
  }
  const done = await receiptOf(context, intent.hash)
  if (done) return done
  if (BigInt(intent.value) > 0n) {
    await rpc('anvil_setBalance', [account.address, toHex(BigInt(intent.base) + BigInt(intent.value))])
  }
  try {
    await rpc('eth_sendRawTransaction', [intent.raw])
  } catch (error) {
    if (error instanceof RelayerCrashError) throw error // the process died: nothing more happens in it
    if (!(await receiptOf(context, intent.hash))) throw error // "nonce too low" after a crash means it was mined
  }
  return evm.waitForTransactionReceipt({ hash: intent.hash })
}
