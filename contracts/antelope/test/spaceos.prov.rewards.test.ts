import {
  ACCOUNT_ORACLE,
  ACCOUNT_REWARDS,
  EPOCH_LENGTH_S,
  INFLATION_BPS_PER_YEAR,
  SECONDS_PER_YEAR,
  SPACE_INITIAL_ISSUE,
  SPACE_MAX_SUPPLY,
  TIER_BASIC_MULTIPLIER_BPS,
  TIER_BASIC_STAKE,
  TIER_FREE_MULTIPLIER_BPS,
} from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { space, units } from './fixtures.ts'
import { beat, currentEpoch, type ProvChain, provChain, registerAndStake } from './spaceos.prov.helpers.ts'
import { addSeconds, balance, expectFailure, now, rows, send, setTime, stat } from './vert.ts'

let c: ProvChain

beforeEach(async () => {
  c = await provChain()
})

const supply = () => units(String(stat(c.token)?.supply))
const state = () => rows(c.prov, 'state')[0] ?? {}
const bal = (who: string) => units(balance(c.token, who) ?? '0.0000 SPACE')
const minflate = () => send(c.prov, 'gpuminflate', {}, 'carol')
/** The pro-rata target of one inflation year: floor(base × bps × elapsed / (10000 × year)). */
const target = (base: bigint, elapsed: number) =>
  (base * BigInt(INFLATION_BPS_PER_YEAR) * BigInt(elapsed)) / (10_000n * BigInt(SECONDS_PER_YEAR))

describe('spaceos.prov gpuminflate', () => {
  it('starts the inflation year on the first call without minting', async () => {
    await minflate()
    expect(state()).toMatchObject({
      infl_year_start: now(c.bc),
      infl_base_supply: String(SPACE_INITIAL_ISSUE), // u64 beyond 32 bits are JSON strings
      infl_minted_year: 0,
      pool: space(0),
    })
    expect(supply()).toBe(BigInt(SPACE_INITIAL_ISSUE))
  })

  it('mints 2%/year pro rata into the rewards pool by inline issue and transfer', async () => {
    await minflate()
    addSeconds(c.bc, EPOCH_LENGTH_S)
    await minflate()
    const minted = target(BigInt(SPACE_INITIAL_ISSUE), EPOCH_LENGTH_S)
    expect(minted).toBeGreaterThan(0n)
    expect(supply()).toBe(BigInt(SPACE_INITIAL_ISSUE) + minted)
    expect(bal(ACCOUNT_REWARDS)).toBe(minted)
    expect(state()).toMatchObject({ pool: space(minted), minted_total: space(minted) })
    await expectFailure(c.bc, minflate(), 'prov: inflation already minted at this time')
  })

  it('mints exactly 2% over a full year of daily calls, never more, then starts a new year on the new supply', async () => {
    const base = BigInt(SPACE_INITIAL_ISSUE)
    await minflate()
    const start = now(c.bc)
    const days = SECONDS_PER_YEAR / 86_400
    for (let d = 1; d <= days; d++) {
      setTime(c.bc, start + d * 86_400)
      await minflate()
      const minted = supply() - base
      expect(minted).toBe(target(base, d * 86_400))
      expect(minted * 10_000n * BigInt(SECONDS_PER_YEAR)).toBeLessThanOrEqual(
        base * BigInt(INFLATION_BPS_PER_YEAR) * BigInt(d * 86_400),
      )
    }
    const yearly = (base * BigInt(INFLATION_BPS_PER_YEAR)) / 10_000n
    expect(supply() - base).toBe(yearly)
    expect(bal(ACCOUNT_REWARDS)).toBe(yearly)
    // the last daily call closed year one exactly at its end: nothing more at that instant
    await expectFailure(c.bc, minflate(), 'prov: inflation already minted at this time')
    setTime(c.bc, start + SECONDS_PER_YEAR + 86_400)
    await minflate()
    expect(state()).toMatchObject({
      infl_year_start: start + SECONDS_PER_YEAR,
      infl_base_supply: String(base + yearly),
    })
    expect(supply()).toBe(base + yearly + target(base + yearly, 86_400))
  })

  it('mints the same total with irregular calls and with one call after two years (yearly compounding only)', async () => {
    const base = BigInt(SPACE_INITIAL_ISSUE)
    await minflate()
    const start = now(c.bc)
    setTime(c.bc, start + 2 * SECONDS_PER_YEAR)
    await minflate()
    const y1 = (base * BigInt(INFLATION_BPS_PER_YEAR)) / 10_000n
    const y2 = ((base + y1) * BigInt(INFLATION_BPS_PER_YEAR)) / 10_000n
    expect(supply()).toBe(base + y1 + y2)
  })

  it('never mints past the 1,000,000,000.0000 SPACE cap', async () => {
    await minflate()
    const room = 5_000n
    const fill = BigInt(SPACE_MAX_SUPPLY) - supply() - room
    await send(c.token, 'issue', { to: 'eosio', quantity: space(fill), memo: 'fill' }, 'eosio')
    addSeconds(c.bc, EPOCH_LENGTH_S)
    await minflate()
    expect(supply()).toBe(BigInt(SPACE_MAX_SUPPLY))
    expect(bal(ACCOUNT_REWARDS)).toBe(room)
    addSeconds(c.bc, EPOCH_LENGTH_S)
    await expectFailure(c.bc, minflate(), 'prov: no inflation due yet')
  })
})

