import type {
  Abi,
  Account,
  Chain,
  Client,
  ContractFunctionArgs,
  ContractFunctionName,
  Hash,
  Transport,
  WriteContractParameters,
} from 'viem'
import { writeContract } from 'viem/actions'
import { toLegacyRequest } from '../legacy.ts'

/**
 * Parameters of {@link writeLegacyContract}: viem's `WriteContractParameters` for a client with an account and a chain,
 * so the function name, the arguments and `value` (payable functions only) are checked against the `as const` ABI.
 */
export type WriteLegacyContractParameters<
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
> = WriteContractParameters<abi, functionName, args, Chain, Account>

/**
 * viem's `writeContract` from the client's account on the client's chain, as a legacy transaction (`toLegacyRequest`):
 * generic over the ABI, the function name and the arguments exactly like `writeContract`, so a misspelled function, a
 * wrong or missing argument, or `value` on a non-payable function is a compile error. Returns the transaction hash.
 *
 * @example
 * ```ts
 * import { abis } from '../contracts.ts'
 * const hash = await writeLegacyContract(wallet, { address, abi: abis.SpaceVault, functionName: 'borrow', args: [asset, 1n] })
 * ```
 */
export async function writeLegacyContract<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi, 'nonpayable' | 'payable'>,
  args extends ContractFunctionArgs<abi, 'nonpayable' | 'payable', functionName>,
>(
  client: Client<Transport, Chain, Account>,
  parameters: WriteLegacyContractParameters<abi, functionName, args>,
): Promise<Hash> {
  return writeContract<Chain, Account, abi, functionName, args, Chain | undefined>(
    client,
    toLegacyRequest({ ...parameters, account: client.account, chain: client.chain }),
  )
}
