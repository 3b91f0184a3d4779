import {
  ACCOUNT_EMISSION,
  ACCOUNT_PROVIDERS,
  ACCOUNT_REWARDS,
  EPOCH_LENGTH_S,
  SPACE_INITIAL_ISSUE,
} from '@spaceos/generated/parameters'
import { describe, expect, it } from 'vitest'
import { units } from './fixtures.ts'
import { provChain } from './spaceos.prov.helpers.ts'
import { balance, deploy, now, rows, send, setTime, stat } from './vert.ts'

describe('spaceos.prov gpuminflate with spaceos.emit bookkeeping [NP-PROV-023]', () => {
  it('records every mint with spaceos.emit, which accepts a year of daily mints within its budget', async () => {
    const c = await provChain()
    const emit = deploy(c.bc, ACCOUNT_EMISSION)
    await send(emit, 'init', {}, ACCOUNT_EMISSION)
    await send(emit, 'addminter', { account: ACCOUNT_PROVIDERS }, ACCOUNT_EMISSION)
    await send(c.prov, 'gpuminflate', {}, 'carol')
    const start = now(c.bc)
    for (let d = 1; d <= 365; d += 7) {
      setTime(c.bc, start + d * EPOCH_LENGTH_S)
      await send(c.prov, 'gpuminflate', {}, 'carol')
    }
    const minted = units(balance(c.token, ACCOUNT_REWARDS) ?? '0.0000 SPACE')
    expect(minted).toBeGreaterThan(0n)
    expect(units(String(stat(c.token)?.supply))).toBe(
      units(String(rows(c.prov, 'state')[0]?.minted_total)) + BigInt(SPACE_INITIAL_ISSUE),
    )
    const minter = rows(emit, 'minters').find((r) => r.account === ACCOUNT_PROVIDERS)
    expect(BigInt(String(minter?.minted))).toBe(minted)
    expect(rows(emit, 'mints')).toHaveLength(Math.ceil(365 / 7))
  })
})
