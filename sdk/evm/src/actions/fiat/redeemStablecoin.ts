import { type Address, type Hex, parseEventLogs } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient } from '../execute.ts'

/** Parameters of {@link redeemStablecoin}. */
export type RedeemStablecoinParameters = {
  factory: Address
  token: Address
  /** Holder whose tokens are redeemed; must have approved the factory for `amount`. */
  account: Address
  amount: bigint
  idempotencyKey: Hex
}

/**
 * Redeems a fiat stablecoin for a fiat payout (treasury signer only, §8.2). Within the treasury limits ($500 single,
 * $5,000 per day) the tokens are burned at once (`queuedId` 0n); above them they are escrowed and the withdrawal is
 * queued for review (`queuedId` > 0n, see {@link reviewWithdrawal}).
 *
 * @example
 * ```ts
 * import { redeemStablecoin } from '@spaceos/evm'
 * const { queuedId } = await redeemStablecoin(treasury, { factory, token, account, amount, idempotencyKey })
 * ```
 */
export async function redeemStablecoin(client: SpaceosWalletClient, parameters: RedeemStablecoinParameters) {
  const result = await execute(client, {
    address: parameters.factory,
    abi: abis.FiatStablecoinFactory,
    functionName: 'redeem',
    args: [parameters.token, parameters.account, parameters.amount, parameters.idempotencyKey],
  })
  const [queued] = parseEventLogs({
    abi: abis.FiatStablecoinFactory,
    eventName: 'WithdrawalQueued',
    logs: result.receipt.logs,
  })
  return { ...result, queuedId: queued?.args.id ?? 0n }
}

/** Parameters of {@link reviewWithdrawal}. */
export type ReviewWithdrawalParameters = { factory: Address; id: bigint; approve: boolean }

/**
 * Approves (burns the escrow; the fiat is paid out) or rejects (returns the tokens) a queued withdrawal. Reviewer only.
 *
 * @example
 * ```ts
 * import { reviewWithdrawal } from '@spaceos/evm'
 * await reviewWithdrawal(reviewer, { factory, id: queuedId, approve: true })
 * ```
 */
export function reviewWithdrawal(client: SpaceosWalletClient, { factory, id, approve }: ReviewWithdrawalParameters) {
  return execute(client, {
    address: factory,
    abi: abis.FiatStablecoinFactory,
    functionName: approve ? 'approveWithdrawal' : 'rejectWithdrawal',
    args: [id],
  })
}
