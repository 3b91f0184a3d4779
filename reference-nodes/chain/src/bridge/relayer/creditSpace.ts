import { ACCOUNT_EVM } from '@spaceos/generated/parameters'
import { type Address, type TransactionReceipt, toHex } from 'viem'
import type { RelayerContext } from './context.ts'
import { depositIdOf } from './ids.ts'
import { ownTransactionIndex } from './ownTransactions.ts'
import { sendEvmTx } from './sendEvmTx.ts'
import type { DepositRow } from './types.ts'

/**
 * Credits native deposit `d` of `eosio.evm` on the EVM as the gas token [NP-BRDG-010]: a value transfer from the
 * relayer carrying the deposit id, sent once (journaled, or found among the relayer's own transactions after a lost
 * journal). A recipient contract that refuses plain transfers gets its balance credited directly instead.
 *
 * @example
 * const receipt = await creditSpace(context, row)
 */
export async function creditSpace(context: RelayerContext, d: DepositRow): Promise<TransactionReceipt> {
  const { evm, journal, rpc, account } = context
  const contract = ACCOUNT_EVM
  const to = d.evm_to as Address
  const amount = BigInt(d.evm_amount)
  const depositId = depositIdOf(contract, BigInt(d.id))
  const key = `deposit:${contract}:${d.id}`
  const earlier = journal.get(`evmtx:${key}`) ? undefined : (await ownTransactionIndex(context)).get(depositId)
  const receipt = earlier
    ? await evm.getTransactionReceipt({ hash: earlier })
    : await sendEvmTx(context, key, () => ({ to, value: amount, data: depositId, gas: 100_000n }))
  if (receipt.status !== 'success') {
    // the recipient is a contract that refuses plain transfers: credit its balance directly, from the relayer
    const directKey = `direct:${contract}:${d.id}`
    const saved = journal.get<{ before: string }>(directKey)
    const before = saved ? BigInt(saved.before) : await evm.getBalance({ address: to })
    if (!saved) journal.put(directKey, { before: String(before) })
    await rpc('anvil_setBalance', [
      account.address,
      toHex(BigInt(journal.get<{ base: string }>(`evmtx:deposit:${contract}:${d.id}`)?.base ?? 0)),
    ])
    await rpc('anvil_setBalance', [to, toHex(before + amount)])
  }
  return receipt
}
