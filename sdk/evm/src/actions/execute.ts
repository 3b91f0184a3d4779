import type {
  Abi,
  Account,
  Chain,
  Client,
  ContractFunctionArgs,
  ContractFunctionName,
  Hash,
  TransactionReceipt,
  Transport,
} from 'viem'
import { waitForTransactionReceipt } from 'viem/actions'
import { SpaceosEvmError } from '../errors/base.ts'
import { toContractRevertError } from '../errors/contractRevert.ts'
import { type WriteLegacyContractParameters, writeLegacyContract } from './writeLegacyContract.ts'

/** A wallet client with an account and a chain (e.g. from `createSpaceosWalletClient`). */
export type SpaceosWalletClient = Client<Transport, Chain, Account>

/** What every write helper returns: the transaction hash and its (successful) receipt. */
export type WriteReturnType = { hash: Hash; receipt: TransactionReceipt }

/** Parameters of {@link execute}: those of viem's `writeContract`, checked against the `as const` ABI. */
export type ExecuteParameters<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'> = ContractFunctionName<
    abi,
    'nonpayable' | 'payable'
  >,
  args extends ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName> = ContractFunctionArgs<
    abi,
    'nonpayable' | 'payable',
    functionName
  >,
> = WriteLegacyContractParameters<abi, functionName, args>

/**
 * Sends one contract call as a legacy transaction, waits for the receipt and converts reverts into
 * `ContractRevertError`. The building block of the write helpers; generic over the ABI and the function name like
 * viem's `writeContract`, so a misspelled function or a wrong or missing argument is a compile error in the helper.
 *
 * @example
 * ```ts
 * import { abis } from '../contracts.ts'
 * const { hash, receipt } = await execute(wallet, { address, abi: abis.SpaceStaking, functionName: 'stake', value: 1n })
 * ```
 */
export async function execute<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'>,
  args extends ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>,
>(client: SpaceosWalletClient, parameters: ExecuteParameters<abi, functionName, args>): Promise<WriteReturnType> {
  let hash: Hash
  try {
    hash = await writeLegacyContract<abi, functionName, args>(client, parameters)
  } catch (error) {
    throw toContractRevertError(error, parameters.functionName)
  }
  const receipt = await waitForTransactionReceipt(client, { hash })
  if (receipt.status !== 'success') {
    throw new SpaceosEvmError(
      'EVM_CONTRACT_REVERT',
      `${parameters.functionName} reverted in block ${receipt.blockNumber}.`,
      { details: { hash } },
    )
  }
  return { hash, receipt }
}
