import { randomBytes } from 'node:crypto'
import { ACCOUNT_BRIDGE, ACCOUNT_ORACLE, ACCOUNT_PROVIDERS } from '@spaceos/generated/parameters'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { type ActionSpec, asset, randomName, units } from './antelope.ts'
import {
  type ChainContext,
  describeError,
  expectEqual,
  expectExecuted,
  expectNodeosError,
  privileged,
  role,
  type SuiteAccount,
  SYSTEM_ACCOUNTS,
  transact,
  transfer,
} from './shared.ts'

const ASSERT = 3050003
const prov = (name: string, actor: string, data: Record<string, unknown>): ActionSpec => ({
  account: ACCOUNT_PROVIDERS,
  name,
  authorization: [{ actor, permission: 'active' }],
  data,
})

type Device = { device: string; vram_mb: number }
const heartbeat = (owner: string, d: Device, overrides: Record<string, unknown> = {}, actor = owner) =>
  prov('gpuheartbeat', actor, {
    owner,
    device: d.device,
    gpu_model: 'conformance-gpu',
    vram_mb: d.vram_mb,
    cuda_cores: 1024,
    tflops_milli: 10_000,
    models: [{ model: 'conformance-model', price: '1.0000 USD' }],
    endpoint: 'https://provider.example/v1',
    region: 'eu',
    ...overrides,
  })

const providerRow = async (ctx: ChainContext, owner: string) => {
  const { rows } = await ctx.antelope.table({
    code: ACCOUNT_PROVIDERS,
    table: 'providers',
    scope: ACCOUNT_PROVIDERS,
    lower_bound: owner,
    upper_bound: owner,
    limit: 1,
  })
  return rows[0] as { owner: string; stake: string; unstaking: string; tier: number } | undefined
}
const config = async (ctx: ChainContext) => {
  const { rows } = await ctx.antelope.table({ code: ACCOUNT_PROVIDERS, table: 'config', scope: ACCOUNT_PROVIDERS })
  const c = rows[0]
  if (!c) throw new CaseFailedError('spaceos.prov config singleton is readable with get_table_rows')
  return c as Record<string, number | string>
}
const tierOf = (stake: bigint, c: Record<string, number | string>) =>
  stake >= BigInt(c.tier_enterprise_stake as number)
    ? 3
    : stake >= BigInt(c.tier_pro_stake as number)
      ? 2
      : stake >= BigInt(c.tier_basic_stake as number)
        ? 1
        : 0

/** Registers `account` as a provider unless it already is. */
const ensureRegistered = async (ctx: ChainContext, account: SuiteAccount) => {
  if (await providerRow(ctx, account.name)) return
  expectExecuted(
    await transact(ctx, [prov('regprovider', account.name, { owner: account.name })], [account]),
    `regprovider ${account.name}`,
  )
}

/** Unique device names and VRAM values per run, so rows of earlier runs never match the bounds. */
const newDevices = (count: number): Device[] => {
  const base = 100_000 + (randomBytes(3).readUIntBE(0, 3) % 800_000) * 8
  return Array.from({ length: count }, (_, i) => ({ device: `cf${randomName().slice(0, 9)}`, vram_mb: base + i }))
}

