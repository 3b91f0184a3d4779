import {
  ACCOUNT_EMISSION,
  ACCOUNT_PROVIDERS,
  ACCOUNT_REWARDS,
  ACCOUNT_TOKEN,
  ACCOUNT_VESTING,
  BRIDGE_SCALE_SPACE,
  EVM_CHAIN_ID,
  EVM_GAS_PRICE_WEI,
  INFLATION_BPS_PER_YEAR,
  PROVIDER_BOND_WEI,
  SECONDS_PER_YEAR,
  SPACE_SYMBOL,
  TIER_BASIC_MULTIPLIER_BPS,
  TIER_ENTERPRISE_MULTIPLIER_BPS,
  TIER_FREE_MULTIPLIER_BPS,
  TIER_PRO_MULTIPLIER_BPS,
} from '@spaceos/generated/parameters'
import { Name, UInt64 } from '@wharfkit/antelope'
import { encodeFunctionData, type Hex, keccak256, pad, parseAbi, toHex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { type ActionSpec, randomName, units } from './antelope.ts'
import {
  type ChainContext,
  expectEqual,
  expectExecuted,
  expectNodeosError,
  privileged,
  role,
  type SuiteAccount,
  transact,
  transfer,
  waitFor,
} from './shared.ts'

const ASSERT = 3050003
const scale = BigInt(BRIDGE_SCALE_SPACE)
const bondAbi = parseAbi([
  'function postBond(bytes32 deviceId) payable',
  'function bondOf(bytes32 deviceId) view returns (uint256)',
  'function verdictApplied(bytes32 verdictId) view returns (bool)',
])

const heartbeatOf = (owner: string, device: string): ActionSpec =>
  prov('gpuheartbeat', owner, {
    owner,
    device,
    gpu_model: 'conformance-gpu',
    vram_mb: 8192,
    cuda_cores: 1024,
    tflops_milli: 10_000,
    models: [{ model: 'conformance-model', price: '1.0000 USD' }],
    endpoint: 'https://provider.example/v1',
    region: 'eu',
  })

const prov = (name: string, actor: string, data: Record<string, unknown>): ActionSpec => ({
  account: ACCOUNT_PROVIDERS,
  name,
  authorization: [{ actor, permission: 'active' }],
  data,
})

/** Moves the chain clock through the devnet's development endpoint, or skips: only a dev-flag devnet offers it. */
async function travel(ctx: ChainContext, seconds: number): Promise<void> {
  if (!ctx.devTimeTravel) skipCase('needs a devnet started with the development flag (--dev-time-travel)')
  const answer = await ctx.antelope.raw('/v1/devnet/time', JSON.stringify({ seconds }))
  if (answer.status !== 200) {
    throw new CaseFailedError('POST /v1/devnet/time moves the clock', {
      actual: `HTTP ${answer.status} ${answer.text.slice(0, 200)}`,
    })
  }
}

const row = async (ctx: ChainContext, table: string, key: string) =>
  (
    await ctx.antelope.table({
      code: ACCOUNT_PROVIDERS,
      table,
      scope: ACCOUNT_PROVIDERS,
      lower_bound: key,
      upper_bound: key,
    })
  ).rows[0] as Record<string, string | number | boolean> | undefined

export const timeCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.prov.downtime',
    title:
      'a device silent for a whole epoch gets one downtime verdict; the relayer slashes DOWNTIME_SLASH_BPS of its SpaceProviderBond bond once and acknowledges it; the wallet stake is untouched',
    requirements: ['NP-PROV-030', 'NP-PROV-031', 'NP-PROV-037', 'NP-BRDG-004', 'NP-BRDG-005', 'NP-EVM-029'],
    role,
    async run(ctx) {
      if (!ctx.devTimeTravel) skipCase('needs a devnet started with the development flag (--dev-time-travel)')
      const { alice } = ctx
      const bond = ctx.contracts.SpaceProviderBond as Hex | undefined
      if (!bond)
        throw new CaseFailedError('the target names no SpaceProviderBond contract', {
          expected: '--evm-contract SpaceProviderBond=0x…',
        })
      if (!(await row(ctx, 'providers', alice.name))) {
        expectExecuted(
          await transact(ctx, [prov('regprovider', alice.name, { owner: alice.name })], [alice]),
          'regprovider',
        )
      }
      const device = `cf${randomName().slice(0, 9)}`
      const deviceId = keccak256(toHex(device))
      // Bond the device on the EVM with bridged SPACE: PROVIDER_BOND_WEI plus gas.
      const owner = privateKeyToAccount(generatePrivateKey())
      const native = BigInt(PROVIDER_BOND_WEI) / scale + 10_000n
      expectExecuted(
        await transact(ctx, [transfer(alice.name, 'eosio.evm', native, owner.address.toLowerCase())], [alice]),
        'bridge the bond',
      )
      await waitFor(
        () => ctx.evm.balance(owner.address),
        (b) => b !== 0n,
        ctx.bridgeTimeoutMs,
      )
      const raw = await owner.signTransaction({
        type: 'legacy',
        chainId: EVM_CHAIN_ID,
        nonce: 0,
        gas: 200_000n,
        gasPrice: BigInt(EVM_GAS_PRICE_WEI),
        to: bond,
        value: BigInt(PROVIDER_BOND_WEI),
        data: encodeFunctionData({ abi: bondAbi, functionName: 'postBond', args: [deviceId] }),
      })
      const posted = await ctx.evm.call('eth_sendRawTransaction', [raw])
      if (typeof posted.body?.result !== 'string')
        throw new CaseFailedError('postBond is accepted', { actual: posted.text.slice(0, 200) })
      const bondOf = async () =>
        BigInt(
          String(
            await ctx.evm.result('eth_call', [
              { to: bond, data: encodeFunctionData({ abi: bondAbi, functionName: 'bondOf', args: [deviceId] }) },
              'latest',
            ]),
          ),
        )
      expectEqual(await waitFor(bondOf, (b) => b !== 0n, ctx.bridgeTimeoutMs), BigInt(PROVIDER_BOND_WEI), 'bond posted')
      // One heartbeat, then silence for the rest of the epoch and the next one.
      const beat = await transact(ctx, [heartbeatOf(alice.name, device)], [alice])
      expectExecuted(beat, 'heartbeat')
      const config = (await ctx.antelope.table({ code: ACCOUNT_PROVIDERS, table: 'config', scope: ACCOUNT_PROVIDERS }))
        .rows[0] as Record<string, number>
      const epochLength = Number(config.epoch_length_s)
      const epochOf = (s: number) =>
        Number(config.epoch_base) + Math.floor((s - Number(config.epoch_origin)) / epochLength)
      const beatS = Math.floor(Date.parse(`${beat.body.processed.block_time}Z`) / 1000)
      const epoch = epochOf(beatS)
      expectNodeosError(
        await transact(ctx, [prov('gpudowntime', alice.name, { device, epoch })], [alice]),
        ASSERT,
        'a verdict for an epoch that has not ended',
      )
      const stakeBefore = units(String((await row(ctx, 'providers', alice.name))?.stake))
      await travel(ctx, 2 * epochLength)
      const judged = await transact(ctx, [prov('gpudowntime', alice.name, { device, epoch })], [alice])
      expectExecuted(
        judged,
        `gpudowntime for epoch ${epoch} (one heartbeat of ${Math.ceil(epochLength / Number(config.heartbeat_interval_s))})`,
      )
      expectNodeosError(
        await transact(ctx, [prov('gpudowntime', alice.name, { device, epoch })], [alice]),
        ASSERT,
        'a second verdict for the same device and epoch',
      )
      const verdicts = await ctx.antelope.table({
        code: ACCOUNT_PROVIDERS,
        table: 'verdicts',
        scope: ACCOUNT_PROVIDERS,
        limit: 100,
        reverse: true,
      })
      const verdict = (verdicts.rows as Record<string, string | number | boolean>[]).find((v) => v.device === device)
      if (!verdict)
        throw new CaseFailedError('the verdict is in verdicts', { actual: JSON.stringify(verdicts.rows[0]) })
      expectEqual(Number(verdict.epoch), epoch, 'verdict epoch')
      const expectedSlash = (BigInt(PROVIDER_BOND_WEI) * BigInt(verdict.slash_bps as number)) / 10_000n
      const slashed = await waitFor(bondOf, (b) => b !== BigInt(PROVIDER_BOND_WEI), ctx.bridgeTimeoutMs)
      expectEqual(slashed, BigInt(PROVIDER_BOND_WEI) - expectedSlash, 'bond after the verdict (slash_bps of the bond)')
      const verdictId = pad(toHex(BigInt(verdict.id as number)), { size: 32 })
      const applied = await ctx.evm.result('eth_call', [
        { to: bond, data: encodeFunctionData({ abi: bondAbi, functionName: 'verdictApplied', args: [verdictId] }) },
        'latest',
      ])
      expectEqual(BigInt(String(applied)), 1n, `verdictApplied(${verdictId})`)
      const acked = await waitFor(
        async () =>
          (
            await ctx.antelope.table({
              code: ACCOUNT_PROVIDERS,
              table: 'verdicts',
              scope: ACCOUNT_PROVIDERS,
              lower_bound: String(verdict.id),
              upper_bound: String(verdict.id),
            })
          ).rows[0] as Record<string, unknown> | undefined,
        (v) => v?.relayed === true || v?.relayed === 1,
        ctx.bridgeTimeoutMs,
      )
      if (!(acked?.relayed === true || acked?.relayed === 1))
        throw new CaseFailedError('the verdict is acknowledged natively (relayed)', { actual: JSON.stringify(acked) })
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      expectEqual(await bondOf(), BigInt(PROVIDER_BOND_WEI) - expectedSlash, 'slashed once')
      expectEqual(
        units(String((await row(ctx, 'providers', alice.name))?.stake)),
        stakeBefore,
        'wallet stake untouched by the verdict',
      )
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.inflation',
    title:
      'gpuminflate mints into the rewards account the pro-rata share of INFLATION_BPS_PER_YEAR for the time elapsed, and nothing more at the same time',
    requirements: ['NP-PROV-022', 'NP-PROV-023'],
    role,
    async run(ctx) {
      if (!ctx.devTimeTravel) skipCase('needs a devnet started with the development flag (--dev-time-travel)')
      const { alice } = ctx
      const mint = () => transact(ctx, [prov('gpuminflate', alice.name, {})], [alice])
      const state = async () =>
        (await ctx.antelope.table({ code: ACCOUNT_PROVIDERS, table: 'state', scope: ACCOUNT_PROVIDERS }))
          .rows[0] as Record<string, string | number>
      if (Number((await state()).infl_year_start) === 0)
        expectExecuted(await mint(), 'the first gpuminflate starts the inflation year')
      await travel(ctx, 86_400)
      const before = await state()
      const supply = async () =>
        units(
          String(
            (await ctx.antelope.ok('get_currency_stats', { code: ACCOUNT_TOKEN, symbol: SPACE_SYMBOL }))[SPACE_SYMBOL]
              .supply,
          ),
        )
      const supply0 = await supply()
      const pool0 = await ctx.antelope.balance(ACCOUNT_REWARDS)
      const answer = await mint()
      expectExecuted(answer, 'gpuminflate a day later')
      const t = Math.floor(Date.parse(`${answer.body.processed.block_time}Z`) / 1000)
      const start = Number(before.infl_year_start)
      if (t >= start + SECONDS_PER_YEAR) skipCase('the inflation year rolled over during the run')
      const target =
        (BigInt(String(before.infl_base_supply)) * BigInt(INFLATION_BPS_PER_YEAR) * BigInt(t - start)) /
        (10_000n * BigInt(SECONDS_PER_YEAR))
      const due = target - BigInt(String(before.infl_minted_year))
      if (due <= 0n) throw new CaseFailedError('a day of inflation is due', { actual: String(due) })
      expectEqual((await supply()) - supply0, due, 'SPACE issued by gpuminflate')
      expectEqual((await ctx.antelope.balance(ACCOUNT_REWARDS)) - pool0, due, `SPACE paid to ${ACCOUNT_REWARDS}`)
      // NP-PROV-023: the mint is recorded with spaceos.emit, which keeps its own budget.
      const mints = await ctx.antelope.table({
        code: ACCOUNT_EMISSION,
        table: 'mints',
        scope: ACCOUNT_EMISSION,
        limit: 1,
        reverse: true,
      })
      const record = mints.rows[0] as { minter?: string; quantity?: string } | undefined
      if (record?.minter !== ACCOUNT_PROVIDERS || units(String(record.quantity)) !== due) {
        throw new CaseFailedError(`${ACCOUNT_EMISSION} records the mint`, {
          expected: `${ACCOUNT_PROVIDERS} minted ${due} units`,
          actual: JSON.stringify(record),
        })
      }
      const again = await mint()
      if (again.status === 200) {
        // Only a later block may mint again, and then at most what accrued since.
        const t2 = Math.floor(Date.parse(`${again.body.processed.block_time}Z`) / 1000)
        const target2 =
          (BigInt(String(before.infl_base_supply)) * BigInt(INFLATION_BPS_PER_YEAR) * BigInt(t2 - start)) /
          (10_000n * BigInt(SECONDS_PER_YEAR))
        expectEqual(
          (await supply()) - supply0,
          target2 - BigInt(String(before.infl_minted_year)),
          'total minted after a second call',
        )
      } else {
        expectNodeosError(again, ASSERT, 'a second gpuminflate at the same time')
      }
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.rewards',
    title:
      'after an epoch, the reporter reports served work and gpudistrib pays the pool in proportion to work × tier multiplier, once',
    requirements: ['NP-PROV-021', 'NP-PROV-020'],
    role,
    async run(ctx) {
      if (!ctx.devTimeTravel) skipCase('needs a devnet started with the development flag (--dev-time-travel)')
      const { alice, bob } = ctx
      const config = (await ctx.antelope.table({ code: ACCOUNT_PROVIDERS, table: 'config', scope: ACCOUNT_PROVIDERS }))
        .rows[0] as Record<string, number | string>
      const reporter = privileged(ctx, String(config.reporter))
      const devices: [SuiteAccount, string, number][] = [
        [alice, `cf${randomName().slice(0, 9)}`, 300],
        [bob, `cf${randomName().slice(0, 9)}`, 100],
      ]
      let beatS = 0
      for (const [owner, device] of devices) {
        if (!(await row(ctx, 'providers', owner.name))) {
          expectExecuted(
            await transact(ctx, [prov('regprovider', owner.name, { owner: owner.name })], [owner]),
            'regprovider',
          )
        }
        const beat = await transact(ctx, [heartbeatOf(owner.name, device)], [owner])
        expectExecuted(beat, `heartbeat of ${device}`)
        beatS = Math.floor(Date.parse(`${beat.body.processed.block_time}Z`) / 1000)
      }
      const epochLength = Number(config.epoch_length_s)
      const epoch = Number(config.epoch_base) + Math.floor((beatS - Number(config.epoch_origin)) / epochLength)
      await travel(ctx, epochLength)
      const work = devices.map(([, device, inferences]) => ({ device, inferences }))
      expectExecuted(
        await transact(ctx, [prov('reportwork', reporter.name, { epoch, work })], [reporter]),
        `reportwork for epoch ${epoch} by the reporter`,
      )
      // A pool to distribute: the inflation accrued meanwhile.
      await transact(ctx, [prov('gpuminflate', alice.name, {})], [alice])
      const pool = units(
        String(
          (
            (await ctx.antelope.table({ code: ACCOUNT_PROVIDERS, table: 'state', scope: ACCOUNT_PROVIDERS }))
              .rows[0] as { pool: string }
          ).pool,
        ),
      )
      if (pool === 0n) throw new CaseFailedError('the reward pool holds inflation to distribute')
      // Every row of the epoch (other reports included) with the owner's tier multiplier at distribution time.
      const rows = (
        await ctx.antelope.table({
          code: ACCOUNT_PROVIDERS,
          table: 'epochwork',
          scope: Name.from(UInt64.from(epoch)).toString(),
          limit: 1000,
        })
      ).rows as { owner: string; inferences: string }[]
      const multiplier = [
        TIER_FREE_MULTIPLIER_BPS,
        TIER_BASIC_MULTIPLIER_BPS,
        TIER_PRO_MULTIPLIER_BPS,
        TIER_ENTERPRISE_MULTIPLIER_BPS,
      ]
      const weights: { owner: string; weight: bigint }[] = []
      for (const r of rows) {
        const tier = Number((await row(ctx, 'providers', r.owner))?.tier ?? 0)
        weights.push({ owner: r.owner, weight: BigInt(r.inferences) * BigInt(multiplier[tier] ?? 0) })
      }
      const total = weights.reduce((sum, w) => sum + w.weight, 0n)
      const expected = (owner: string) =>
        weights.filter((w) => w.owner === owner).reduce((sum, w) => sum + (pool * w.weight) / total, 0n)
      const before = { alice: await ctx.antelope.balance(alice.name), bob: await ctx.antelope.balance(bob.name) }
      for (let i = 0; i < 10; i++) {
        const answer = await transact(ctx, [prov('gpudistrib', reporter.name, { epoch, max_rows: 100 })], [reporter])
        if (answer.status !== 200) {
          expectNodeosError(answer, ASSERT, 'gpudistrib once the epoch is done')
          break
        }
      }
      expectEqual((await ctx.antelope.balance(alice.name)) - before.alice, expected(alice.name), "alice's reward")
      expectEqual((await ctx.antelope.balance(bob.name)) - before.bob, expected(bob.name), "bob's reward")
      expectNodeosError(
        await transact(ctx, [prov('gpudistrib', reporter.name, { epoch, max_rows: 100 })], [reporter]),
        ASSERT,
        'distributing the same epoch again',
      )
      expectNodeosError(
        await transact(ctx, [prov('reportwork', reporter.name, { epoch, work })], [reporter]),
        ASSERT,
        'reporting work for a distributed epoch',
      )
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.vest.schedules',
    title:
      'spaceos.vest pays a linear schedule pro rata, a cliff schedule nothing before the cliff and all after, a milestone schedule what its authority released — never more than vested',
    requirements: ['NP-CHAIN-020', 'NP-CHAIN-021'],
    role,
    async run(ctx) {
      if (!ctx.devTimeTravel) skipCase('needs a devnet started with the development flag (--dev-time-travel)')
      const { alice } = ctx
      const vest = async (table: string, extra: Record<string, unknown> = {}) =>
        (await ctx.antelope.table({ code: ACCOUNT_VESTING, table, scope: ACCOUNT_VESTING, limit: 1000, ...extra })).rows
      const config = (await vest('config'))[0] as { authority: string; next_id: string } | undefined
      if (!config) throw new CaseFailedError('spaceos.vest is initialised (config)')
      const authority = privileged(ctx, String(config.authority))
      const act = (name: string, actor: SuiteAccount, data: Record<string, unknown>) =>
        transact(
          ctx,
          [{ account: ACCOUNT_VESTING, name, authorization: [{ actor: actor.name, permission: 'active' }], data }],
          [actor],
        )
      const one = 10_000n
      expectExecuted(
        await transact(
          ctx,
          [transfer(authority.name, ACCOUNT_VESTING, 3n * one, 'conformance vesting float')],
          [authority],
        ),
        'fund spaceos.vest',
      )
      const ids: Record<string, number> = {}
      for (const allocation of ['providers', 'team', 'devgrants']) {
        const id = Number((await vest('config'))[0]?.next_id)
        expectExecuted(
          await act('addsched', authority, {
            allocation,
            beneficiary: alice.name,
            total: `1.0000 ${SPACE_SYMBOL}`,
            start: 0,
            revocable: false,
            memo: 'conformance',
          }),
          `addsched ${allocation}`,
        )
        ids[allocation] = id
      }
      const claim = (allocation: string) => act('claim', alice, { beneficiary: alice.name, id: ids[allocation] })
      const schedule = async (allocation: string) =>
        (
          await vest('schedules', { lower_bound: String(ids[allocation]), upper_bound: String(ids[allocation]) })
        )[0] as Record<string, string | number>
      expectNodeosError(await claim('team'), ASSERT, 'a cliff schedule before its cliff')
      expectNodeosError(await claim('devgrants'), ASSERT, 'a milestone schedule before any release')
      expectNodeosError(
        await act('release', alice, { id: ids.devgrants, quantity: `0.4000 ${SPACE_SYMBOL}`, memo: 'x' }),
        3090004,
        'a milestone released by the beneficiary instead of the authority',
      )
      expectExecuted(
        await act('release', authority, { id: ids.devgrants, quantity: `0.4000 ${SPACE_SYMBOL}`, memo: 'milestone' }),
        'release 0.4000',
      )
      let before = await ctx.antelope.balance(alice.name)
      expectExecuted(await claim('devgrants'), 'claim the released milestone')
      expectEqual((await ctx.antelope.balance(alice.name)) - before, 4_000n, 'milestone claim = what was released')
      expectNodeosError(await claim('devgrants'), ASSERT, 'claiming the milestone again')
      // Linear: a month later, exactly total × elapsed / duration.
      await travel(ctx, 30 * 86_400)
      const linear = await schedule('providers')
      before = await ctx.antelope.balance(alice.name)
      const answer = await claim('providers')
      expectExecuted(answer, 'claim the linear schedule a month in')
      const t = Math.floor(Date.parse(`${answer.body.processed.block_time}Z`) / 1000)
      const vested = (one * BigInt(t - Number(linear.start))) / BigInt(String(linear.duration_s))
      expectEqual(
        (await ctx.antelope.balance(alice.name)) - before,
        vested,
        'linear claim = total × elapsed / duration',
      )
      expectNodeosError(await claim('team'), ASSERT, 'the cliff schedule a month in')
      // Past the cliff: the whole cliff schedule, and the rest of the (by then complete) linear one.
      await travel(ctx, Number((await schedule('team')).cliff_s))
      before = await ctx.antelope.balance(alice.name)
      expectExecuted(await claim('team'), 'claim the cliff schedule after its cliff')
      expectExecuted(await claim('providers'), 'claim the rest of the linear schedule')
      expectEqual((await ctx.antelope.balance(alice.name)) - before, one + (one - vested), 'cliff total + linear rest')
      expectNodeosError(await claim('providers'), ASSERT, 'a fully claimed schedule')
    },
  }),
]
