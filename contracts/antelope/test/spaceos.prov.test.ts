import {
  ACCOUNT_DAO,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_REWARDS,
  ACCOUNT_TREASURY,
  BAD_PROOF_SLASH_BPS,
  DOWNTIME_SLASH_BPS,
  EPOCH_LENGTH_S,
  GPU_HEARTBEAT_INTERVAL_S,
  PROVIDER_MAX_MODELS,
  PROVIDER_UNSTAKE_DELAY_S,
  TIER_BASIC_STAKE,
  TIER_ENTERPRISE_STAKE,
  TIER_PRO_STAKE,
} from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { space, units } from './fixtures.ts'
import {
  beat,
  currentEpoch,
  epochStart,
  heartbeat,
  type ProvChain,
  provChain,
  registerAndStake,
  SLOTS_PER_EPOCH,
  stake,
} from './spaceos.prov.helpers.ts'
import { addSeconds, balance, expectFailure, now, rows, send, setTime } from './vert.ts'

let c: ProvChain

beforeEach(async () => {
  c = await provChain()
})

const provider = (owner: string) => rows(c.prov, 'providers').find((r) => r.owner === owner)
const device = (name: string) => rows(c.prov, 'gpuresource').find((r) => r.device === name)

describe('spaceos.prov registration and staking', () => {
  it('registers a provider at the Free tier', async () => {
    await send(c.prov, 'regprovider', { owner: 'alice' }, 'alice')
    expect(provider('alice')).toMatchObject({ owner: 'alice', stake: '0.0000 SPACE', tier: 0 })
  })

  it('rejects a second registration and a registration without the owner authority', async () => {
    await send(c.prov, 'regprovider', { owner: 'alice' }, 'alice')
    await expectFailure(
      c.bc,
      send(c.prov, 'regprovider', { owner: 'alice' }, 'alice'),
      'prov: provider already registered',
    )
    await expectFailure(c.bc, send(c.prov, 'regprovider', { owner: 'bob' }, 'alice'), 'missing required authority bob')
  })

  it('stakes by a SPACE transfer with memo "stake" (eosio.token notification)', async () => {
    await registerAndStake(c, 'alice', TIER_BASIC_STAKE)
    expect(provider('alice')).toMatchObject({ stake: space(TIER_BASIC_STAKE), tier: 1 })
    expect(balance(c.token, ACCOUNT_PROVIDERS)).toBe(space(TIER_BASIC_STAKE))
  })

  it('rejects a stake transfer with another memo, from an unregistered wallet, or in another token', async () => {
    await expectFailure(c.bc, stake(c, 'alice', 10_000), 'prov: provider is not registered: call regprovider first')
    await send(c.prov, 'regprovider', { owner: 'alice' }, 'alice')
    await expectFailure(
      c.bc,
      stake(c, 'alice', 10_000, 'hello'),
      'prov: transfers to spaceos.prov need the memo "stake"',
    )
    await send(c.token, 'create', { issuer: 'eosio', maximum_supply: '1000000.0000 USD' }, 'eosio.token')
    await send(c.token, 'issue', { to: 'eosio', quantity: '10.0000 USD', memo: '' }, 'eosio')
    await expectFailure(
      c.bc,
      send(
        c.token,
        'transfer',
        { from: 'eosio', to: ACCOUNT_PROVIDERS, quantity: '1.0000 USD', memo: 'stake' },
        'eosio',
      ),
      'prov: only SPACE can be staked',
    )
  })

  it('assigns Free/Basic/Pro/Enterprise by stake and copies the tier to the devices', async () => {
    await registerAndStake(c, 'alice', TIER_BASIC_STAKE - 1)
    await beat(c, 'alice', 'gpu1')
    expect(provider('alice')?.tier).toBe(0)
    await stake(c, 'alice', 1)
    expect(provider('alice')?.tier).toBe(1)
    expect(device('gpu1')?.tier).toBe(1)
    await stake(c, 'alice', TIER_PRO_STAKE - TIER_BASIC_STAKE)
    expect(provider('alice')?.tier).toBe(2)
    await stake(c, 'alice', TIER_ENTERPRISE_STAKE - TIER_PRO_STAKE)
    expect(provider('alice')?.tier).toBe(3)
    expect(device('gpu1')?.tier).toBe(3)
  })

  it('unstakes with a delay, drops the tier at once and refunds after the delay', async () => {
    await registerAndStake(c, 'alice', TIER_PRO_STAKE)
    const before = units(balance(c.token, 'alice') ?? '0 SPACE')
    await send(c.prov, 'unstake', { owner: 'alice', quantity: space(TIER_PRO_STAKE) }, 'alice')
    expect(provider('alice')).toMatchObject({
      stake: space(0),
      unstaking: space(TIER_PRO_STAKE),
      tier: 0,
      unstake_at: now(c.bc) + PROVIDER_UNSTAKE_DELAY_S,
    })
    await expectFailure(c.bc, send(c.prov, 'refund', { owner: 'alice' }, 'alice'), 'prov: unstake delay has not passed')
    addSeconds(c.bc, PROVIDER_UNSTAKE_DELAY_S)
    await send(c.prov, 'refund', { owner: 'alice' }, 'alice')
    expect(units(balance(c.token, 'alice') ?? '')).toBe(before + BigInt(TIER_PRO_STAKE))
    expect(provider('alice')).toMatchObject({ unstaking: space(0), unstake_at: 0 })
    await expectFailure(c.bc, send(c.prov, 'refund', { owner: 'alice' }, 'alice'), 'prov: nothing is unstaking')
  })

  it('rejects bad unstake requests', async () => {
    await registerAndStake(c, 'alice', 10_000)
    const u = (quantity: string, auth = 'alice') => send(c.prov, 'unstake', { owner: 'alice', quantity }, auth)
    await expectFailure(c.bc, u('1.0001 SPACE'), 'prov: unstake exceeds the staked amount')
    await expectFailure(c.bc, u('0.0000 SPACE'), 'prov: must unstake a positive quantity')
    await expectFailure(c.bc, u('-1.0000 SPACE'), 'prov: must unstake a positive quantity')
    await expectFailure(c.bc, u('1.000 SPACE'), 'prov: quantity must be SPACE with 4 decimals')
    await expectFailure(c.bc, u('1.0000 SPACE', 'bob'), 'missing required authority alice')
    await expectFailure(
      c.bc,
      send(c.prov, 'unstake', { owner: 'bob', quantity: '1.0000 SPACE' }, 'bob'),
      'prov: provider is not registered',
    )
  })
})