export const provCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.prov.register',
    title: 'regprovider registers the owner once; registering again fails with a check',
    requirements: ['NP-PROV-001', 'NP-CHAIN-032'],
    role,
    async run(ctx) {
      await ensureRegistered(ctx, ctx.alice)
      const row = await providerRow(ctx, ctx.alice.name)
      if (row?.owner !== ctx.alice.name)
        throw new CaseFailedError('providers row after regprovider', { actual: JSON.stringify(row) })
      const again = await transact(ctx, [prov('regprovider', ctx.alice.name, { owner: ctx.alice.name })], [ctx.alice])
      expectNodeosError(again, ASSERT, 'a second regprovider')
      const forOther = await transact(ctx, [prov('regprovider', ctx.alice.name, { owner: ctx.bob.name })], [ctx.alice])
      if (forOther.status === 200) throw new CaseFailedError("regprovider needs the owner's authority")
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.unregistered',
    title: 'an unregistered account can neither stake nor send a heartbeat, and keeps its SPACE',
    requirements: ['NP-PROV-001', 'NP-PROV-010', 'NP-CHAIN-002'],
    role,
    async run(ctx) {
      let stranger: SuiteAccount | undefined
      for (const account of ctx.accounts.values()) {
        if (SYSTEM_ACCOUNTS.has(account.name) || account === ctx.alice || account === ctx.bob) continue
        if (!(await providerRow(ctx, account.name))) stranger = account
      }
      if (!stranger) skipCase('needs a third funded account that is not a registered provider')
      const before = await ctx.antelope.balance(stranger.name)
      const stake = await transact(ctx, [transfer(stranger.name, ACCOUNT_PROVIDERS, 1n, 'stake')], [stranger])
      expectNodeosError(stake, ASSERT, 'stake by an unregistered account')
      const beat = await transact(ctx, [heartbeat(stranger.name, newDevices(1)[0] as Device)], [stranger])
      expectNodeosError(beat, ASSERT, 'heartbeat by an unregistered account')
      expectEqual(await ctx.antelope.balance(stranger.name), before, 'the SPACE never left the stranger')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.stake-tier',
    title:
      'a SPACE transfer with memo "stake" credits the wallet stake; the tier follows the thresholds; unstake lowers it at once; refund fails before the delay',
    requirements: ['NP-PROV-002', 'NP-PROV-003', 'NP-PROV-004', 'NP-PROV-005', 'NP-TOKEN-005'],
    role,
    async run(ctx) {
      const { alice, bob } = ctx
      await ensureRegistered(ctx, alice)
      const c = await config(ctx)
      const start = await providerRow(ctx, alice.name)
      const stake0 = units(String(start?.stake))
      expectEqual(start?.tier, tierOf(stake0, c), 'tier of the current stake')
      const noMemo = await transact(ctx, [transfer(alice.name, ACCOUNT_PROVIDERS, 1n, 'not stake')], [alice])
      expectNodeosError(noMemo, ASSERT, 'a transfer to spaceos.prov without memo "stake"')
      // Reach the Basic tier when the two spenders can afford it, else stake one unit.
      const basic = BigInt(c.tier_basic_stake as number)
      const reserve = 3_000_000n // 300 SPACE kept for the other cases (bridging, the faucet)
      const aliceFree = (await ctx.antelope.balance(alice.name)) - reserve
      const bobFree = (await ctx.antelope.balance(bob.name)) - reserve
      const toBasic = basic - stake0
      const amount = stake0 < basic && toBasic <= aliceFree + bobFree ? toBasic : 10_000n
      if (amount > aliceFree) {
        expectExecuted(
          await transact(ctx, [transfer(bob.name, alice.name, amount - aliceFree)], [bob]),
          'bob funds alice',
        )
      }
      expectExecuted(await transact(ctx, [transfer(alice.name, ACCOUNT_PROVIDERS, amount, 'stake')], [alice]), 'stake')
      const staked = await providerRow(ctx, alice.name)
      expectEqual(units(String(staked?.stake)), stake0 + amount, 'wallet stake after the stake transfer')
      expectEqual(staked?.tier, tierOf(stake0 + amount, c), 'tier after staking')
      const unstakeAmount = stake0 + amount
      expectExecuted(
        await transact(
          ctx,
          [prov('unstake', alice.name, { owner: alice.name, quantity: asset(unstakeAmount) })],
          [alice],
        ),
        'unstake everything',
      )
      const unstaked = await providerRow(ctx, alice.name)
      expectEqual(units(String(unstaked?.stake)), 0n, 'stake after unstake')
      expectEqual(units(String(unstaked?.unstaking)), units(String(start?.unstaking)) + unstakeAmount, 'unstaking')
      expectEqual(unstaked?.tier, tierOf(0n, c), 'tier after unstake')
      const refund = await transact(ctx, [prov('refund', alice.name, { owner: alice.name })], [alice])
      expectNodeosError(refund, ASSERT, 'refund before the unstake delay')
      const tooMuch = await transact(
        ctx,
        [prov('unstake', alice.name, { owner: alice.name, quantity: asset(1n) })],
        [alice],
      )
      expectNodeosError(tooMuch, ASSERT, 'unstake beyond the stake')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.heartbeat',
    title:
      "gpuheartbeat writes a gpuresource row at the block time, needs the owner's authority, and a device stays with its owner",
    requirements: ['NP-PROV-010', 'NP-PROV-012', 'NP-PROV-014', 'NP-CHAIN-030'],
    role,
    async run(ctx) {
      const { alice, bob } = ctx
      await ensureRegistered(ctx, alice)
      await ensureRegistered(ctx, bob)
      const [device] = newDevices(1) as [Device]
      const answer = await transact(ctx, [heartbeat(alice.name, device)], [alice])
      expectExecuted(answer, 'heartbeat of a registered provider')
      const blockS = Math.floor(Date.parse(`${answer.body.processed.block_time}Z`) / 1000)
      const { rows } = await ctx.antelope.table({
        code: ACCOUNT_PROVIDERS,
        table: 'gpuresource',
        scope: ACCOUNT_PROVIDERS,
        lower_bound: device.device,
        upper_bound: device.device,
      })
      const row = rows[0]
      if (row?.owner !== alice.name || Number(row.vram_mb) !== device.vram_mb)
        throw new CaseFailedError('the gpuresource row', { actual: JSON.stringify(row) })
      expectEqual(Number(row.last_heartbeat), blockS, 'last_heartbeat = block time (s)')
      const signedByBob = await transact(ctx, [heartbeat(alice.name, device, {}, bob.name)], [bob])
      if (signedByBob.status === 200) throw new CaseFailedError('a heartbeat for alice authorised by bob must fail')
      const stolen = await transact(ctx, [heartbeat(bob.name, device)], [bob])
      expectNodeosError(stolen, ASSERT, "bob's heartbeat for alice's device")
      const after = await ctx.antelope.table({
        code: ACCOUNT_PROVIDERS,
        table: 'gpuresource',
        scope: ACCOUNT_PROVIDERS,
        lower_bound: device.device,
        upper_bound: device.device,
      })
      expectEqual(after.rows[0]?.owner, alice.name, 'the device still belongs to alice')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.heartbeat-rules',
    title:
      'gpuheartbeat fails for too many models, a duplicate model, a price that is not positive USD, a non-http(s) endpoint, and every field out of its bounds',
    requirements: ['NP-PROV-011', 'NP-PROV-016', 'NP-CHAIN-002'],
    role,
    async run(ctx) {
      const { alice } = ctx
      await ensureRegistered(ctx, alice)
      const c = await config(ctx)
      const max = Number(c.max_models)
      const model = (i: number, price = '1.0000 USD') => ({ model: `m${i}`, price })
      const bad: [string, Record<string, unknown>][] = [
        ['too many models', { models: Array.from({ length: max + 1 }, (_, i) => model(i)) }],
        ['duplicate model', { models: [model(1), model(1)] }],
        ['negative price', { models: [model(1, '-1.0000 USD')] }],
        ['zero price', { models: [model(1, '0.0000 USD')] }],
        ['ftp endpoint', { endpoint: 'ftp://provider.example' }],
        ['no scheme', { endpoint: 'provider.example' }],
        // NP-PROV-016
        ['empty gpu_model', { gpu_model: '' }],
        ['65-byte gpu_model', { gpu_model: 'g'.repeat(65) }],
        ['vram_mb 0', { vram_mb: 0 }],
        ['tflops_milli 0', { tflops_milli: 0 }],
        ['no models', { models: [] }],
        ['empty model ID', { models: [{ model: '', price: '1.0000 USD' }] }],
        ['65-byte model ID', { models: [{ model: 'm'.repeat(65), price: '1.0000 USD' }] }],
        ['price in SPACE', { models: [model(1, '1.0000 SPACE')] }],
        ['price with 2 decimals', { models: [model(1, '1.00 USD')] }],
        ['257-byte endpoint', { endpoint: `https://${'a'.repeat(249)}` }],
        ['empty region', { region: '' }],
        ['33-byte region', { region: 'r'.repeat(33) }],
      ]
      const devices = newDevices(bad.length)
      const wrong: string[] = []
      for (const [i, [what, overrides]] of bad.entries()) {
        const answer = await transact(ctx, [heartbeat(alice.name, devices[i] as Device, overrides)], [alice])
        if (answer.status === 200 || answer.body?.error?.code !== ASSERT)
          wrong.push(`${what}: ${describeError(answer)}`)
      }
      if (wrong.length > 0)
        throw new CaseFailedError('each heartbeat must fail with 3050003', { actual: wrong.join(' | ') })
      const ok = await transact(
        ctx,
        [heartbeat(alice.name, devices[0] as Device, { models: Array.from({ length: max }, (_, i) => model(i)) })],
        [alice],
      )
      expectExecuted(ok, `exactly PROVIDER_MAX_MODELS (${max}) models are accepted`)
      for (const d of devices.slice(1)) {
        const { rows } = await ctx.antelope.table({
          code: ACCOUNT_PROVIDERS,
          table: 'gpuresource',
          scope: ACCOUNT_PROVIDERS,
          lower_bound: d.device,
          upper_bound: d.device,
        })
        if (rows.length > 0)
          throw new CaseFailedError('a refused heartbeat writes no row', { actual: JSON.stringify(rows[0]) })
      }
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.table-paging',
    title:
      'gpuresource through get_table_rows: primary paging with next_key, reverse, inclusive bounds, and secondary indexes 2 owner, 3 last heartbeat, 4 VRAM, 5 min price',
    requirements: [
      'NP-PROV-013',
      'NP-CHAIN-036',
      'NP-CHAIN-041',
      'NP-CHAIN-044',
      'NP-CHAIN-045',
      'NP-CHAIN-046',
      'NP-CHAIN-030',
    ],
    role,
    async run(ctx) {
      const { alice } = ctx
      await ensureRegistered(ctx, alice)
      const devices = newDevices(4)
      // A price of this run only, so that the min-price index selects exactly these four rows.
      const priceUnits = 1 + (randomBytes(3).readUIntBE(0, 3) % 9_000_000)
      const price = `${Math.floor(priceUnits / 10_000)}.${String(priceUnits % 10_000).padStart(4, '0')} USD`
      const answer = await transact(
        ctx,
        devices.map((d) => heartbeat(alice.name, d, { models: [{ model: 'conformance-model', price }] })),
        [alice],
      )
      expectExecuted(answer, 'four heartbeats in one transaction')
      const heartbeatS = Math.floor(Date.parse(`${answer.body.processed.block_time}Z`) / 1000)
      const q = { code: ACCOUNT_PROVIDERS, table: 'gpuresource', scope: ACCOUNT_PROVIDERS }
      const all = await ctx.antelope.table({ ...q, limit: 1000 })
      const names = all.rows.map((r) => String(r.device))
      // Primary index, forward pages of 3 following next_key.
      const walked: string[] = []
      let lower: string | undefined
      for (let i = 0; i < names.length + 2; i++) {
        const page = await ctx.antelope.table({
          ...q,
          limit: 3,
          ...(lower === undefined ? {} : { lower_bound: lower }),
        })
        walked.push(...page.rows.map((r) => String(r.device)))
        if (!page.more) break
        if (page.next_key === '' || page.next_key === undefined)
          throw new CaseFailedError('more: true comes with a next_key', {
            actual: JSON.stringify({ more: page.more, next_key: page.next_key }),
          })
        lower = String(page.next_key)
        if (page.rows.length !== 3)
          throw new CaseFailedError('a page with more: true is full', { actual: String(page.rows.length) })
      }
      expectEqual(walked.join(','), names.join(','), 'paged rows = all rows, no gap, no repeat')
      const reversed = await ctx.antelope.table({ ...q, limit: 2, reverse: true })
      expectEqual(
        reversed.rows.map((r) => String(r.device)).join(','),
        names.slice(-2).reverse().join(','),
        'reverse: last rows first',
      )
      expectEqual(reversed.more, names.length > 2, 'reverse: more')
      const sorted = [...devices].sort((a, b) => (names.indexOf(a.device) < names.indexOf(b.device) ? -1 : 1))
      const [low, high] = [sorted[1]?.device as string, sorted[2]?.device as string]
      const bounded = await ctx.antelope.table({ ...q, limit: 1000, lower_bound: low, upper_bound: high })
      expectEqual(
        bounded.rows.map((r) => String(r.device)).join(','),
        names.slice(names.indexOf(low), names.indexOf(high) + 1).join(','),
        'lower and upper bounds are inclusive',
      )
      // Secondary indexes at the positions of CHAIN.md §3.2: 2 owner, 3 last heartbeat, 4 VRAM, 5 min price.
      const ours = new Set(devices.map((d) => d.device))
      const findIndex = async (
        what: string,
        position: number,
        params: Record<string, unknown>,
        check: (rows: Record<string, unknown>[]) => boolean,
      ) => {
        const answer = await ctx.antelope.call('get_table_rows', {
          json: true,
          ...q,
          index_position: position,
          limit: 1000,
          ...params,
        })
        if (
          answer.status !== 200 ||
          !Array.isArray(answer.body?.rows) ||
          answer.body.rows.length === 0 ||
          !check(answer.body.rows)
        )
          throw new CaseFailedError(`gpuresource index_position ${position} selects by ${what}`, {
            actual: answer.text.slice(0, 300),
          })
      }
      await findIndex(
        'owner',
        2,
        { key_type: 'name', lower_bound: alice.name, upper_bound: alice.name },
        (rows) => rows.every((r) => r.owner === alice.name) && [...ours].every((d) => rows.some((r) => r.device === d)),
      )
      const probe = devices[2] as Device
      await findIndex(
        'VRAM',
        4,
        { key_type: 'i64', lower_bound: String(probe.vram_mb), upper_bound: String(probe.vram_mb + 1) },
        (rows) => rows.length === 2 && rows.every((r) => r.device === probe.device || r.device === devices[3]?.device),
      )
      await findIndex(
        'last heartbeat',
        3,
        { key_type: 'i64', lower_bound: String(heartbeatS), upper_bound: String(heartbeatS) },
        (rows) =>
          rows.every((r) => Number(r.last_heartbeat) === heartbeatS) &&
          [...ours].every((d) => rows.some((r) => r.device === d)),
      )
      await findIndex(
        'min price',
        5,
        { key_type: 'i64', lower_bound: String(priceUnits), upper_bound: String(priceUnits) },
        (rows) =>
          rows.every((r) => Number(r.min_price) === priceUnits) &&
          [...ours].every((d) => rows.some((r) => r.device === d)),
      )
      const tail = await ctx.antelope.table({ ...q, limit: 1000, lower_bound: names[names.length - 1] })
      expectEqual(tail.more, false, 'the last page has more: false')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.remove',
    title: "gpuremove deletes the owner's device row; another owner cannot remove it",
    requirements: ['NP-PROV-015', 'NP-PROV-014'],
    role,
    async run(ctx) {
      const { alice, bob } = ctx
      await ensureRegistered(ctx, alice)
      await ensureRegistered(ctx, bob)
      const [device] = newDevices(1) as [Device]
      expectExecuted(await transact(ctx, [heartbeat(alice.name, device)], [alice]), 'heartbeat')
      const byBob = await transact(
        ctx,
        [prov('gpuremove', bob.name, { owner: bob.name, device: device.device })],
        [bob],
      )
      expectNodeosError(byBob, ASSERT, "bob removes alice's device")
      expectExecuted(
        await transact(ctx, [prov('gpuremove', alice.name, { owner: alice.name, device: device.device })], [alice]),
        'gpuremove',
      )
      const { rows } = await ctx.antelope.table({
        code: ACCOUNT_PROVIDERS,
        table: 'gpuresource',
        scope: ACCOUNT_PROVIDERS,
        lower_bound: device.device,
        upper_bound: device.device,
      })
      expectEqual(rows.length, 0, 'rows of the removed device')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.payee-signer-status',
    title:
      "setpayee and gpusigner store EVM addresses in lower case (EIP-55 checked, zero refused) with the owner's authority; gpustatus pauses; gpuremove erases the signer",
    requirements: ['NP-PROV-017', 'NP-PROV-018', 'NP-PROV-019', 'NP-CHAIN-002'],
    role,
    async run(ctx) {
      const { alice, bob } = ctx
      await ensureRegistered(ctx, alice)
      await ensureRegistered(ctx, bob)
      // The EIP-55 example address, and the same with its last letter's case flipped (a bad checksum).
      const checksummed = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
      const badChecksum = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'
      const zero = `0x${'0'.repeat(40)}`
      const row = async (table: string, key: string) =>
        (
          await ctx.antelope.table({
            code: ACCOUNT_PROVIDERS,
            table,
            scope: ACCOUNT_PROVIDERS,
            lower_bound: key,
            upper_bound: key,
          })
        ).rows[0]
      const setpayee = (evm_payee: string, signer = alice) =>
        transact(ctx, [prov('setpayee', signer.name, { owner: alice.name, evm_payee })], [signer])
      expectExecuted(await setpayee(checksummed), 'setpayee with an EIP-55 address')
      expectEqual((await row('payees', alice.name))?.evm_payee, checksummed.toLowerCase(), 'payee in lower case')
      expectNodeosError(await setpayee(badChecksum), ASSERT, 'setpayee with a bad checksum')
      expectNodeosError(await setpayee(zero), ASSERT, 'setpayee with the zero address')
      expectNodeosError(await setpayee('0x1234'), ASSERT, 'setpayee with a short address')
      if ((await setpayee(checksummed, bob)).status === 200)
        throw new CaseFailedError("setpayee needs the owner's authority")
      expectEqual((await row('payees', alice.name))?.evm_payee, checksummed.toLowerCase(), 'payee unchanged')

      const [device] = newDevices(1) as [Device]
      expectExecuted(await transact(ctx, [heartbeat(alice.name, device)], [alice]), 'heartbeat')
      const signerOf = (owner: SuiteAccount, signer: string) =>
        transact(ctx, [prov('gpusigner', owner.name, { owner: owner.name, device: device.device, signer })], [owner])
      const upper = `0x${'AB'.repeat(20)}`
      expectExecuted(await signerOf(alice, upper), 'gpusigner with an upper-case address')
      const signed = await row('gpusigners', device.device)
      expectEqual(`${signed?.owner} ${signed?.signer}`, `${alice.name} 0x${'ab'.repeat(20)}`, 'signer row')
      expectNodeosError(await signerOf(bob, checksummed), ASSERT, "bob sets the signer of alice's device")
      expectNodeosError(await signerOf(alice, zero), ASSERT, 'gpusigner with the zero address')

      const status = (owner: SuiteAccount, value: number) =>
        transact(
          ctx,
          [prov('gpustatus', owner.name, { owner: owner.name, device: device.device, status: value })],
          [owner],
        )
      expectExecuted(await status(alice, 1), 'gpustatus 1 (paused)')
      expectEqual(Number((await row('gpuresource', device.device))?.status), 1, 'status after gpustatus 1')
      expectNodeosError(await status(alice, 2), ASSERT, 'gpustatus 2')
      expectNodeosError(await status(bob, 0), ASSERT, "bob resumes alice's device")
      expectExecuted(
        await transact(ctx, [prov('gpuremove', alice.name, { owner: alice.name, device: device.device })], [alice]),
        'gpuremove',
      )
      expectEqual(await row('gpusigners', device.device), undefined, 'the signer row after gpuremove')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.authorities',
    title:
      'reportwork, gpudistrib, verdictack, slashproof and setparam are refused to an ordinary account, and spaceos.brdg release too',
    requirements: ['NP-PROV-020', 'NP-PROV-032', 'NP-PROV-033', 'NP-PROV-036', 'NP-BRDG-023'],
    role,
    async run(ctx) {
      const { alice } = ctx
      const before = await config(ctx)
      const attempts: [string, ActionSpec][] = [
        ['reportwork', prov('reportwork', alice.name, { epoch: 0, work: [{ device: alice.name, inferences: 1 }] })],
        ['gpudistrib', prov('gpudistrib', alice.name, { epoch: 0, max_rows: 1 })],
        ['verdictack', prov('verdictack', alice.name, { id: 1, evm_ref: '0x01' })],
        ['slashproof', prov('slashproof', alice.name, { owner: alice.name, proof_id: 1, reason: 'conformance' })],
        ['setparam', prov('setparam', alice.name, { key: 'heartbeat_interval_s', value: 1 })],
        [
          'release',
          {
            account: ACCOUNT_BRIDGE,
            name: 'release',
            authorization: [{ actor: alice.name, permission: 'active' }],
            data: {
              msg_id: '11'.repeat(32),
              to: alice.name,
              quantity: asset(1n),
              evm_amount: '100000000000000',
              memo: 'conformance',
            },
          },
        ],
      ]
      const accepted: string[] = []
      for (const [what, action] of attempts) {
        let answer: Awaited<ReturnType<typeof transact>>
        try {
          answer = await transact(ctx, [action], [alice])
        } catch (error) {
          // The action's data does not match this node's ABI: report, do not guess.
          throw new CaseFailedError(`${what}: cannot build the action from the node's ABI`, {
            actual: (error as Error).message,
          })
        }
        if (answer.status === 200) accepted.push(what)
      }
      if (accepted.length > 0)
        throw new CaseFailedError('privileged actions must be refused to alice', { actual: accepted.join(', ') })
      expectEqual(JSON.stringify(await config(ctx)), JSON.stringify(before), 'spaceos.prov config unchanged')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.prov.slashproof',
    title:
      'slashproof by spaceos.orcl slashes BAD_PROOF_SLASH_BPS of the stake, unstaking included, into the treasury, once per proof_id',
    requirements: ['NP-PROV-033', 'NP-PROV-034', 'NP-PROV-035', 'NP-PROV-038', 'NP-PROV-006'],
    role,
    async run(ctx) {
      const { alice } = ctx
      const oracle = privileged(ctx, ACCOUNT_ORACLE)
      await ensureRegistered(ctx, alice)
      // Stake one SPACE and unstake it at once: the amount is only "unstaking", and must still be slashable.
      expectExecuted(await transact(ctx, [transfer(alice.name, ACCOUNT_PROVIDERS, 10_000n, 'stake')], [alice]), 'stake')
      expectExecuted(
        await transact(ctx, [prov('unstake', alice.name, { owner: alice.name, quantity: asset(10_000n) })], [alice]),
        'unstake',
      )
      const c = await config(ctx)
      const before = await providerRow(ctx, alice.name)
      const stake = units(String(before?.stake))
      const unstaking = units(String(before?.unstaking))
      const treasury = String(c.treasury)
      const treasuryBefore = await ctx.antelope.balance(treasury)
      const amount = ((stake + unstaking) * BigInt(c.bad_proof_slash_bps as number)) / 10_000n
      const proofId = String(randomBytes(6).readUIntBE(0, 6) + 1)
      const slash = (signer = oracle) =>
        transact(
          ctx,
          [prov('slashproof', signer.name, { owner: alice.name, proof_id: proofId, reason: 'conformance bad proof' })],
          [signer],
        )
      expectExecuted(await slash(), 'slashproof by spaceos.orcl')
      const after = await providerRow(ctx, alice.name)
      const fromStake = amount < stake ? amount : stake
      expectEqual(units(String(after?.stake)), stake - fromStake, 'stake after the slash')
      expectEqual(units(String(after?.unstaking)), unstaking - (amount - fromStake), 'unstaking after the slash')
      expectEqual((await ctx.antelope.balance(treasury)) - treasuryBefore, amount, `slashed SPACE paid to ${treasury}`)
      expectNodeosError(await slash(), ASSERT, 'the same proof_id again')
      expectEqual(
        units(String((await providerRow(ctx, alice.name))?.unstaking)),
        unstaking - (amount - fromStake),
        'slashed once',
      )
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.contracts.check-messages',
    title: 'a failed check of a system contract names the contract and the rule in its message',
    requirements: ['NP-CHAIN-003'],
    role,
    async run(ctx) {
      const { alice } = ctx
      await ensureRegistered(ctx, alice)
      const answer = await transact(
        ctx,
        [heartbeat(alice.name, newDevices(1)[0] as Device, { endpoint: 'ftp://x' })],
        [alice],
      )
      const message = expectNodeosError(answer, ASSERT, 'heartbeat with an ftp endpoint')
      if (!/\b(prov|spaceos\.prov)\b/.test(message)) {
        throw new CaseFailedError('the check message names the contract (e.g. "prov: …")', { actual: message })
      }
    },
  }),
]
