import { type Address, parseEventLogs } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient } from '../execute.ts'

/** Parameters of {@link createInsurancePolicy}. */
export type CreateInsurancePolicyParameters = {
  insurance: Address
  beneficiary: Address
  /** Inactivity timeout in seconds, 30 days to 10 years (§10.2). */
  timeout: bigint
  /** Guardians for the 3-of-N override. */
  guardians: readonly Address[]
  /** Tokens swept to the beneficiary on a claim (the owner approves them). */
  assets: readonly Address[]
}

/**
 * Creates the caller's dead-man-switch policy in SpaceInsurance (§10.2) and returns its id.
 *
 * @example
 * ```ts
 * import { createInsurancePolicy } from '@spaceos/evm'
 * const { id } = await createInsurancePolicy(wallet, { insurance, beneficiary, timeout: 30n * 86400n, guardians, assets: [] })
 * ```
 */
export async function createInsurancePolicy(client: SpaceosWalletClient, parameters: CreateInsurancePolicyParameters) {
  const result = await execute(client, {
    address: parameters.insurance,
    abi: abis.SpaceInsurance,
    functionName: 'createPolicy',
    args: [parameters.beneficiary, parameters.timeout, parameters.guardians, parameters.assets],
  })
  const [log] = parseEventLogs({ abi: abis.SpaceInsurance, eventName: 'PolicyCreated', logs: result.receipt.logs })
  if (!log) throw new Error('createPolicy succeeded without a PolicyCreated event')
  return { ...result, id: log.args.id }
}
