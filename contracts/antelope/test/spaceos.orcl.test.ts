/**
 * spaceos.orcl — oracle network (white paper §14): stake by transfer (ORACLE_MIN_STAKE), proof rounds of the four
 * proof types, stake-weighted median with the 51 % honest threshold, 24 h dispute window resolved by the DAO account,
 * 50 % slashing of bad data, and the witness inline action spaceos.prov::slashproof.
 */
import { Name, UInt64 } from '@greymass/eosio'
import type { Account, Blockchain } from '@proton/vert'
import {
  ACCOUNT_DAO,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_TREASURY,
  BAD_PROOF_SLASH_BPS,
  ORACLE_APY_BPS,
  ORACLE_DISPUTE_WINDOW_S,
  ORACLE_MIN_STAKE,
  ORACLE_SLASH_BPS,
  SECONDS_PER_YEAR,
} from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { genesisToken, space } from './fixtures.ts'
import { balanceUnits, norm, normAll } from './spaceos.gov.helpers.ts'
import { addSeconds, createChain, deploy, expectFailure, now, rows, send } from './vert.ts'

let bc: Blockchain
let token: Account
let orcl: Account
let prov: Account

const MIN = BigInt(ORACLE_MIN_STAKE)
const HASH = 'ab'.repeat(32)
const ORACLES = ['oracle1', 'oracle2', 'oracle3', 'oracle4']

function stakeTx(from: string, units: bigint, memo = 'stake') {
  return send(token, 'transfer', { from, to: ACCOUNT_ORACLE, quantity: space(units), memo }, from)
}

function oracle(name: string): Record<string, unknown> {
  return norm(rows(orcl, 'oracles').find((r) => r.account === name))
}

function round(id: number): Record<string, unknown> {
  return norm(rows(orcl, 'rounds').find((r) => String(r.id) === String(id)))
}

async function open(opener: string, proof_type: number, subject: string, claim?: number, ref = 'gpu0'): Promise<void> {
  await send(
    orcl,
    'openround',
    { opener, proof_type, subject, has_claim: claim !== undefined, claimed: claim ?? 0, ref },
    opener,
  )
}

async function submit(o: string, id: number, value: number): Promise<void> {
  await send(orcl, 'submit', { oracle: o, round: id, value, data_hash: HASH }, o)
}

beforeEach(async () => {
  bc = createChain()
  bc.createAccounts('anyone', 'provider1', ACCOUNT_DAO, ACCOUNT_TREASURY, ...ORACLES)
  token = await genesisToken(bc)
  orcl = deploy(bc, ACCOUNT_ORACLE)
  prov = deploy(bc, ACCOUNT_PROVIDERS)
  for (const o of [...ORACLES, 'provider1'])
    await send(token, 'transfer', { from: 'eosio', to: o, quantity: space(100n * MIN), memo: '' }, 'eosio')
})

