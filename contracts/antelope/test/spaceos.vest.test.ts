/**
 * spaceos.vest — vesting for the §9.3 allocations: providers linear over 3 years, developer grants by milestone,
 * treasury released by the DAO, team 4-year cliff, liquidity immediate; caps ALLOC_*_BPS of SPACE_MAX_SUPPLY.
 */
import type { Account, Blockchain } from '@proton/vert'
import {
  ACCOUNT_DAO,
  ACCOUNT_VESTING,
  ALLOC_LIQUIDITY_BPS,
  SPACE_MAX_SUPPLY,
  VEST_PROVIDERS_LINEAR_S,
  VEST_TEAM_CLIFF_S,
} from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { genesisToken, space } from './fixtures.ts'
import { balanceUnits, norm, normAll } from './spaceos.gov.helpers.ts'
import { addSeconds, createChain, deploy, expectFailure, now, rows, send } from './vert.ts'

let bc: Blockchain
let token: Account
let vest: Account

const SPACE = 10_000n
const AUTH = 'vestmsig'
const FUND = 10_000_000n * SPACE

function sched(id: number): Record<string, unknown> {
  return norm(rows(vest, 'schedules').find((r) => String(r.id) === String(id)))
}

function config(): Record<string, unknown> {
  return norm(rows(vest, 'config')[0])
}

async function add(
  allocation: string,
  beneficiary: string,
  units: bigint,
  revocable = false,
  auth = allocation === 'treasury' ? ACCOUNT_DAO : AUTH,
): Promise<void> {
  await send(
    vest,
    'addsched',
    { allocation, beneficiary, total: space(units), start: 0, revocable, memo: allocation },
    auth,
  )
}

function claim(beneficiary: string, id: number) {
  return send(vest, 'claim', { beneficiary, id }, beneficiary)
}

beforeEach(async () => {
  bc = createChain()
  bc.createAccounts(AUTH, 'alice', 'bob', ACCOUNT_DAO)
  token = await genesisToken(bc)
  vest = deploy(bc, ACCOUNT_VESTING)
  await send(token, 'transfer', { from: 'eosio', to: ACCOUNT_VESTING, quantity: space(FUND), memo: 'fund' }, 'eosio')
})

describe('spaceos.vest init', () => {
  it('sets the allocation authority (contract authority only)', async () => {
    await expectFailure(
      bc,
      send(vest, 'init', { authority: AUTH }, 'alice'),
      `missing required authority ${ACCOUNT_VESTING}`,
    )
    await expectFailure(
      bc,
      send(vest, 'init', { authority: 'nobody' }, ACCOUNT_VESTING),
      'vest: authority account does not exist',
    )
    await expectFailure(
      bc,
      send(
        vest,
        'addsched',
        { allocation: 'team', beneficiary: 'alice', total: space(1), start: 0, revocable: false, memo: '' },
        AUTH,
      ),
      'vest: not initialised',
    )
    await send(vest, 'init', { authority: AUTH }, ACCOUNT_VESTING)
    expect(config()).toEqual({ initialised: true, authority: AUTH, next_id: '1', outstanding: '0' })
  })
})

