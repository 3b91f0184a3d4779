import { abis } from '@spaceos/evm'
import { ACCOUNT_PROVIDERS } from '@spaceos/generated/parameters'
import { type Address, encodeFunctionData } from 'viem'
import { ACCOUNT_RELAYER } from './accounts.ts'
import { truthy } from './assets.ts'
import type { RelayerContext } from './context.ts'
import { deviceIdOf, verdictIdOf } from './ids.ts'
import { pushOnce } from './pushOnce.ts'
import { sendEvmTx } from './sendEvmTx.ts'
import type { VerdictRow } from './types.ts'

/**
 * Downtime verdicts of `spaceos.prov` since the verdict cursor, carried to `SpaceProviderBond.applyDowntimeVerdict`
 * and acknowledged natively with `verdictack` [NP-BRDG-004]. Resolves with the number carried.
 *
 * @example
 * const carried = await carryVerdicts(context)
 */
export async function carryVerdicts(context: RelayerContext): Promise<number> {
  const book = context.addressBook
  if (!book) return 0
  const { journal } = context
  const bond = book.contracts.SpaceProviderBond
  const cursorKey = 'cursor:verdicts'
  const next = journal.get<{ next: number }>(cursorKey)?.next ?? 0
  let work = 0
  for (const v of await context.native.rows<VerdictRow>(
    ACCOUNT_PROVIDERS,
    'verdicts',
    ACCOUNT_PROVIDERS,
    String(next),
  )) {
    if (Number(v.kind) === 1 && !truthy(v.relayed)) {
      await carryVerdict(context, bond, v)
      work++
    }
    journal.put(cursorKey, { next: Number(v.id) + 1 })
  }
  return work
}

/**
 * One downtime verdict, once: applied on the bond unless `verdictApplied` says it was (and only while the device is
 * bonded: status 1 or 2), then `verdictack` with the EVM transaction as the reference (`no-bond` when there is none).
 */
async function carryVerdict(context: RelayerContext, bond: Address, v: VerdictRow): Promise<void> {
  const { evm, journal } = context
  const verdictId = verdictIdOf(BigInt(v.id))
  const deviceId = deviceIdOf(v.device)
  const key = `verdict:${v.id}`
  let ref = 'no-bond'
  const applied = await evm.readContract({
    address: bond,
    abi: abis.SpaceProviderBond,
    functionName: 'verdictApplied',
    args: [verdictId],
  })
  if (journal.get(`evmtx:${key}`) || !applied) {
    const [, status] = (await evm.readContract({
      address: bond,
      abi: abis.SpaceProviderBond,
      functionName: 'devices',
      args: [deviceId],
    })) as readonly [Address, number, bigint, bigint]
    if (journal.get(`evmtx:${key}`) || status === 1 || status === 2) {
      const receipt = await sendEvmTx(context, key, () => ({
        to: bond,
        data: encodeFunctionData({
          abi: abis.SpaceProviderBond,
          functionName: 'applyDowntimeVerdict',
          args: [verdictId, deviceId, BigInt(v.epoch)],
        }),
        gas: 500_000n,
      }))
      ref = receipt.transactionHash
    }
  } else {
    ref = `applied:${verdictId}`
  }
  await pushOnce(
    context,
    {
      account: ACCOUNT_PROVIDERS,
      name: 'verdictack',
      actor: ACCOUNT_RELAYER,
      data: { id: Number(v.id), evm_ref: ref },
    },
    /already relayed/,
  )
  context.counters.operation('verdict')
  context.logger?.info({ verdict: v.id, device: v.device, ref }, 'downtime verdict carried to SpaceProviderBond')
}