describe('spaceos.orcl staking by transfer', () => {
  it('adds a transfer with memo "stake" to the sender oracle stake', async () => {
    await stakeTx('oracle1', MIN)
    await stakeTx('oracle1', 5n)
    expect(oracle('oracle1')).toEqual({
      account: 'oracle1',
      stake: space(MIN + 5n),
      unstaking: space(0),
      unstake_at: '0',
      slashed: space(0),
      reports: '0',
      reward: space(0),
      accrued_at: String(now(bc)),
    })
    expect(balanceUnits(token, ACCOUNT_ORACLE)).toBe(MIN + 5n)
  })

  it('rejects a transfer without the stake memo, a foreign token and a foreign token contract, changing no table', async () => {
    await expectFailure(
      bc,
      stakeTx('oracle1', MIN, 'hello'),
      'orcl: transfers to spaceos.orcl need the memo "stake" or "pool"',
    )
    await send(token, 'create', { issuer: 'eosio', maximum_supply: '1000.0000 FAKE' }, 'eosio.token')
    await send(token, 'issue', { to: 'eosio', quantity: '10.0000 FAKE', memo: '' }, 'eosio')
    await expectFailure(
      bc,
      send(token, 'transfer', { from: 'eosio', to: ACCOUNT_ORACLE, quantity: '1.0000 FAKE', memo: 'stake' }, 'eosio'),
      'orcl: only SPACE can be staked',
    )
    const fake = deploy(bc, 'eosio.token', 'faketoken')
    await send(fake, 'create', { issuer: 'anyone', maximum_supply: space(1_000n * MIN) }, 'faketoken')
    await send(fake, 'issue', { to: 'anyone', quantity: space(MIN), memo: '' }, 'anyone')
    await expectFailure(
      bc,
      send(fake, 'transfer', { from: 'anyone', to: ACCOUNT_ORACLE, quantity: space(MIN), memo: 'stake' }, 'anyone'),
      'orcl: only SPACE from eosio.token can be staked',
    )
  })

  it('refunds unstaked SPACE only after the 24 h dispute window', async () => {
    await stakeTx('oracle1', 2n * MIN)
    const before = balanceUnits(token, 'oracle1')
    await expectFailure(
      bc,
      send(orcl, 'unstake', { oracle: 'oracle1', quantity: space(2n * MIN + 1n) }, 'oracle1'),
      'orcl: unstake exceeds the stake',
    )
    await expectFailure(
      bc,
      send(orcl, 'unstake', { oracle: 'oracle1', quantity: space(0) }, 'oracle1'),
      'orcl: quantity must be positive',
    )
    await expectFailure(
      bc,
      send(orcl, 'unstake', { oracle: 'oracle1', quantity: '1.000 SPACE' }, 'oracle1'),
      'orcl: quantity must be SPACE with 4 decimals',
    )
    await expectFailure(
      bc,
      send(orcl, 'unstake', { oracle: 'oracle2', quantity: space(1) }, 'oracle2'),
      'orcl: not an oracle: stake SPACE with memo "stake" first',
    )
    await expectFailure(
      bc,
      send(orcl, 'unstake', { oracle: 'oracle1', quantity: space(1) }, 'oracle2'),
      'missing required authority oracle1',
    )
    await expectFailure(bc, send(orcl, 'refund', { oracle: 'oracle1' }, 'oracle1'), 'orcl: nothing is unstaking')
    await send(orcl, 'unstake', { oracle: 'oracle1', quantity: space(MIN) }, 'oracle1')
    expect(oracle('oracle1')).toMatchObject({
      stake: space(MIN),
      unstaking: space(MIN),
      unstake_at: String(now(bc) + ORACLE_DISPUTE_WINDOW_S),
    })
    addSeconds(bc, ORACLE_DISPUTE_WINDOW_S - 1)
    await expectFailure(
      bc,
      send(orcl, 'refund', { oracle: 'oracle1' }, 'oracle1'),
      'orcl: dispute window of the unstake has not passed',
    )
    addSeconds(bc, 1)
    await send(orcl, 'refund', { oracle: 'oracle1' }, 'oracle1')
    expect(balanceUnits(token, 'oracle1')).toBe(before + MIN)
    expect(oracle('oracle1').unstaking).toBe(space(0))
  })
})

