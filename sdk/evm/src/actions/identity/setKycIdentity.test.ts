import { describe, expect } from 'vitest'
import { expectLegacyTransaction, it, revertOf } from '../../../test/fixtures.ts'
import { kycLevels, setKycIdentity } from '../../index.ts'

// [NP-EVM-027] [NP-EVM-032]
describe('setKycIdentity', () => {
  it("writes an investor's KYC level, country and expiry, for the verifier only", async ({ clients, deployment }) => {
    const { book, admin, user, contracts } = deployment
    const registry = book.contracts.SpaceIdentityRegistry
    const expiresAt = BigInt(Math.floor(Date.now() / 1000) + 365 * 86400)
    expect(await contracts.SpaceIdentityRegistry.read.isVerified([user.account.address])).toBe(false)
    const { hash } = await setKycIdentity(admin, {
      registry,
      account: user.account.address,
      level: 'Accredited',
      country: 'VG',
      expiresAt,
    })
    await expectLegacyTransaction(clients.publicClient, hash, 'setKycIdentity')
    expect(await contracts.SpaceIdentityRegistry.read.isVerified([user.account.address])).toBe(true)
    const identity = await contracts.SpaceIdentityRegistry.read.identityOf([user.account.address])
    expect(identity).toMatchObject({ level: kycLevels.Accredited, country: '0x5647', expiresAt, revoked: false })

    const stranger = await revertOf(
      setKycIdentity(user, { registry, account: user.account.address, level: 'Exempt', country: 'VG', expiresAt }),
    )
    expect(stranger.errorName).toBe('AccessControlUnauthorized')
  })
})
