/**
 * spaceos.emit — inflation budget bookkeeping (white paper §9.2): INFLATION_BPS_PER_YEAR of supply per year, pro rata,
 * never past SPACE_MAX_SUPPLY; records spaceos.prov's mints; never burns fees (they are burned once on the EVM).
 */
import type { Account, Blockchain } from '@proton/vert'
import {
  ACCOUNT_EMISSION,
  ACCOUNT_PROVIDERS,
  INFLATION_BPS_PER_YEAR,
  SECONDS_PER_YEAR,
  SPACE_INITIAL_ISSUE,
} from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { genesisToken, space } from './fixtures.ts'
import { norm, normAll, supplyUnits } from './spaceos.gov.helpers.ts'
import { addSeconds, createChain, deploy, expectFailure, grantCode, now, rows, send } from './vert.ts'

let bc: Blockchain
let token: Account
let emit: Account

/** What a minter does: issue (as eosio, via eosio.code) to itself, then record the mint inline — here as two actions. */
async function mint(units: bigint | number, memo = 'epoch'): Promise<void> {
  await send(token, 'issue', { to: 'eosio', quantity: space(units), memo }, 'eosio')
  await send(emit, 'recordmint', { minter: ACCOUNT_PROVIDERS, quantity: space(units), memo }, ACCOUNT_PROVIDERS)
}

function budget(): Record<string, unknown> {
  return norm(rows(emit, 'budget')[0])
}

/** Budget available to mint now (as of the last accrual). */
function available(): bigint {
  const b = budget()
  return BigInt(String(b.closed_total)) + BigInt(String(b.year_target)) - BigInt(String(b.minted_total))
}

/** Exact pro-rata budget on `supply` over `seconds`, rounded down. */
function expected(supply: bigint, seconds: number): bigint {
  return (supply * BigInt(INFLATION_BPS_PER_YEAR) * BigInt(seconds)) / (10_000n * BigInt(SECONDS_PER_YEAR))
}

beforeEach(async () => {
  bc = createChain()
  bc.createAccounts('alice', ACCOUNT_PROVIDERS)
  token = await genesisToken(bc)
  emit = deploy(bc, ACCOUNT_EMISSION)
  grantCode(bc, 'eosio', ACCOUNT_PROVIDERS)
})

describe('spaceos.emit init', () => {
  it('starts the inflation clock on the current supply', async () => {
    await send(emit, 'init', {}, ACCOUNT_EMISSION)
    expect(budget()).toEqual({
      started: true,
      genesis: String(now(bc)),
      year_start: String(now(bc)),
      year_base: String(SPACE_INITIAL_ISSUE),
      year_target: '0',
      closed_total: '0',
      minted_total: '0',
      last_accrual: String(now(bc)),
    })
  })

  it('rejects a second init and changes no table', async () => {
    await send(emit, 'init', {}, ACCOUNT_EMISSION)
    await expectFailure(bc, send(emit, 'init', {}, ACCOUNT_EMISSION), 'emit: already initialised')
  })

  it('rejects init without the contract authority', async () => {
    await expectFailure(bc, send(emit, 'init', {}, 'alice'), `missing required authority ${ACCOUNT_EMISSION}`)
  })
})

describe('spaceos.emit minters', () => {
  it('registers and removes a minter (contract authority only)', async () => {
    await expectFailure(
      bc,
      send(emit, 'addminter', { account: ACCOUNT_PROVIDERS }, 'alice'),
      `missing required authority ${ACCOUNT_EMISSION}`,
    )
    await send(emit, 'addminter', { account: ACCOUNT_PROVIDERS }, ACCOUNT_EMISSION)
    expect(normAll(rows(emit, 'minters'))).toEqual([{ account: ACCOUNT_PROVIDERS, minted: '0', mints: '0' }])
    await expectFailure(
      bc,
      send(emit, 'addminter', { account: ACCOUNT_PROVIDERS }, ACCOUNT_EMISSION),
      'emit: minter already registered',
    )
    await expectFailure(
      bc,
      send(emit, 'addminter', { account: 'nobody' }, ACCOUNT_EMISSION),
      'emit: minter account does not exist',
    )
    await expectFailure(
      bc,
      send(emit, 'rmminter', { account: ACCOUNT_PROVIDERS }, 'alice'),
      `missing required authority ${ACCOUNT_EMISSION}`,
    )
    await send(emit, 'rmminter', { account: ACCOUNT_PROVIDERS }, ACCOUNT_EMISSION)
    expect(normAll(rows(emit, 'minters'))).toEqual([])
    await expectFailure(
      bc,
      send(emit, 'rmminter', { account: ACCOUNT_PROVIDERS }, ACCOUNT_EMISSION),
      'emit: minter not registered',
    )
  })
})