describe('spaceos.prov gpuheartbeat and the gpuresource table', () => {
  beforeEach(async () => {
    await registerAndStake(c, 'alice', TIER_BASIC_STAKE)
  })

  it('registers the device with its specs, prices and liveness', async () => {
    await beat(c, 'alice', 'gpu1')
    expect(device('gpu1')).toEqual({
      device: 'gpu1',
      owner: 'alice',
      gpu_model: 'RTX 4090',
      vram_mb: 24576,
      cuda_cores: 16384,
      tflops_milli: 82600,
      models: [
        { model: 'llama-3.1-8b', price: '0.0500 USD' },
        { model: 'mistral-7b', price: '0.0400 USD' },
      ],
      endpoint: 'https://gpu.example.org/v1',
      region: 'eu-west',
      last_heartbeat: now(c.bc),
      status: 0,
      tier: 1,
      min_price: 400,
      registered_at: now(c.bc),
      beat_epoch: currentEpoch(c.bc),
      beats: 1,
      prev_beats: 0,
      judged_until: 0,
    })
  })

  it('refreshes liveness and counts one heartbeat per interval', async () => {
    await beat(c, 'alice', 'gpu1')
    addSeconds(c.bc, 10)
    await beat(c, 'alice', 'gpu1', { vram_mb: 49152 })
    expect(device('gpu1')).toMatchObject({ beats: 1, vram_mb: 49152, last_heartbeat: now(c.bc) })
    addSeconds(c.bc, GPU_HEARTBEAT_INTERVAL_S)
    await beat(c, 'alice', 'gpu1')
    expect(device('gpu1')?.beats).toBe(2)
  })

  it('rejects malformed heartbeats with a clear message', async () => {
    const bad = async (overrides: Record<string, unknown>, message: string) =>
      expectFailure(c.bc, beat(c, 'alice', 'gpu1', overrides), message)
    await bad({ gpu_model: '' }, 'prov: gpu_model must be 1 to 64 bytes')
    await bad({ vram_mb: 0 }, 'prov: vram_mb must be positive')
    await bad({ tflops_milli: 0 }, 'prov: tflops_milli must be positive')
    await bad({ models: [] }, 'prov: at least one served model is required')
    await bad(
      { models: Array.from({ length: PROVIDER_MAX_MODELS + 1 }, (_, i) => ({ model: `m${i}`, price: '0.0001 USD' })) },
      'prov: too many served models',
    )
    await bad({ models: [{ model: '', price: '0.0001 USD' }] }, 'prov: model name must be 1 to 64 bytes')
    await bad(
      {
        models: [
          { model: 'a', price: '0.0001 USD' },
          { model: 'a', price: '0.0002 USD' },
        ],
      },
      'prov: duplicate served model',
    )
    await bad({ models: [{ model: 'a', price: '0.0001 SPACE' }] }, 'prov: model price must be in USD with 4 decimals')
    await bad({ models: [{ model: 'a', price: '0.01 USD' }] }, 'prov: model price must be in USD with 4 decimals')
    await bad({ models: [{ model: 'a', price: '-0.0001 USD' }] }, 'prov: model price must be positive')
    await bad({ models: [{ model: 'a', price: '0.0000 USD' }] }, 'prov: model price must be positive')
    await bad({ endpoint: 'ftp://x' }, 'prov: endpoint must be an http(s) URL of at most 256 bytes')
    await bad({ endpoint: `https://${'a'.repeat(250)}` }, 'prov: endpoint must be an http(s) URL of at most 256 bytes')
    await bad({ region: '' }, 'prov: region must be 1 to 32 bytes')
    await expectFailure(c.bc, beat(c, 'bob', 'gpu9'), 'prov: provider is not registered: call regprovider first')
    await expectFailure(
      c.bc,
      send(c.prov, 'gpuheartbeat', heartbeat('alice', 'gpu1'), 'bob'),
      'missing required authority alice',
    )
  })

  it("rejects a heartbeat for another provider's device", async () => {
    await beat(c, 'alice', 'gpu1')
    await send(c.prov, 'regprovider', { owner: 'bob' }, 'bob')
    await expectFailure(c.bc, beat(c, 'bob', 'gpu1'), 'prov: device belongs to another provider')
  })

  it('pauses, resumes and removes a device', async () => {
    await beat(c, 'alice', 'gpu1')
    await send(c.prov, 'gpustatus', { owner: 'alice', device: 'gpu1', status: 1 }, 'alice')
    expect(device('gpu1')?.status).toBe(1)
    await expectFailure(
      c.bc,
      send(c.prov, 'gpustatus', { owner: 'alice', device: 'gpu1', status: 2 }, 'alice'),
      'prov: status must be 0 (active) or 1 (paused)',
    )
    await send(c.prov, 'regprovider', { owner: 'bob' }, 'bob')
    await expectFailure(
      c.bc,
      send(c.prov, 'gpustatus', { owner: 'bob', device: 'gpu1', status: 0 }, 'bob'),
      'prov: device belongs to another provider',
    )
    await expectFailure(
      c.bc,
      send(c.prov, 'gpuremove', { owner: 'bob', device: 'gpu1' }, 'bob'),
      'prov: device belongs to another provider',
    )
    await send(c.prov, 'gpuremove', { owner: 'alice', device: 'gpu1' }, 'alice')
    expect(device('gpu1')).toBeUndefined()
    await expectFailure(
      c.bc,
      send(c.prov, 'gpuremove', { owner: 'alice', device: 'gpu1' }, 'alice'),
      'prov: device is not registered',
    )
  })
})

