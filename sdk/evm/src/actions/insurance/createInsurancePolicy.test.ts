import { INSURANCE_MIN_TIMEOUT_S } from '@spaceos/generated/parameters'
import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it } from '../../../test/fixtures.ts'
import { ContractRevertError, createInsurancePolicy } from '../../index.ts'

// [NP-EVM-030]
describe('createInsurancePolicy', () => {
  it('creates a dead-man-switch policy and refuses a timeout below the minimum', async ({ clients, deployment }) => {
    const { wallet } = clients
    const { book, user, contracts } = deployment
    const owner = await wallet()
    const guardians = await Promise.all([wallet(0n), wallet(0n), wallet(0n)])
    const { hash, id: policy } = await createInsurancePolicy(owner, {
      insurance: book.contracts.SpaceInsurance,
      beneficiary: user.account.address,
      timeout: BigInt(INSURANCE_MIN_TIMEOUT_S),
      guardians: guardians.map((g) => g.account.address),
      assets: [],
    })
    await expectLegacyTransaction(clients.publicClient, hash, 'createInsurancePolicy')
    expect(policy).toBeGreaterThan(0n)
    expect(await contracts.SpaceInsurance.read.activePolicyOf([owner.account.address])).toBe(policy)

    const tooShort = await createInsurancePolicy(user, {
      insurance: book.contracts.SpaceInsurance,
      beneficiary: owner.account.address,
      timeout: BigInt(INSURANCE_MIN_TIMEOUT_S - 1),
      guardians: guardians.map((g) => g.account.address),
      assets: [],
    }).catch((e: unknown) => e)
    expect(tooShort).toBeInstanceOf(ContractRevertError)
  })
})
