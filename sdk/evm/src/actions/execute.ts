import type { Abi, Account, Address, Chain, Client, Hash, TransactionReceipt, Transport } from 'viem'
import { waitForTransactionReceipt, writeContract } from 'viem/actions'
import { SpaceosEvmError } from '../errors/base.ts'
import { toContractRevertError } from '../errors/contractRevert.ts'
import { toLegacyRequest } from '../legacy.ts'

/** A wallet client with an account and a chain (e.g. from `createSpaceosWalletClient`). */
export type SpaceosWalletClient = Client<Transport, Chain, Account>

/** What every write helper returns: the transaction hash and its (successful) receipt. */
export type WriteReturnType = { hash: Hash; receipt: TransactionReceipt }

/**
 * Sends one contract call as a legacy transaction, waits for the receipt and converts reverts into
 * `ContractRevertError`. Internal building block of the write helpers.
 */
export async function execute(
  client: SpaceosWalletClient,
  call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; value?: bigint },
): Promise<WriteReturnType> {
  let hash: Hash
  try {
    hash = await writeContract(
      client,
      toLegacyRequest({ ...call, account: client.account, chain: client.chain }) as never,
    )
  } catch (error) {
    throw toContractRevertError(error, call.functionName)
  }
  const receipt = await waitForTransactionReceipt(client, { hash })
  if (receipt.status !== 'success') {
    throw new SpaceosEvmError('EVM_CONTRACT_REVERT', `${call.functionName} reverted in block ${receipt.blockNumber}.`, {
      details: { hash },
    })
  }
  return { hash, receipt }
}