describe('spaceos.prov payees and receipt signers', () => {
  const payee = (owner: string) => rows(c.prov, 'payees').find((r) => r.owner === owner)
  const signer = (name: string) => rows(c.prov, 'gpusigners').find((r) => r.device === name)
  // EIP-55 example address of the EIP itself, and a one-letter change of it.
  const checksummed = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
  const badChecksum = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'

  it('sets and replaces the payee of a registered provider, stored in lower case [NP-PROV-017]', async () => {
    await send(c.prov, 'regprovider', { owner: 'alice' }, 'alice')
    await send(c.prov, 'setpayee', { owner: 'alice', evm_payee: checksummed }, 'alice')
    expect(payee('alice')).toMatchObject({
      owner: 'alice',
      evm_payee: checksummed.toLowerCase(),
      updated_at: now(c.bc),
    })
    addSeconds(c.bc, 5)
    await send(c.prov, 'setpayee', { owner: 'alice', evm_payee: `0x${'AB'.repeat(20)}` }, 'alice')
    expect(payee('alice')).toMatchObject({ evm_payee: `0x${'ab'.repeat(20)}`, updated_at: now(c.bc) })
  })

  it('refuses a payee for an unregistered owner, without its authority, malformed, badly checksummed or zero', async () => {
    await expectFailure(
      c.bc,
      send(c.prov, 'setpayee', { owner: 'alice', evm_payee: checksummed }, 'alice'),
      'prov: provider is not registered: call regprovider first',
    )
    await send(c.prov, 'regprovider', { owner: 'alice' }, 'alice')
    await expectFailure(
      c.bc,
      send(c.prov, 'setpayee', { owner: 'alice', evm_payee: checksummed }, 'bob'),
      'missing required authority alice',
    )
    const bad = (evm_payee: string, message: string) =>
      expectFailure(c.bc, send(c.prov, 'setpayee', { owner: 'alice', evm_payee }, 'alice'), message)
    await bad('5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'prov: evm_payee must be 0x followed by 40 hex characters')
    await bad(`0x${'g'.repeat(40)}`, 'prov: evm_payee must be 0x followed by 40 hex characters')
    await bad(`0x${'a'.repeat(41)}`, 'prov: evm_payee must be 0x followed by 40 hex characters')
    await bad(badChecksum, 'prov: evm_payee has a bad EIP-55 checksum')
    await bad(`0x${'0'.repeat(40)}`, 'prov: evm_payee must not be the zero address')
  })

  it("sets the device's receipt signer; only its owner may, and gpuremove erases it [NP-PROV-018]", async () => {
    await send(c.prov, 'regprovider', { owner: 'alice' }, 'alice')
    await beat(c, 'alice', 'gpu1')
    await expectFailure(
      c.bc,
      send(c.prov, 'gpusigner', { owner: 'alice', device: 'gpu2', signer: checksummed }, 'alice'),
      'prov: device is not registered',
    )
    await send(c.prov, 'gpusigner', { owner: 'alice', device: 'gpu1', signer: checksummed }, 'alice')
    expect(signer('gpu1')).toMatchObject({ owner: 'alice', signer: checksummed.toLowerCase(), updated_at: now(c.bc) })
    await send(c.prov, 'gpusigner', { owner: 'alice', device: 'gpu1', signer: `0x${'12'.repeat(20)}` }, 'alice')
    expect(signer('gpu1')?.signer).toBe(`0x${'12'.repeat(20)}`)
    await send(c.prov, 'regprovider', { owner: 'bob' }, 'bob')
    await expectFailure(
      c.bc,
      send(c.prov, 'gpusigner', { owner: 'bob', device: 'gpu1', signer: checksummed }, 'bob'),
      'prov: device belongs to another provider',
    )
    await expectFailure(
      c.bc,
      send(c.prov, 'gpusigner', { owner: 'alice', device: 'gpu1', signer: badChecksum }, 'alice'),
      'prov: signer has a bad EIP-55 checksum',
    )
    await expectFailure(
      c.bc,
      send(c.prov, 'gpusigner', { owner: 'alice', device: 'gpu1', signer: `0x${'0'.repeat(40)}` }, 'alice'),
      'prov: signer must not be the zero address',
    )
    await send(c.prov, 'gpuremove', { owner: 'alice', device: 'gpu1' }, 'alice')
    expect(signer('gpu1')).toBeUndefined()
    // The name is free again: bob's device of that name starts with no signer.
    await beat(c, 'bob', 'gpu1')
    expect(signer('gpu1')).toBeUndefined()
  })
})

describe('spaceos.prov downtime verdicts', () => {
  /** Heartbeats in every slot of the current epoch except `skip` of them (the last ones). */
  async function beatEpoch(skip: number) {
    const e = currentEpoch(c.bc)
    for (let i = 0; i < SLOTS_PER_EPOCH - skip; i++) {
      setTime(c.bc, epochStart(e) + i * GPU_HEARTBEAT_INTERVAL_S + 1)
      await beat(c, 'alice', 'gpu1')
    }
    setTime(c.bc, epochStart(e + 1) + 1)
    return e
  }

  beforeEach(async () => {
    await registerAndStake(c, 'alice', TIER_BASIC_STAKE)
  })

  it('records a downtime verdict when more than 5% of the heartbeats were missed', async () => {
    const skip = Math.floor(SLOTS_PER_EPOCH * 0.05) + 1
    const e = await beatEpoch(skip)
    await send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e }, 'carol')
    expect(rows(c.prov, 'verdicts')).toEqual([
      expect.objectContaining({
        id: 1,
        kind: 1,
        owner: 'alice',
        device: 'gpu1',
        epoch: e,
        missed: skip,
        expected: SLOTS_PER_EPOCH,
        slash_bps: DOWNTIME_SLASH_BPS,
        relayed: false,
      }),
    ])
    await expectFailure(
      c.bc,
      send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e }, 'carol'),
      'prov: epoch already judged for this device',
    )
  })

  it('records no verdict at exactly 5% missed', async () => {
    const skip = Math.floor(SLOTS_PER_EPOCH * 0.05)
    const e = await beatEpoch(skip)
    await expectFailure(
      c.bc,
      send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e }, 'carol'),
      `prov: no downtime breach: ${skip} of ${SLOTS_PER_EPOCH} heartbeats missed`,
    )
  })

  it('judges a silent device (no heartbeat at all in the epoch) and rejects epochs that have not ended', async () => {
    await beat(c, 'alice', 'gpu1')
    const e = currentEpoch(c.bc)
    await expectFailure(
      c.bc,
      send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e }, 'carol'),
      'prov: epoch has not ended',
    )
    await expectFailure(
      c.bc,
      send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e - 1 }, 'carol'),
      'prov: device was not registered in that epoch',
    )
    setTime(c.bc, epochStart(e + 3))
    await send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e + 1 }, 'carol')
    expect(rows(c.prov, 'verdicts')[0]).toMatchObject({ missed: SLOTS_PER_EPOCH, expected: SLOTS_PER_EPOCH })
    await expectFailure(
      c.bc,
      send(c.prov, 'gpudowntime', { device: 'nope', epoch: e }, 'carol'),
      'prov: device is not registered',
    )
  })

  it('lets only the relayer acknowledge a verdict, once', async () => {
    await beat(c, 'alice', 'gpu1')
    const e = currentEpoch(c.bc) + 1
    setTime(c.bc, epochStart(e + 1))
    await send(c.prov, 'gpudowntime', { device: 'gpu1', epoch: e }, 'carol')
    const ack = (auth: string, id = 1) => send(c.prov, 'verdictack', { id, evm_ref: '0xabc' }, auth)
    await expectFailure(c.bc, ack('carol'), 'missing required authority spaceos.brdg')
    await expectFailure(c.bc, ack('spaceos.brdg', 7), 'prov: verdict does not exist')
    await ack('spaceos.brdg')
    expect(rows(c.prov, 'verdicts')[0]).toMatchObject({ relayed: true, evm_ref: '0xabc' })
    await expectFailure(c.bc, ack('spaceos.brdg'), 'prov: verdict already relayed')
  })
})

