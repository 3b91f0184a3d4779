import { type Address, type Hex, parseEventLogs } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient } from '../execute.ts'

/** One metered usage record: the payer is charged `price` plus the 1% protocol fee. */
export type UsageRecord = {
  /** Unique receipt ID; a replayed one reverts `ReceiptAlreadySettled`. */
  receiptId: Hex
  payer: Address
  /** USD.s address or `zeroAddress` for native SPACE. */
  asset: Address
  /** Model price in the asset's EVM units. */
  price: bigint
  provider: Address
  modelOwner: Address
}

/** Parameters of {@link settleUsage}. */
export type SettleUsageParameters = { settlement: Address; records: readonly UsageRecord[] }

/**
 * Settles a batch of usage records (role-gated: SETTLER_ROLE): splits each price provider 60 / model owner 20 /
 * oracles 10 / treasury 10, the fee to the treasury, and burns 20% of what the treasury receives (§9.5, §9.7).
 * Returns the decoded `UsageSettled` events.
 *
 * @example
 * ```ts
 * import { settleUsage } from '@spaceos/evm'
 * await settleUsage(settler, { settlement, records: [{ receiptId, payer, asset, price, provider, modelOwner }] })
 * ```
 */
export async function settleUsage(client: SpaceosWalletClient, { settlement, records }: SettleUsageParameters) {
  const result = await execute(client, {
    address: settlement,
    abi: abis.InferenceSettlement,
    functionName: 'settleBatch',
    args: [records],
  })
  const events = parseEventLogs({ abi: abis.InferenceSettlement, eventName: 'UsageSettled', logs: result.receipt.logs })
  return { ...result, events: events.map((e) => e.args) }
}