describe('spaceos.emit recordmint', () => {
  beforeEach(async () => {
    await send(emit, 'init', {}, ACCOUNT_EMISSION)
    await send(emit, 'addminter', { account: ACCOUNT_PROVIDERS }, ACCOUNT_EMISSION)
  })

  it('accepts a mint up to the accrued pro-rata budget and records it', async () => {
    addSeconds(bc, 86_400)
    const allowed = expected(BigInt(SPACE_INITIAL_ISSUE), 86_400)
    expect(allowed).toBe(54_794_520n) // 100,000,000 SPACE × 2 % / 365 = 5,479.4520 SPACE
    await mint(allowed, 'day 1')
    expect(budget()).toMatchObject({ year_target: String(allowed), minted_total: String(allowed) })
    expect(available()).toBe(0n)
    expect(normAll(rows(emit, 'minters'))).toEqual([
      { account: ACCOUNT_PROVIDERS, minted: String(allowed), mints: '1' },
    ])
    expect(normAll(rows(emit, 'mints'))).toEqual([
      {
        id: '0',
        minter: ACCOUNT_PROVIDERS,
        quantity: space(allowed),
        time: String(now(bc)),
        supply_after: String(BigInt(SPACE_INITIAL_ISSUE) + allowed),
        memo: 'day 1',
      },
    ])
  })

  it('rejects a mint one unit over the accrued budget and changes no table', async () => {
    addSeconds(bc, 86_400)
    const allowed = expected(BigInt(SPACE_INITIAL_ISSUE), 86_400)
    await send(token, 'issue', { to: 'eosio', quantity: space(allowed + 1n), memo: '' }, 'eosio')
    await expectFailure(
      bc,
      send(
        emit,
        'recordmint',
        { minter: ACCOUNT_PROVIDERS, quantity: space(allowed + 1n), memo: '' },
        ACCOUNT_PROVIDERS,
      ),
      'emit: mint exceeds the inflation budget accrued so far',
    )
  })

  it('carries an unminted budget over to later mints', async () => {
    addSeconds(bc, 86_400)
    await mint(1_0000n)
    addSeconds(bc, 86_400)
    const twoDays = expected(BigInt(SPACE_INITIAL_ISSUE), 2 * 86_400)
    const day = expected(BigInt(SPACE_INITIAL_ISSUE), 86_400)
    expect(twoDays - 1_0000n).toBeGreaterThan(day) // more than one day's budget: the rest of day 1 carried over
    await mint(twoDays - 1_0000n)
    expect(available()).toBe(0n)
  })

  it('rejects malformed input with clear messages and changes no table', async () => {
    addSeconds(bc, 86_400)
    const cases: [Record<string, unknown>, string, string][] = [
      [{ minter: 'alice', quantity: space(1), memo: '' }, 'alice', 'emit: minter not registered'],
      [
        { minter: ACCOUNT_PROVIDERS, quantity: '1.000 SPACE', memo: '' },
        ACCOUNT_PROVIDERS,
        'emit: quantity must be SPACE with 4 decimals',
      ],
      [
        { minter: ACCOUNT_PROVIDERS, quantity: '1.0000 OTHER', memo: '' },
        ACCOUNT_PROVIDERS,
        'emit: quantity must be SPACE with 4 decimals',
      ],
      [
        { minter: ACCOUNT_PROVIDERS, quantity: '461168601842738.7904 SPACE', memo: '' },
        ACCOUNT_PROVIDERS,
        'invalid asset' /* rejected by proton-tsc's action-data unpacker before the contract's own check */,
      ],
      [
        { minter: ACCOUNT_PROVIDERS, quantity: space(0), memo: '' },
        ACCOUNT_PROVIDERS,
        'emit: quantity must be positive',
      ],
      [
        { minter: ACCOUNT_PROVIDERS, quantity: space(-5), memo: '' },
        ACCOUNT_PROVIDERS,
        'emit: quantity must be positive',
      ],
      [
        { minter: ACCOUNT_PROVIDERS, quantity: space(1), memo: 'x'.repeat(257) },
        ACCOUNT_PROVIDERS,
        'emit: memo has more than 256 bytes',
      ],
    ]
    for (const [data, auth, message] of cases) await expectFailure(bc, send(emit, 'recordmint', data, auth), message)
    await expectFailure(
      bc,
      send(emit, 'recordmint', { minter: ACCOUNT_PROVIDERS, quantity: space(1), memo: '' }, 'alice'),
      `missing required authority ${ACCOUNT_PROVIDERS}`,
    )
  })

  it('refuses mints from a minter once it is removed', async () => {
    addSeconds(bc, 86_400)
    await send(emit, 'rmminter', { account: ACCOUNT_PROVIDERS }, ACCOUNT_EMISSION)
    await expectFailure(
      bc,
      send(emit, 'recordmint', { minter: ACCOUNT_PROVIDERS, quantity: space(1), memo: '' }, ACCOUNT_PROVIDERS),
      'emit: minter not registered',
    )
  })

  it('has no burn action: fees are burned once on the EVM by InferenceSettlement', () => {
    const actions = Object.keys(emit.actions)
    expect(actions.some((a) => /burn|retire/.test(a))).toBe(false)
  })

  it('keeps a full year of daily minting within INFLATION_BPS_PER_YEAR of the year-start supply', async () => {
    const start = supplyUnits(token)
    let minted = 0n
    for (let day = 1; day <= 365; day++) {
      addSeconds(bc, 86_400)
      await send(emit, 'accrue', {}, 'alice')
      const due = available()
      if (due > 0n) {
        await mint(due)
        minted += due
      }
      // one unit more than accrued never goes through
      if (day % 73 === 0) {
        await send(token, 'issue', { to: 'eosio', quantity: space(1), memo: '' }, 'eosio')
        await expect(
          send(emit, 'recordmint', { minter: ACCOUNT_PROVIDERS, quantity: space(1), memo: '' }, ACCOUNT_PROVIDERS),
        ).rejects.toThrow('emit: mint exceeds the inflation budget accrued so far')
        await send(token, 'retire', { quantity: space(1), memo: '' }, 'eosio')
      }
    }
    const cap = (start * BigInt(INFLATION_BPS_PER_YEAR)) / 10_000n
    // cumulative rounding within the year: exactly the year's 2 %, not a unit more or less
    expect(minted).toBe(cap)
    expect(supplyUnits(token)).toBe(start + cap)
    // inflation year 1 starts on the compounded base
    expect(budget()).toMatchObject({ year_base: String(start + cap), year_target: '0', closed_total: String(cap) })
  })
})

describe('spaceos.emit before init', () => {
  it('rejects recordmint and accrue before init', async () => {
    await send(emit, 'addminter', { account: ACCOUNT_PROVIDERS }, ACCOUNT_EMISSION)
    await expectFailure(
      bc,
      send(emit, 'recordmint', { minter: ACCOUNT_PROVIDERS, quantity: space(1), memo: '' }, ACCOUNT_PROVIDERS),
      'emit: not initialised',
    )
    await expectFailure(bc, send(emit, 'accrue', {}, 'alice'), 'emit: not initialised')
  })
})