describe('spaceos.prov bad-proof slashing', () => {
  it('slashes 50% of the wallet stake to the treasury with spaceos.orcl as witness, once per proof', async () => {
    await registerAndStake(c, 'alice', TIER_PRO_STAKE)
    await send(c.prov, 'unstake', { owner: 'alice', quantity: space(TIER_BASIC_STAKE) }, 'alice')
    const slash = (proof_id: number, auth: string = ACCOUNT_ORACLE) =>
      send(c.prov, 'slashproof', { owner: 'alice', proof_id, reason: 'inference proof mismatch' }, auth)
    await expectFailure(c.bc, slash(1, 'alice'), `missing required authority ${ACCOUNT_ORACLE}`)
    await expectFailure(c.bc, slash(0), 'prov: proof_id must be positive')
    await slash(42)
    const slashed = (TIER_PRO_STAKE * BAD_PROOF_SLASH_BPS) / 10_000
    expect(provider('alice')).toMatchObject({
      stake: space(TIER_PRO_STAKE - TIER_BASIC_STAKE - slashed),
      unstaking: space(TIER_BASIC_STAKE),
      slashed: space(slashed),
      tier: 1,
    })
    expect(balance(c.token, ACCOUNT_TREASURY)).toBe(space(slashed))
    expect(rows(c.prov, 'verdicts')[0]).toMatchObject({ kind: 2, proof_id: 42, slashed: space(slashed), relayed: true })
    await expectFailure(c.bc, slash(42), 'prov: proof already slashed')
    await expectFailure(
      c.bc,
      send(c.prov, 'slashproof', { owner: 'bob', proof_id: 5, reason: 'x' }, ACCOUNT_ORACLE),
      'prov: provider is not registered',
    )
    await expectFailure(
      c.bc,
      send(c.prov, 'slashproof', { owner: 'alice', proof_id: 5, reason: '' }, ACCOUNT_ORACLE),
      'prov: reason must be 1 to 256 bytes',
    )
  })
})

