import {
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_TOKEN,
  GPU_HEARTBEAT_INTERVAL_S,
  TIER_BASIC_STAKE,
} from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { space } from './fixtures.ts'
import { beat, currentEpoch, epochStart, type ProvChain, provChain, registerAndStake } from './spaceos.prov.helpers.ts'
import { createChain, deploy, expectFailure, rows, send, setTime } from './vert.ts'

let c: ProvChain

beforeEach(async () => {
  c = await provChain()
  await registerAndStake(c, 'alice', TIER_BASIC_STAKE)
})

describe('spaceos.prov remaining failure paths', () => {
  it('rejects SPACE from a contract other than eosio.token', async () => {
    const fake = deploy(c.bc, ACCOUNT_TOKEN, 'fake.token')
    await send(fake, 'create', { issuer: 'alice', maximum_supply: space(10n ** 12n) }, 'fake.token')
    await send(fake, 'issue', { to: 'alice', quantity: space(100), memo: '' }, 'alice')
    await expectFailure(
      c.bc,
      send(fake, 'transfer', { from: 'alice', to: ACCOUNT_PROVIDERS, quantity: space(100), memo: 'stake' }, 'alice'),
      'prov: only SPACE from eosio.token can be staked',
    )
  })

  it('rejects an empty device name', async () => {
    await expectFailure(c.bc, beat(c, 'alice', ''), 'prov: device name must not be empty')
  })

  it('rejects a served-work count that would overflow', async () => {
    await beat(c, 'alice', 'gpu1')
    const e = currentEpoch(c.bc)
    setTime(c.bc, epochStart(e + 1))
    const report = () =>
      send(
        c.prov,
        'reportwork',
        { epoch: e, work: [{ device: 'gpu1', inferences: '18446744073709551615' }] },
        ACCOUNT_ORACLE,
      )
    await report()
    await expectFailure(c.bc, report(), 'prov: inference count overflows')
  })

  it('cannot judge an epoch whose heartbeat counts are no longer kept', async () => {
    await beat(c, 'alice', 'gpu1')
    const e = currentEpoch(c.bc)
    setTime(c.bc, epochStart(e + 2) + GPU_HEARTBEAT_INTERVAL_S)
    await beat(c, 'alice', 'gpu1')
    setTime(c.bc, epochStart(e + 3))
    await expectFailure(
      c.bc,
      send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e }, 'carol'),
      'prov: heartbeat record for that epoch is no longer kept',
    )
  })

  it('rejects an empty or oversized EVM reference and an unknown relayer account', async () => {
    await beat(c, 'alice', 'gpu1')
    const e = currentEpoch(c.bc) + 1
    setTime(c.bc, epochStart(e + 1))
    await send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e }, 'carol')
    for (const evm_ref of ['', 'x'.repeat(129)]) {
      await expectFailure(
        c.bc,
        send(c.prov, 'verdictack', { id: 1, evm_ref }, 'spaceos.brdg'),
        'prov: evm_ref must be 1 to 128 bytes',
      )
    }
    await expectFailure(
      c.bc,
      send(c.prov, 'setauth', { reporter: 'carol', relayer: 'nobody' }, ACCOUNT_PROVIDERS),
      'prov: relayer account does not exist',
    )
    expect(rows(c.prov, 'verdicts')[0]).toMatchObject({ relayed: false })
  })

  it('cannot mint inflation before SPACE exists', async () => {
    const bc = createChain()
    deploy(bc, ACCOUNT_TOKEN)
    const prov = deploy(bc, ACCOUNT_PROVIDERS)
    bc.createAccounts('carol')
    await expectFailure(bc, send(prov, 'gpuminflate', {}, 'carol'), 'prov: SPACE is not created on eosio.token')
  })
})

describe('spaceos.prov epoch-length change by the DAO', () => {
  const HOUR = 3600

  it('applies a new EPOCH_LENGTH_S from the next epoch boundary without renumbering past epochs', async () => {
    const e0 = currentEpoch(c.bc)
    const g = epochStart(e0)
    setTime(c.bc, g + 1)
    await beat(c, 'alice', 'gpu1')
    setTime(c.bc, g + 10 * HOUR)
    await send(c.prov, 'setparam', { key: 'EPOCH_LENGTH_S', value: HOUR }, 'spaceos.dao')
    expect(rows(c.prov, 'config')[0]).toMatchObject({
      epoch_length_s: HOUR,
      epoch_base: e0 + 1,
      epoch_origin: epochStart(e0 + 1),
      prev_length_s: 86_400,
    })
    // a second change before the boundary only replaces the pending length
    await send(c.prov, 'setparam', { key: 'EPOCH_LENGTH_S', value: 2 * HOUR }, 'spaceos.dao')
    await send(c.prov, 'setparam', { key: 'EPOCH_LENGTH_S', value: HOUR }, 'spaceos.dao')
    expect(rows(c.prov, 'config')[0]).toMatchObject({ epoch_base: e0 + 1, epoch_origin: epochStart(e0 + 1) })

    setTime(c.bc, g + 20 * HOUR)
    await beat(c, 'alice', 'gpu1')
    expect(rows(c.prov, 'gpuresource')[0]).toMatchObject({ beat_epoch: e0, beats: 2 })

    setTime(c.bc, epochStart(e0 + 1) + 1)
    await beat(c, 'alice', 'gpu1')
    expect(rows(c.prov, 'gpuresource')[0]).toMatchObject({ beat_epoch: e0 + 1, beats: 1 })
    setTime(c.bc, epochStart(e0 + 1) + 2 * HOUR + 1)
    await beat(c, 'alice', 'gpu1')
    expect(rows(c.prov, 'gpuresource')[0]).toMatchObject({ beat_epoch: e0 + 3, beats: 1 })

    // the one-hour epoch e0 + 2 had no heartbeat at all: 12 of 12 slots missed
    await send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e0 + 2 }, 'carol')
    expect(rows(c.prov, 'verdicts')[0]).toMatchObject({
      epoch: e0 + 2,
      expected: HOUR / GPU_HEARTBEAT_INTERVAL_S,
      missed: HOUR / GPU_HEARTBEAT_INTERVAL_S,
    })
  })
})
