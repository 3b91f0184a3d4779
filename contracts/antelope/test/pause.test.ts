import { ACCOUNT_BRIDGE, ACCOUNT_DAO, ACCOUNT_TOKEN, EPOCH_LENGTH_S } from '@spaceos/generated/parameters'
import { describe, expect, it } from 'vitest'
import { space } from './fixtures.ts'
import { provChain, registerAndStake, stake } from './spaceos.prov.helpers.ts'
import { addSeconds, deploy, expectFailure, rows, send, setRow, zeroRow } from './vert.ts'

const PAUSED = 'network is paused by a DAO emergency vote'
const PROV_PAUSED = `prov: ${PAUSED}`
const BRDG_PAUSED = `brdg: ${PAUSED}`

describe('a DAO emergency pause halts spaceos.prov and spaceos.brdg', () => {
  it('refuses stake, unstake, refund, minting and bridging while spaceos.dao is paused, and resumes after', async () => {
    const c = await provChain()
    const dao = deploy(c.bc, ACCOUNT_DAO)
    const brdg = deploy(c.bc, ACCOUNT_BRIDGE)
    await send(
      brdg,
      'settoken',
      { symbol: '4,SPACE', contract: ACCOUNT_TOKEN, evm_decimals: 18, evm_token: 'native', enabled: true },
      ACCOUNT_BRIDGE,
    )
    await registerAndStake(c, 'alice', 20_000)
    await send(c.prov, 'unstake', { owner: 'alice', quantity: space(10_000) }, 'alice')
    await send(c.prov, 'gpuminflate', {}, 'carol')
    addSeconds(c.bc, EPOCH_LENGTH_S * 30)
    // the DAO's `state` singleton as an executed emergency-pause proposal leaves it (other fields at zero)
    const state = { ...zeroRow(dao, 'state'), phase: 1, paused: true }
    setRow(dao, 'state', state)
    expect(rows(dao, 'state')[0]).toMatchObject({ paused: true })

    await expectFailure(c.bc, stake(c, 'alice', 1), PROV_PAUSED)
    await expectFailure(c.bc, send(c.prov, 'unstake', { owner: 'alice', quantity: space(1) }, 'alice'), PROV_PAUSED)
    await expectFailure(c.bc, send(c.prov, 'refund', { owner: 'alice' }, 'alice'), PROV_PAUSED)
    await expectFailure(c.bc, send(c.prov, 'gpuminflate', {}, 'carol'), PROV_PAUSED)
    const deposit = () =>
      send(
        c.token,
        'transfer',
        { from: 'alice', to: ACCOUNT_BRIDGE, quantity: space(1), memo: `0x${'ab'.repeat(20)}` },
        'alice',
      )
    await expectFailure(c.bc, deposit(), BRDG_PAUSED)

    setRow(dao, 'state', { ...state, paused: false })
    await stake(c, 'alice', 1)
    await send(c.prov, 'refund', { owner: 'alice' }, 'alice')
    await send(c.prov, 'gpuminflate', {}, 'carol')
    await deposit()
    expect(rows(brdg, 'deposits')).toHaveLength(1)
  })
})