describe('spaceos.vest schedules', () => {
  beforeEach(async () => {
    await send(vest, 'init', { authority: AUTH }, ACCOUNT_VESTING)
  })

  it('vests the providers allocation linearly over 3 years', async () => {
    const total = 3_000n * SPACE
    await add('providers', 'alice', total)
    expect(sched(1)).toMatchObject({
      allocation: 'providers',
      kind: '0',
      total: space(total),
      start: String(now(bc)),
      cliff_s: '0',
      duration_s: String(VEST_PROVIDERS_LINEAR_S),
    })
    await expectFailure(bc, claim('alice', 1), 'vest: nothing to claim yet')
    addSeconds(bc, VEST_PROVIDERS_LINEAR_S / 3)
    await claim('alice', 1)
    expect(balanceUnits(token, 'alice')).toBe(total / 3n)
    addSeconds(bc, VEST_PROVIDERS_LINEAR_S)
    await claim('alice', 1)
    expect(balanceUnits(token, 'alice')).toBe(total)
    expect(sched(1).claimed).toBe(space(total))
    expect(config().outstanding).toBe('0')
    await expectFailure(bc, claim('alice', 1), 'vest: nothing to claim yet')
  })

  it('pays the team allocation nothing before the 4-year cliff and everything at it', async () => {
    await add('team', 'bob', 500n * SPACE)
    expect(sched(1)).toMatchObject({ kind: '2', cliff_s: String(VEST_TEAM_CLIFF_S) })
    addSeconds(bc, VEST_TEAM_CLIFF_S - 1)
    await expectFailure(bc, claim('bob', 1), 'vest: nothing to claim yet')
    addSeconds(bc, 1)
    await claim('bob', 1)
    expect(balanceUnits(token, 'bob')).toBe(500n * SPACE)
  })

  it('pays liquidity at once', async () => {
    await add('liquidity', 'bob', 7n * SPACE)
    await claim('bob', 1)
    expect(balanceUnits(token, 'bob')).toBe(7n * SPACE)
  })

  it('releases developer grants by milestone (authority) and treasury by the DAO only', async () => {
    await add('devgrants', 'alice', 100n * SPACE)
    await add('treasury', 'bob', 100n * SPACE)
    await expectFailure(bc, claim('alice', 1), 'vest: nothing to claim yet')
    await expectFailure(
      bc,
      send(vest, 'release', { id: 1, quantity: space(40n * SPACE), memo: 'm1' }, 'alice'),
      `missing required authority ${AUTH}`,
    )
    await send(vest, 'release', { id: 1, quantity: space(40n * SPACE), memo: 'm1' }, AUTH)
    await claim('alice', 1)
    expect(balanceUnits(token, 'alice')).toBe(40n * SPACE)
    await expectFailure(
      bc,
      send(vest, 'release', { id: 1, quantity: space(60n * SPACE + 1n), memo: 'm2' }, AUTH),
      'vest: release exceeds the schedule',
    )
    await expectFailure(
      bc,
      send(vest, 'release', { id: 2, quantity: space(1n), memo: '' }, AUTH),
      `missing required authority ${ACCOUNT_DAO}`,
    )
    await send(vest, 'release', { id: 2, quantity: space(100n * SPACE), memo: 'vote 7' }, ACCOUNT_DAO)
    await claim('bob', 2)
    expect(balanceUnits(token, 'bob')).toBe(100n * SPACE)
  })

  it('rejects malformed schedules with clear messages and changes no table', async () => {
    const base = { allocation: 'team', beneficiary: 'alice', total: space(1n), start: 0, revocable: false, memo: '' }
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { ...base, allocation: 'founders' },
        AUTH,
        'vest: unknown allocation (providers, devgrants, treasury, team, liquidity)',
      ],
      [base, 'alice', `missing required authority ${AUTH}`],
      [{ ...base, allocation: 'treasury' }, AUTH, `missing required authority ${ACCOUNT_DAO}`],
      [{ ...base, beneficiary: 'nobody' }, AUTH, 'vest: beneficiary account does not exist'],
      [{ ...base, total: '1.000 SPACE' }, AUTH, 'vest: total must be SPACE with 4 decimals'],
      [{ ...base, total: space(0n) }, AUTH, 'vest: total must be positive'],
      [{ ...base, total: space(-1n) }, AUTH, 'vest: total must be positive'],
      [{ ...base, memo: 'm'.repeat(257) }, AUTH, 'vest: memo has more than 256 bytes'],
      [{ ...base, allocation: 'liquidity', revocable: true }, AUTH, 'vest: an immediate schedule cannot be revocable'],
      [{ ...base, total: space(FUND + 1n) }, AUTH, 'vest: not enough unpromised SPACE in spaceos.vest'],
    ]
    for (const [data, auth, msg] of cases) await expectFailure(bc, send(vest, 'addsched', data, auth), msg)
  })

  it('caps each allocation at its share of the max supply', async () => {
    const cap = (BigInt(SPACE_MAX_SUPPLY) * BigInt(ALLOC_LIQUIDITY_BPS)) / 10_000n
    await expectFailure(
      bc,
      send(
        vest,
        'addsched',
        { allocation: 'liquidity', beneficiary: 'alice', total: space(cap + 1n), start: 0, revocable: false, memo: '' },
        AUTH,
      ),
      'vest: allocation cap exceeded',
    )
    await add('liquidity', 'alice', 5n * SPACE)
    expect(normAll(rows(vest, 'allocs'))).toEqual([
      { allocation: 'liquidity', cap: String(cap), scheduled: String(5n * SPACE) },
    ])
  })

  it('promises no SPACE twice: a second schedule needs unpromised SPACE', async () => {
    await add('providers', 'alice', FUND - 1n)
    await expectFailure(bc, add('providers', 'bob', 2n), 'vest: not enough unpromised SPACE in spaceos.vest')
    await add('providers', 'bob', 1n)
    expect(config().outstanding).toBe(String(FUND))
  })

  it('revokes only revocable schedules: vested stays claimable, the rest returns to the allocation', async () => {
    await add('providers', 'alice', 3_000n * SPACE, true)
    await add('team', 'bob', 10n * SPACE, false)
    await expectFailure(bc, send(vest, 'revoke', { id: 2 }, AUTH), 'vest: schedule is not revocable')
    await expectFailure(bc, send(vest, 'revoke', { id: 1 }, 'alice'), `missing required authority ${AUTH}`)
    addSeconds(bc, VEST_PROVIDERS_LINEAR_S / 3)
    await send(vest, 'revoke', { id: 1 }, AUTH)
    expect(sched(1)).toMatchObject({ revoked: true, revoked_at: String(now(bc)), total: space(1_000n * SPACE) })
    expect(norm(rows(vest, 'allocs').find((a) => a.allocation === 'providers')).scheduled).toBe(String(1_000n * SPACE))
    expect(config().outstanding).toBe(String(1_000n * SPACE + 10n * SPACE))
    await expectFailure(bc, send(vest, 'revoke', { id: 1 }, AUTH), 'vest: schedule is already revoked')
    addSeconds(bc, VEST_PROVIDERS_LINEAR_S)
    await claim('alice', 1)
    expect(balanceUnits(token, 'alice')).toBe(1_000n * SPACE)
    await expectFailure(
      bc,
      send(vest, 'release', { id: 1, quantity: space(1n), memo: '' }, AUTH),
      'vest: only milestone schedules are released',
    )
  })

  it('rejects bad milestone releases, changing no table', async () => {
    await add('devgrants', 'alice', 100n * SPACE, true)
    await expectFailure(
      bc,
      send(vest, 'release', { id: 9, quantity: space(1n), memo: '' }, AUTH),
      'vest: schedule not found',
    )
    await expectFailure(
      bc,
      send(vest, 'release', { id: 1, quantity: '1.000 SPACE', memo: '' }, AUTH),
      'vest: quantity must be SPACE with 4 decimals',
    )
    await expectFailure(
      bc,
      send(vest, 'release', { id: 1, quantity: space(0n), memo: '' }, AUTH),
      'vest: quantity must be positive',
    )
    await expectFailure(
      bc,
      send(vest, 'release', { id: 1, quantity: space(1n), memo: 'm'.repeat(257) }, AUTH),
      'vest: memo has more than 256 bytes',
    )
    await send(vest, 'release', { id: 1, quantity: space(30n * SPACE), memo: 'm1' }, AUTH)
    await send(vest, 'revoke', { id: 1 }, AUTH)
    expect(sched(1)).toMatchObject({ revoked: true, total: space(30n * SPACE) })
    await expectFailure(
      bc,
      send(vest, 'release', { id: 1, quantity: space(1n), memo: '' }, AUTH),
      'vest: schedule is revoked',
    )
    await claim('alice', 1)
    expect(balanceUnits(token, 'alice')).toBe(30n * SPACE)
  })

  it('rejects claims by another account or of an unknown schedule', async () => {
    await add('liquidity', 'alice', 1n)
    await expectFailure(bc, claim('bob', 1), 'vest: schedule belongs to another beneficiary')
    await expectFailure(bc, claim('bob', 9), 'vest: schedule not found')
    await expectFailure(
      bc,
      send(vest, 'claim', { beneficiary: 'alice', id: 1 }, 'bob'),
      'missing required authority alice',
    )
  })

  it('stops claims while the DAO emergency pause is in force', async () => {
    const dao = deploy(bc, ACCOUNT_DAO)
    await send(token, 'transfer', { from: 'eosio', to: 'bob', quantity: space(100n * SPACE), memo: '' }, 'eosio')
    await add('liquidity', 'alice', 1n)
    await send(dao, 'proppause', { proposer: 'bob', title: 'halt' }, 'bob')
    await send(dao, 'vote', { voter: 'bob', proposal: 1, choice: 1 }, 'bob')
    await send(dao, 'tally', { proposal: 1 }, 'bob')
    expect(norm(rows(dao, 'state')[0]).paused).toBe(true)
    await expectFailure(bc, claim('alice', 1), 'vest: network is paused by a DAO emergency vote')
  })
})