describe('spaceos.orcl rewards (ORACLE_APY_BPS)', () => {
  it('accrues the APY on the stake pro rata and pays it from the reward pool as far as the pool allows', async () => {
    await stakeTx('oracle1', 10n * MIN)
    await expectFailure(
      bc,
      send(orcl, 'claimrwd', { oracle: 'oracle1' }, 'oracle1'),
      'orcl: no reward to pay (nothing accrued or the reward pool is empty)',
    )
    addSeconds(bc, SECONDS_PER_YEAR)
    const yearly = (10n * MIN * BigInt(ORACLE_APY_BPS)) / 10_000n // 5 % of 10,000 SPACE = 500 SPACE
    await expectFailure(
      bc,
      send(orcl, 'claimrwd', { oracle: 'oracle1' }, 'oracle1'),
      'orcl: no reward to pay (nothing accrued or the reward pool is empty)',
    )
    await send(
      token,
      'transfer',
      { from: 'eosio', to: ACCOUNT_ORACLE, quantity: space(yearly / 2n), memo: 'pool' },
      'eosio',
    )
    expect(norm(rows(orcl, 'config')[0]).pool).toBe(String(yearly / 2n))
    const before = balanceUnits(token, 'oracle1')
    await send(orcl, 'claimrwd', { oracle: 'oracle1' }, 'oracle1')
    expect(balanceUnits(token, 'oracle1')).toBe(before + yearly / 2n)
    expect(oracle('oracle1')).toMatchObject({ reward: space(yearly / 2n), accrued_at: String(now(bc)) })
    await send(token, 'transfer', { from: 'eosio', to: ACCOUNT_ORACLE, quantity: space(yearly), memo: 'pool' }, 'eosio')
    await send(orcl, 'claimrwd', { oracle: 'oracle1' }, 'oracle1')
    expect(balanceUnits(token, 'oracle1')).toBe(before + yearly)
    expect(norm(rows(orcl, 'config')[0]).pool).toBe(String(yearly / 2n))
    await expectFailure(
      bc,
      send(orcl, 'claimrwd', { oracle: 'oracle1' }, 'oracle2'),
      'missing required authority oracle1',
    )
  })

  it('accrues on the stake held before each change (stake top-up, unstake)', async () => {
    await stakeTx('oracle1', 10n * MIN)
    addSeconds(bc, SECONDS_PER_YEAR / 2)
    await stakeTx('oracle1', 10n * MIN) // half a year on 10 × MIN
    addSeconds(bc, SECONDS_PER_YEAR / 2)
    await send(orcl, 'unstake', { oracle: 'oracle1', quantity: space(20n * MIN) }, 'oracle1') // half a year on 20 × MIN
    const apy = BigInt(ORACLE_APY_BPS)
    expect(oracle('oracle1').reward).toBe(space((10n * MIN * apy) / 20_000n + (20n * MIN * apy) / 20_000n))
  })
})

describe('spaceos.orcl setparam (DAO)', () => {
  it('sets ORACLE_MIN_STAKE on the DAO authority only', async () => {
    await expectFailure(
      bc,
      send(orcl, 'setparam', { key: 'ORACLE_MIN_STAKE', value: 1 }, 'anyone'),
      `missing required authority ${ACCOUNT_DAO}`,
    )
    await expectFailure(
      bc,
      send(orcl, 'setparam', { key: 'EPOCH_LENGTH_S', value: 1 }, ACCOUNT_DAO),
      'orcl: unknown parameter key',
    )
    await expectFailure(
      bc,
      send(orcl, 'setparam', { key: 'ORACLE_MIN_STAKE', value: 0 }, ACCOUNT_DAO),
      'orcl: ORACLE_MIN_STAKE must be positive',
    )
    await stakeTx('oracle1', MIN)
    await send(orcl, 'setparam', { key: 'ORACLE_MIN_STAKE', value: String(2n * MIN) }, ACCOUNT_DAO)
    expect(norm(rows(orcl, 'config')[0])).toEqual({ min_stake: String(2n * MIN), next_round: '1', pool: '0' })
    await expectFailure(bc, open('oracle1', 3, 'spaceusd'), 'orcl: oracle stake is below the minimum')
  })
})

