import { abis } from '@spaceos/evm'
import { type Address, encodeFunctionData, type TransactionReceipt } from 'viem'
import { ChainNodeError } from '../../errors.ts'
import { unitsOf } from './assets.ts'
import type { RelayerContext } from './context.ts'
import { depositIdOf } from './ids.ts'
import { sendEvmTx } from './sendEvmTx.ts'
import type { DepositRow } from './types.ts'

/**
 * Mints native stablecoin deposit `d` of `contract` (`spaceos.brdg`) with `BridgeTokenFactory.mint` [NP-BRDG-011],
 * once: the factory's `depositProcessed` and the journal decide. Resolves with the mint's receipt, or undefined when
 * the factory had processed it before. Throws `FAILED_PRECONDITION` while the token is not deployed (the deposit
 * waits).
 *
 * @example
 * const receipt = await mintStablecoin(context, 'spaceos.brdg', row)
 */
export async function mintStablecoin(
  context: RelayerContext,
  contract: string,
  d: DepositRow,
): Promise<TransactionReceipt | undefined> {
  const { evm, journal } = context
  const book = context.addressBook
  const to = d.evm_to as Address
  const amount = BigInt(d.evm_amount)
  const { symbol } = unitsOf(d.quantity)
  if (!book)
    throw new ChainNodeError(
      'FAILED_PRECONDITION',
      'no address book yet: stablecoin deposits wait for the EVM deployment',
    )
  const token = (book.tokens as Record<string, Address>)[`${symbol}.s`]
  if (!token) throw new ChainNodeError('FAILED_PRECONDITION', `no EVM token ${symbol}.s in the address book`)
  const factory = book.contracts.BridgeTokenFactory
  const depositId = depositIdOf(contract, BigInt(d.id))
  const processed = () =>
    evm.readContract({
      address: factory,
      abi: abis.BridgeTokenFactory,
      functionName: 'depositProcessed',
      args: [depositId],
    })
  const journaled = journal.get(`evmtx:deposit:${contract}:${d.id}`)
  if (!journaled && (await processed())) return undefined
  const receipt = await sendEvmTx(context, `deposit:${contract}:${d.id}`, () => ({
    to: factory,
    data: encodeFunctionData({
      abi: abis.BridgeTokenFactory,
      functionName: 'mint',
      args: [token, to, amount, depositId],
    }),
    gas: 500_000n,
  }))
  if (receipt.status !== 'success' && !(await processed())) {
    throw new ChainNodeError(
      'INTERNAL',
      `BridgeTokenFactory.mint for deposit ${contract}/${d.id} reverted (${receipt.transactionHash})`,
    )
  }
  return receipt
}