describe('spaceos.prov parameters', () => {
  const cfg = () => rows(c.prov, 'config')[0]

  it('uses the generated parameters as defaults until the DAO sets a value', async () => {
    expect(cfg()).toBeUndefined()
    await send(c.prov, 'setparam', { key: 'EPOCH_LENGTH_S', value: 3600 }, ACCOUNT_DAO)
    expect(cfg()).toMatchObject({
      epoch_length_s: 3600,
      unstake_delay_s: PROVIDER_UNSTAKE_DELAY_S,
      tier_basic_stake: TIER_BASIC_STAKE,
      reporter: ACCOUNT_ORACLE,
      rewards: ACCOUNT_REWARDS,
    })
  })

  it('rejects unknown keys, inconsistent values and callers other than spaceos.dao', async () => {
    const set = (key: string, value: number, auth: string = ACCOUNT_DAO) =>
      send(c.prov, 'setparam', { key, value }, auth)
    await expectFailure(c.bc, set('EPOCH_LENGTH_S', 3600, 'alice'), `missing required authority ${ACCOUNT_DAO}`)
    await expectFailure(c.bc, set('NOPE', 1), 'prov: unknown parameter key')
    await expectFailure(
      c.bc,
      set('TIER_BASIC_STAKE', TIER_PRO_STAKE),
      'prov: tier stakes must increase: 0 < Basic < Pro < Enterprise',
    )
    await expectFailure(c.bc, set('DOWNTIME_SLASH_BPS', 10_001), 'prov: basis points must be at most 10000')
    await expectFailure(
      c.bc,
      set('EPOCH_LENGTH_S', EPOCH_LENGTH_S + 1),
      'prov: EPOCH_LENGTH_S must be a positive multiple of the heartbeat interval',
    )
  })

  it('lets the contract account set the reporter and relayer', async () => {
    await send(c.prov, 'setauth', { reporter: 'carol', relayer: 'bob' }, ACCOUNT_PROVIDERS)
    expect(cfg()).toMatchObject({ reporter: 'carol', relayer: 'bob' })
    await expectFailure(
      c.bc,
      send(c.prov, 'setauth', { reporter: 'nobody', relayer: 'bob' }, ACCOUNT_PROVIDERS),
      'prov: reporter account does not exist',
    )
    await expectFailure(
      c.bc,
      send(c.prov, 'setauth', { reporter: 'carol', relayer: 'bob' }, 'carol'),
      `missing required authority ${ACCOUNT_PROVIDERS}`,
    )
  })
})