describe('spaceos.orcl proof rounds', () => {
  beforeEach(async () => {
    // stakes 10, 20, 30, 40 × MIN: total 100 × MIN
    for (const [i, o] of ORACLES.entries()) await stakeTx(o, BigInt(i + 1) * 10n * MIN)
  })

  it('opens rounds for the four proof types and validates them, changing no table on failure', async () => {
    await open('oracle1', 0, 'provider1', 24_576)
    await open('oracle1', 1, 'provider1', 9_900)
    await open('oracle1', 2, 'provider1', 1, 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi')
    await open('oracle1', 3, 'spaceusd')
    expect(normAll(rows(orcl, 'rounds')).map((r) => [r.id, r.proof_type, r.subject, r.has_claim, r.claimed])).toEqual([
      ['1', '0', 'provider1', true, '24576'],
      ['2', '1', 'provider1', true, '9900'],
      ['3', '2', 'provider1', true, '1'],
      ['4', '3', 'spaceusd', false, '0'],
    ])
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { opener: 'anyone', proof_type: 3, subject: 'x', has_claim: false, claimed: 0, ref: '' },
        'anyone',
        'orcl: not an oracle: stake SPACE with memo "stake" first',
      ],
      [
        { opener: 'oracle1', proof_type: 4, subject: 'x', has_claim: false, claimed: 0, ref: '' },
        'oracle1',
        'orcl: proof_type must be 0 (hardware), 1 (uptime), 2 (pin) or 3 (pricing)',
      ],
      [
        { opener: 'oracle1', proof_type: 3, subject: '', has_claim: false, claimed: 0, ref: '' },
        'oracle1',
        'orcl: subject must not be empty',
      ],
      [
        { opener: 'oracle1', proof_type: 3, subject: 'x', has_claim: false, claimed: 0, ref: 'r'.repeat(129) },
        'oracle1',
        'orcl: ref has more than 128 bytes',
      ],
      [
        { opener: 'oracle1', proof_type: 3, subject: 'x', has_claim: true, claimed: 5, ref: '' },
        'oracle1',
        'orcl: pricing rounds carry no provider claim',
      ],
      [
        { opener: 'oracle1', proof_type: 0, subject: 'nobody', has_claim: true, claimed: 5, ref: '' },
        'oracle1',
        'orcl: subject provider account does not exist',
      ],
      [
        { opener: 'oracle1', proof_type: 0, subject: 'provider1', has_claim: false, claimed: 5, ref: '' },
        'oracle1',
        'orcl: claimed must be 0 without a claim',
      ],
      [
        { opener: 'oracle1', proof_type: 3, subject: 'x', has_claim: false, claimed: 0, ref: '' },
        'oracle2',
        'missing required authority oracle1',
      ],
    ]
    for (const [data, auth, msg] of cases) await expectFailure(bc, send(orcl, 'openround', data, auth), msg)
  })

  it('accepts one report per active oracle while the round is open', async () => {
    await open('oracle1', 3, 'spaceusd')
    await submit('oracle1', 1, 100)
    expect(normAll(rows(orcl, 'reports', Name.from(UInt64.from(1)).toString()))).toEqual([
      { oracle: 'oracle1', value: '100', data_hash: HASH, time: String(now(bc)) },
    ])
    await expectFailure(
      bc,
      send(orcl, 'submit', { oracle: 'oracle1', round: 1, value: 101, data_hash: HASH }, 'oracle1'),
      'orcl: oracle already reported in this round',
    )
    await expectFailure(
      bc,
      send(orcl, 'submit', { oracle: 'anyone', round: 1, value: 1, data_hash: HASH }, 'anyone'),
      'orcl: not an oracle: stake SPACE with memo "stake" first',
    )
    await expectFailure(
      bc,
      send(orcl, 'submit', { oracle: 'oracle2', round: 9, value: 1, data_hash: HASH }, 'oracle2'),
      'orcl: round not found',
    )
    expect(oracle('oracle1').reports).toBe('1')
  })

  it('does not finalize below 51 % of the active stake reporting, changing no table', async () => {
    await open('oracle1', 3, 'spaceusd')
    await submit('oracle1', 1, 100) // 10
    await submit('oracle4', 1, 100) // 40 → 50 % of 100
    await expectFailure(
      bc,
      send(orcl, 'finalize', { round: 1 }, 'anyone'),
      'orcl: reporting stake is below the honest threshold of all active stake',
    )
    await submit('oracle2', 1, 100) // 70 %
    await send(orcl, 'finalize', { round: 1 }, 'anyone')
    expect(round(1)).toMatchObject({
      status: '1',
      value: '100',
      total_stake: String(100n * MIN),
      reporting_stake: String(70n * MIN),
      agreeing_stake: String(70n * MIN),
      dispute_until: String(now(bc) + ORACLE_DISPUTE_WINDOW_S),
    })
    await expectFailure(bc, send(orcl, 'finalize', { round: 1 }, 'anyone'), 'orcl: round is not open')
    await expectFailure(
      bc,
      send(orcl, 'submit', { oracle: 'oracle3', round: 1, value: 1, data_hash: HASH }, 'oracle3'),
      'orcl: round is not open',
    )
  })

  it('takes the stake-weighted median, and settles after 24 h by slashing 50 % of the bad reporter to the treasury', async () => {
    await open('oracle1', 3, 'spaceusd')
    await submit('oracle1', 1, 500) // 10: bad data
    await submit('oracle2', 1, 101) // 20: within 1 %
    await submit('oracle3', 1, 100) // 30
    await submit('oracle4', 1, 100) // 40
    await send(orcl, 'finalize', { round: 1 }, 'anyone')
    expect(round(1)).toMatchObject({
      value: '100',
      reporting_stake: String(100n * MIN),
      agreeing_stake: String(90n * MIN),
    })
    await expectFailure(bc, send(orcl, 'settle', { round: 1 }, 'anyone'), 'orcl: dispute window has not closed')
    addSeconds(bc, ORACLE_DISPUTE_WINDOW_S)
    await send(orcl, 'settle', { round: 1 }, 'anyone')
    const slash = (10n * MIN * BigInt(ORACLE_SLASH_BPS)) / 10_000n
    expect(oracle('oracle1')).toMatchObject({ stake: space(10n * MIN - slash), slashed: space(slash) })
    expect(oracle('oracle2').slashed).toBe(space(0))
    expect(round(1)).toMatchObject({ status: '3', slashed: space(slash), provider_slashed: false })
    expect(balanceUnits(token, ACCOUNT_TREASURY)).toBe(slash)
    await expectFailure(bc, send(orcl, 'settle', { round: 1 }, 'anyone'), 'orcl: round is not final')
  })

  it('records NO_CONSENSUS when the reports near the median carry less than 51 % of the reporting stake', async () => {
    await open('oracle1', 3, 'spaceusd')
    await submit('oracle1', 1, 100) // 10
    await submit('oracle2', 1, 200) // 20
    await submit('oracle3', 1, 300) // 30
    await submit('oracle4', 1, 400) // 40 — weighted median 300, agreeing 30 %
    await send(orcl, 'finalize', { round: 1 }, 'anyone')
    expect(round(1)).toMatchObject({ status: '4', value: '300', agreeing_stake: String(30n * MIN) })
    await expectFailure(bc, send(orcl, 'settle', { round: 1 }, 'anyone'), 'orcl: round is not final')
  })

  it('lets an oracle or the subject dispute inside 24 h; the DAO resolves it', async () => {
    await open('oracle1', 1, 'provider1', 9_900)
    for (const o of ORACLES) await submit(o, 1, 9_000)
    await send(orcl, 'finalize', { round: 1 }, 'anyone')
    await expectFailure(
      bc,
      send(orcl, 'dispute', { disputer: 'anyone', round: 1, reason: 'wrong' }, 'anyone'),
      'orcl: not an oracle: stake SPACE with memo "stake" first',
    )
    await expectFailure(
      bc,
      send(orcl, 'dispute', { disputer: 'provider1', round: 1, reason: '' }, 'provider1'),
      'orcl: reason must be 1 to 256 bytes',
    )
    await send(orcl, 'dispute', { disputer: 'provider1', round: 1, reason: 'my heartbeats were fine' }, 'provider1')
    expect(round(1)).toMatchObject({ status: '2', disputer: 'provider1' })
    await expectFailure(bc, send(orcl, 'settle', { round: 1 }, 'anyone'), 'orcl: round is not final')
    await expectFailure(
      bc,
      send(orcl, 'resolve', { round: 1, uphold: false, value: 9_900 }, 'anyone'),
      `missing required authority ${ACCOUNT_DAO}`,
    )
    await expectFailure(
      bc,
      send(orcl, 'resolve', { round: 1, uphold: true, value: 1 }, ACCOUNT_DAO),
      'orcl: an upheld round keeps its value',
    )
    await send(orcl, 'resolve', { round: 1, uphold: false, value: 9_900 }, ACCOUNT_DAO)
    expect(round(1)).toMatchObject({
      status: '1',
      value: '9900',
      resolved_by_dao: true,
      dispute_until: String(now(bc)),
    })
    await expectFailure(
      bc,
      send(orcl, 'dispute', { disputer: 'oracle1', round: 1, reason: 'again' }, 'oracle1'),
      'orcl: round is not disputable',
    )
    await expectFailure(
      bc,
      send(orcl, 'resolve', { round: 1, uphold: true, value: 9_900 }, ACCOUNT_DAO),
      'orcl: round is not disputed',
    )
    // the DAO's value stands: every oracle reported 9,000 (>1 % off) and is slashed; the provider's claim holds
    await send(orcl, 'settle', { round: 1 }, 'anyone')
    expect(round(1)).toMatchObject({ status: '3', provider_slashed: false })
    expect(balanceUnits(token, ACCOUNT_TREASURY)).toBe((100n * MIN * BigInt(ORACLE_SLASH_BPS)) / 10_000n)
  })

  it('rejects a dispute after the 24 h window', async () => {
    await open('oracle1', 3, 'spaceusd')
    for (const o of ORACLES) await submit(o, 1, 7)
    await send(orcl, 'finalize', { round: 1 }, 'anyone')
    addSeconds(bc, ORACLE_DISPUTE_WINDOW_S)
    await expectFailure(
      bc,
      send(orcl, 'dispute', { disputer: 'oracle1', round: 1, reason: 'late' }, 'oracle1'),
      'orcl: dispute window has closed',
    )
  })

  it('witnesses a bad provider proof: settle sends spaceos.prov::slashproof, which slashes 50 % of the wallet stake', async () => {
    await send(prov, 'regprovider', { owner: 'provider1' }, 'provider1')
    await send(
      token,
      'transfer',
      { from: 'provider1', to: ACCOUNT_PROVIDERS, quantity: space(10n * MIN), memo: 'stake' },
      'provider1',
    )
    await open('oracle2', 0, 'provider1', 81_920, 'gpu0') // claims 80 GB VRAM
    for (const o of ORACLES) await submit(o, 1, 24_576) // oracles measure 24 GB
    await send(orcl, 'finalize', { round: 1 }, 'anyone')
    addSeconds(bc, ORACLE_DISPUTE_WINDOW_S)
    await send(orcl, 'settle', { round: 1 }, 'anyone')
    expect(round(1)).toMatchObject({ status: '3', provider_slashed: true, slashed: space(0) })
    const provRow = norm(rows(prov, 'providers').find((r) => r.owner === 'provider1'))
    const slashed = (10n * MIN * BigInt(BAD_PROOF_SLASH_BPS)) / 10_000n
    expect(provRow.slashed).toBe(space(slashed))
    expect(balanceUnits(token, ACCOUNT_TREASURY)).toBe(slashed)
    const verdict = normAll(rows(prov, 'verdicts')).find((v) => v.proof_id === '1')
    expect(verdict?.reason).toBe('orcl round 1: claimed 81920, oracles found 24576')
  })
})

describe('spaceos.orcl during a DAO emergency pause', () => {
  it('refuses new stake, refunds and reward claims, changing no table', async () => {
    await stakeTx('oracle1', 2n * MIN)
    await send(orcl, 'unstake', { oracle: 'oracle1', quantity: space(MIN) }, 'oracle1')
    const dao = deploy(bc, ACCOUNT_DAO)
    await send(dao, 'proppause', { proposer: 'oracle2', title: 'halt' }, 'oracle2')
    await send(dao, 'vote', { voter: 'oracle2', proposal: 1, choice: 1 }, 'oracle2')
    await send(dao, 'tally', { proposal: 1 }, 'oracle2')
    addSeconds(bc, ORACLE_DISPUTE_WINDOW_S)
    const paused = 'orcl: network is paused by a DAO emergency vote'
    await expectFailure(bc, stakeTx('oracle1', MIN), paused)
    await expectFailure(bc, send(orcl, 'refund', { oracle: 'oracle1' }, 'oracle1'), paused)
    await expectFailure(bc, send(orcl, 'claimrwd', { oracle: 'oracle1' }, 'oracle1'), paused)
  })
})
