import { INSURANCE_MIN_TIMEOUT_S } from '@spaceos/generated/parameters'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, revertOf } from '../../../test/fixtures.ts'
import { createInsurancePolicy, proveLife } from '../../index.ts'

describe('proveLife', () => {
  it("restarts the inactivity timeout of the caller's policy, and needs one", async ({ clients, deployment }) => {
    const { publicClient, wallet } = clients
    const { book, user, contracts } = deployment
    const insurance = book.contracts.SpaceInsurance
    const owner = await wallet()
    const guardians = await Promise.all([wallet(0n), wallet(0n), wallet(0n)])
    const { id } = await createInsurancePolicy(owner, {
      insurance,
      beneficiary: user.account.address,
      timeout: BigInt(INSURANCE_MIN_TIMEOUT_S),
      guardians: guardians.map((g) => g.account.address),
      assets: [],
    })
    const before = await contracts.SpaceInsurance.read.policyOf([id])

    const { hash, receipt } = await proveLife(owner, { insurance })
    await expectLegacyTransaction(publicClient, hash, 'proveLife')
    const after = await contracts.SpaceInsurance.read.policyOf([id])
    const { timestamp } = await publicClient.getBlock({ blockNumber: receipt.blockNumber })
    expect(after.lastProofOfLife).toBe(timestamp)
    expect(after.round).toBe(before.round + 1)

    const nobody = await revertOf(proveLife(await wallet(), { insurance }))
    expect(nobody.errorName).toBe('InsurancePolicyNotFound')
  })
})