describe('spaceos.prov reportwork and gpudistrib', () => {
  let epoch: number
  let pool: bigint

  beforeEach(async () => {
    await registerAndStake(c, 'alice', 0)
    await registerAndStake(c, 'bob', TIER_BASIC_STAKE)
    await beat(c, 'alice', 'gpua')
    await beat(c, 'bob', 'gpub')
    epoch = currentEpoch(c.bc)
    await minflate()
    addSeconds(c.bc, EPOCH_LENGTH_S)
    await minflate()
    pool = bal(ACCOUNT_REWARDS)
  })

  const report = (work: { device: string; inferences: number }[], e = epoch, auth: string = ACCOUNT_ORACLE) =>
    send(c.prov, 'reportwork', { epoch: e, work }, auth)
  const distrib = (e = epoch, auth: string = ACCOUNT_ORACLE, max_rows = 100) =>
    send(c.prov, 'gpudistrib', { epoch: e, max_rows }, auth)

  it('pays the pool out by served work × tier multiplier and keeps the rounding remainder', async () => {
    await report([{ device: 'gpua', inferences: 600 }])
    await report([
      { device: 'gpua', inferences: 400 },
      { device: 'gpub', inferences: 1000 },
    ])
    expect(rows(c.prov, 'epochwork', BigInt(epoch))).toEqual([
      { device: 'gpua', owner: 'alice', inferences: 1000, weight: 0 },
      { device: 'gpub', owner: 'bob', inferences: 1000, weight: 0 },
    ])
    const aliceBefore = bal('alice')
    const bobBefore = bal('bob')
    await distrib()
    const wa = 1000n * BigInt(TIER_FREE_MULTIPLIER_BPS)
    const wb = 1000n * BigInt(TIER_BASIC_MULTIPLIER_BPS)
    const pa = (pool * wa) / (wa + wb)
    const pb = (pool * wb) / (wa + wb)
    expect(rows(c.prov, 'epochwork', BigInt(epoch))).toEqual([])
    expect(bal('alice') - aliceBefore).toBe(pa)
    expect(bal('bob') - bobBefore).toBe(pb)
    expect(bal(ACCOUNT_REWARDS)).toBe(pool - pa - pb)
    expect(state()).toMatchObject({ pool: space(pool - pa - pb) })
    expect(rows(c.prov, 'distribs')).toEqual([
      {
        epoch,
        pool: space(pool),
        paid: space(pa + pb),
        total_weight: Number(wa + wb),
        devices: 2,
        distributed_at: now(c.bc),
        status: 2,
        cursor: 0,
      },
    ])
    await expectFailure(c.bc, distrib(), 'prov: epoch already distributed')
    await expectFailure(c.bc, report([{ device: 'gpua', inferences: 1 }]), 'prov: epoch already distributed')
  })

  it('distributes in pages of max_rows and gives the same result as one call', async () => {
    await registerAndStake(c, 'carol', 0)
    await beat(c, 'carol', 'gpuc')
    await report([
      { device: 'gpua', inferences: 300 },
      { device: 'gpub', inferences: 500 },
      { device: 'gpuc', inferences: 700 },
    ])
    const before = { alice: bal('alice'), bob: bal('bob'), carol: bal('carol') }
    const dist = () => rows(c.prov, 'distribs')[0]
    await distrib(epoch, ACCOUNT_ORACLE, 1)
    expect(dist()).toMatchObject({ status: 0, cursor: expect.anything(), paid: space(0) })
    expect(state()).toMatchObject({ pool: space(0) }) // reserved for this epoch
    await expectFailure(c.bc, report([{ device: 'gpua', inferences: 1 }]), 'prov: epoch distribution has started')
    await distrib(epoch, ACCOUNT_ORACLE, 2) // weighs the last two rows
    expect(dist()).toMatchObject({ status: 1, paid: space(0) })
    await distrib(epoch, ACCOUNT_ORACLE, 2) // pays two rows
    expect(dist()).toMatchObject({ status: 1, devices: 2 })
    await distrib(epoch, ACCOUNT_ORACLE, 2)
    const w = {
      alice: 300n * BigInt(TIER_FREE_MULTIPLIER_BPS),
      bob: 500n * BigInt(TIER_BASIC_MULTIPLIER_BPS),
      carol: 700n * BigInt(TIER_FREE_MULTIPLIER_BPS),
    }
    const total = w.alice + w.bob + w.carol
    const share = (x: bigint) => (pool * x) / total
    expect(bal('alice') - before.alice).toBe(share(w.alice))
    expect(bal('bob') - before.bob).toBe(share(w.bob))
    expect(bal('carol') - before.carol).toBe(share(w.carol))
    const paid = share(w.alice) + share(w.bob) + share(w.carol)
    expect(dist()).toMatchObject({ status: 2, devices: 3, paid: space(paid), total_weight: Number(total) })
    expect(state()).toMatchObject({ pool: space(pool - paid) })
    await expectFailure(c.bc, distrib(), 'prov: epoch already distributed')
    await expectFailure(c.bc, distrib(epoch, ACCOUNT_ORACLE, 0), 'prov: max_rows must be positive')
  })

  it('rejects bad work reports', async () => {
    await expectFailure(
      c.bc,
      report([{ device: 'gpua', inferences: 1 }], epoch, 'alice'),
      `missing required authority ${ACCOUNT_ORACLE}`,
    )
    await expectFailure(
      c.bc,
      report([{ device: 'gpua', inferences: 1 }], currentEpoch(c.bc)),
      'prov: epoch has not ended',
    )
    await expectFailure(c.bc, report([]), 'prov: work report is empty')
    await expectFailure(c.bc, report([{ device: 'gpuz', inferences: 1 }]), 'prov: unknown device gpuz')
    await expectFailure(c.bc, report([{ device: 'gpua', inferences: 0 }]), 'prov: inferences must be positive')
    await expectFailure(
      c.bc,
      report(Array.from({ length: 201 }, () => ({ device: 'gpua', inferences: 1 }))),
      'prov: work report has more than 200 entries',
    )
  })

  it('rejects a distribution without work, before the epoch ends, by another account, or with an empty pool', async () => {
    await expectFailure(c.bc, distrib(), 'prov: no served work reported for the epoch')
    await expectFailure(c.bc, distrib(currentEpoch(c.bc)), 'prov: epoch has not ended')
    await report([{ device: 'gpua', inferences: 5 }])
    await expectFailure(c.bc, distrib(epoch, 'alice'), `missing required authority ${ACCOUNT_ORACLE}`)
    await distrib()
    // everything paid to a single provider: the pool is empty for the next epoch
    expect(state()).toMatchObject({ pool: space(0) })
    await report([{ device: 'gpua', inferences: 5 }], epoch - 1)
    await expectFailure(c.bc, distrib(epoch - 1), 'prov: reward pool is empty')
  })
})
