import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ACCOUNT_DAO,
  ACCOUNT_EMISSION,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_TREASURY,
  ACCOUNT_VESTING,
  DAO_COUNCIL_MULTISIG_THRESHOLD,
  DAO_COUNCIL_SIZE,
  DAO_PARAM_DURATION_S,
  DAO_PARAM_EXEC_DELAY_S,
  PARAMETERS,
  SPACE_INITIAL_ISSUE,
  TIER_BASIC_STAKE,
} from '@spaceos/generated/parameters'
import {
  ABI,
  Action,
  PackedTransaction,
  PrivateKey,
  Serializer,
  SignedTransaction,
  Transaction,
} from '@wharfkit/antelope'
import { Session } from '@wharfkit/session'
import { WalletPluginPrivateKey } from '@wharfkit/wallet-plugin-privatekey'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_COUNCIL, governableParams, startChainApi } from '../src/index.ts'

type Api = Awaited<ReturnType<typeof startChainApi>>
let stateDir: string
let api: Api

const post = async (endpoint: string, body: unknown) => {
  const res = await fetch(`${api.url}/v1/chain/${endpoint}`, { method: 'POST', body: JSON.stringify(body) })
  // biome-ignore lint/suspicious/noExplicitAny: the tests read nodeos' JSON replies field by field
  return { status: res.status, json: (await res.json()) as any }
}
const rows = async (code: string, table: string, scope = code) =>
  (await post('get_table_rows', { code, table, scope, json: true, limit: 100 })).json.rows as Record<string, unknown>[]
const session = (actor: string) =>
  new Session({
    chain: { id: api.chain.chainId, url: api.url },
    actor,
    permission: 'active',
    walletPlugin: new WalletPluginPrivateKey(api.chain.keys.find((k) => k.account === actor)?.privateKey as string),
  })

/** Everything the bootstrap writes, read over HTTP. */
const snapshot = async () => ({
  govparams: await rows(ACCOUNT_DAO, 'govparams'),
  daoState: await rows(ACCOUNT_DAO, 'state'),
  minters: await rows(ACCOUNT_EMISSION, 'minters'),
  budget: await rows(ACCOUNT_EMISSION, 'budget'),
  provState: await rows(ACCOUNT_PROVIDERS, 'state'),
  vestConfig: await rows(ACCOUNT_VESTING, 'config'),
  council: (await post('get_account', { account_name: ACCOUNT_COUNCIL })).json.permissions,
})

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'spaceos-genesis-'))
  api = await startChainApi({ chainOptions: { stateDir } })
})
afterAll(async () => {
  await api?.stop()
  await rm(stateDir, { recursive: true, force: true })
})

describe('genesis bootstrap of the system contracts [NP-CHAIN-049]', () => {
  it('registers every governable parameter with its bounds and owner, then seals the registry', async () => {
    const governable = Object.entries(PARAMETERS).filter(([, m]) => (m as { governable?: boolean }).governable)
    expect(governable.length).toBeGreaterThan(10)
    const registered = await rows(ACCOUNT_DAO, 'govparams')
    expect(registered).toHaveLength(governable.length)
    for (const [key, meta] of governable as [string, { min: number; max: number; value: number }][]) {
      const row = registered.find((r) => r.key === key)
      expect(row, key).toBeDefined()
      expect(Number(row?.min)).toBe(meta.min)
      expect(Number(row?.max)).toBe(meta.max)
      expect(Number(row?.value)).toBe(meta.value)
    }
    const owner = (key: string) => registered.find((r) => r.key === key)?.contract
    expect(owner('TIER_BASIC_STAKE')).toBe(ACCOUNT_PROVIDERS)
    expect(owner('ORACLE_MIN_STAKE')).toBe(ACCOUNT_ORACLE)
    expect(owner('DAO_DELEGATION_CAP_BPS')).toBe(ACCOUNT_DAO)
    expect(governableParams().map((p) => p.key)).toEqual(governable.map(([k]) => k))
    const [state] = await rows(ACCOUNT_DAO, 'state')
    expect(state).toMatchObject({ sealed: true, council: ACCOUNT_COUNCIL, phase: 1, paused: false })
    expect(Number(state?.delegation_cap_bps)).toBe(PARAMETERS.DAO_DELEGATION_CAP_BPS.value)
  })

  it('creates the council account with a threshold of member keys', async () => {
    const perms = (await post('get_account', { account_name: ACCOUNT_COUNCIL })).json.permissions as {
      perm_name: string
      required_auth: { threshold: number; keys: unknown[] }
    }[]
    const active = perms.find((p) => p.perm_name === 'active')
    expect(active?.required_auth.threshold).toBe(DAO_COUNCIL_MULTISIG_THRESHOLD)
    expect(active?.required_auth.keys).toHaveLength(DAO_COUNCIL_SIZE)
    expect(api.chain.council.privateKeys).toHaveLength(DAO_COUNCIL_SIZE)
  })

  it("authorises the council's account only with the threshold of its member keys", async () => {
    const abi = ABI.from((await post('get_abi', { account_name: 'eosio.token' })).json.abi)
    const push = async (signers: string[], memo: string) => {
      const info = await post('get_info', {})
      const header = {
        expiration: new Date(Date.parse(`${info.json.head_block_time}Z`) + 60_000).toISOString().slice(0, 19),
        ref_block_num: info.json.head_block_num & 0xffff,
        ref_block_prefix: Buffer.from(info.json.head_block_id, 'hex').readUInt32LE(8),
      }
      const trx = Transaction.from({
        ...header,
        actions: [
          Action.from(
            {
              account: 'eosio.token',
              name: 'open',
              authorization: [{ actor: ACCOUNT_COUNCIL, permission: 'active' }],
              data: { owner: memo, symbol: '4,SPACE', ram_payer: ACCOUNT_COUNCIL },
            },
            abi,
          ),
        ],
      })
      const signatures = signers.map((k) => PrivateKey.from(k).signDigest(trx.signingDigest(api.chain.chainId)))
      return post(
        'send_transaction',
        Serializer.objectify(PackedTransaction.fromSigned(SignedTransaction.from({ ...trx, signatures }))),
      )
    }
    const members = api.chain.council.privateKeys
    const short = await push(members.slice(0, DAO_COUNCIL_MULTISIG_THRESHOLD - 1), 'alice')
    expect(short.status).toBe(401)
    expect(short.json.error).toMatchObject({ code: 3090003, name: 'unsatisfied_authorization' })
    const enough = await push(members.slice(1, DAO_COUNCIL_MULTISIG_THRESHOLD + 1), 'bob')
    expect(enough.status).toBe(200)
  })

  it('registers spaceos.prov as minter and starts emit and prov inflation clocks in the same block', async () => {
    expect(await rows(ACCOUNT_EMISSION, 'minters')).toEqual([
      expect.objectContaining({ account: ACCOUNT_PROVIDERS, mints: 0 }),
    ])
    const [budget] = await rows(ACCOUNT_EMISSION, 'budget')
    const [prov] = await rows(ACCOUNT_PROVIDERS, 'state')
    expect(budget).toMatchObject({ started: true })
    expect(Number(budget?.year_base)).toBe(SPACE_INITIAL_ISSUE)
    expect(Number(prov?.infl_base_supply)).toBe(SPACE_INITIAL_ISSUE)
    expect(Number(prov?.infl_year_start)).toBeGreaterThan(0)
    expect(Number(prov?.infl_year_start)).toBe(Number(budget?.genesis))
    // nothing minted yet: the supply is still exactly the initial issue
    const stats = await post('get_currency_stats', { code: 'eosio.token', symbol: 'SPACE' })
    expect(stats.json.SPACE.supply).toBe(`${(SPACE_INITIAL_ISSUE / 10_000).toFixed(4)} SPACE`)
  })

  it('initialises spaceos.vest with its allocation authority', async () => {
    expect(await rows(ACCOUNT_VESTING, 'config')).toEqual([
      expect.objectContaining({ initialised: true, authority: 'eosio' }),
    ])
  })

  it('lets spaceos.dao act as spaceos.tsry in inline actions (v2 treasury spends)', async () => {
    const perms = (await post('get_account', { account_name: ACCOUNT_TREASURY })).json.permissions as {
      perm_name: string
      required_auth: { accounts: { permission: { actor: string; permission: string } }[] }
    }[]
    const active = perms.find((p) => p.perm_name === 'active')
    expect(active?.required_auth.accounts.map((a) => a.permission)).toContainEqual({
      actor: ACCOUNT_DAO,
      permission: 'eosio.code',
    })
  })

  it('refuses a DAO-only action signed by another account, and the registry stays as it was', async () => {
    const before = await rows(ACCOUNT_DAO, 'govparams')
    const auth = [{ actor: 'alice', permission: 'active' }]
    await expect(
      session('alice').transact({
        action: {
          account: ACCOUNT_DAO,
          name: 'regparam',
          authorization: auth,
          data: { key: 'X_TEST', contract: ACCOUNT_DAO, min: 0, max: 1, value: 0 },
        },
      }),
    ).rejects.toThrow(/missing required authority spaceos\.dao/)
    await expect(
      session('alice').transact({
        action: { account: ACCOUNT_EMISSION, name: 'addminter', authorization: auth, data: { account: 'alice' } },
      }),
    ).rejects.toThrow(/missing required authority spaceos\.emit/)
    expect(await rows(ACCOUNT_DAO, 'govparams')).toEqual(before)
    expect(await rows(ACCOUNT_EMISSION, 'minters')).toHaveLength(1)
  })

  it('keeps the bootstrap state (and the council keys) across a restart', async () => {
    const before = await snapshot()
    const councilKeys = api.chain.council.privateKeys
    const saved = JSON.parse(await readFile(join(stateDir, 'genesis.json'), 'utf8')) as { councilKeys: string[] }
    expect(saved.councilKeys).toEqual(councilKeys)
    await api.stop()
    api = await startChainApi({ chainOptions: { stateDir } })
    expect(api.chain.council.privateKeys).toEqual(councilKeys)
    expect(await snapshot()).toEqual(before)
  })
})

describe('inflation after genesis (a dev devnet with time travel)', () => {
  it("spaceos.prov's gpuminflate a day later mints exactly what spaceos.emit's budget allows, recorded once", async () => {
    const dev = await startChainApi({ dev: true })
    try {
      const call = async (endpoint: string, body: unknown) => {
        const res = await fetch(`${dev.url}${endpoint}`, { method: 'POST', body: JSON.stringify(body) })
        // biome-ignore lint/suspicious/noExplicitAny: nodeos JSON
        return (await res.json()) as any
      }
      const table = async (code: string, name: string) =>
        (await call('/v1/chain/get_table_rows', { code, scope: code, table: name, json: true, limit: 100 }))
          .rows as Record<string, unknown>[]
      await call('/v1/devnet/time', { seconds: 86_400 })
      const alice = new Session({
        chain: { id: dev.chain.chainId, url: dev.url },
        actor: 'alice',
        permission: 'active',
        walletPlugin: new WalletPluginPrivateKey(
          dev.chain.keys.find((k) => k.account === 'alice')?.privateKey as string,
        ),
      })
      await alice.transact({
        action: {
          account: ACCOUNT_PROVIDERS,
          name: 'gpuminflate',
          authorization: [{ actor: 'alice', permission: 'active' }],
          data: {},
        },
      })
      const [state] = await table(ACCOUNT_PROVIDERS, 'state')
      const mints = await table(ACCOUNT_EMISSION, 'mints')
      const [budget] = await table(ACCOUNT_EMISSION, 'budget')
      expect(mints).toHaveLength(1)
      expect(mints[0]).toMatchObject({ minter: ACCOUNT_PROVIDERS, quantity: state?.minted_total })
      const minted = Number(String(state?.minted_total).split(' ')[0]) * 10_000
      expect(minted).toBeGreaterThan(0)
      // Both clocks started in the same genesis block: prov's mint uses up exactly the budget emit accrued.
      expect(Number(budget?.minted_total)).toBe(minted)
      expect(Number(budget?.year_target)).toBe(minted)
    } finally {
      await dev.stop()
    }
  })
})

describe('governance over the genesis registry (a dev devnet with time travel)', () => {
  it('a parameter change proposed, voted, tallied and executed reaches spaceos.prov through the inline setparam', async () => {
    const dev = await startChainApi({ dev: true })
    try {
      const call = async (endpoint: string, body: unknown) => {
        const res = await fetch(`${dev.url}${endpoint}`, { method: 'POST', body: JSON.stringify(body) })
        // biome-ignore lint/suspicious/noExplicitAny: nodeos JSON
        return (await res.json()) as any
      }
      const table = async (code: string, name: string) =>
        (await call('/v1/chain/get_table_rows', { code, scope: code, table: name, json: true, limit: 100 }))
          .rows as Record<string, unknown>[]
      const alice = new Session({
        chain: { id: dev.chain.chainId, url: dev.url },
        actor: 'alice',
        permission: 'active',
        walletPlugin: new WalletPluginPrivateKey(
          dev.chain.keys.find((k) => k.account === 'alice')?.privateKey as string,
        ),
      })
      const authorization = [{ actor: 'alice', permission: 'active' }]
      const act = (name: string, data: Record<string, unknown>) =>
        alice.transact({ action: { account: ACCOUNT_DAO, name, authorization, data } })
      const registered = (await table(ACCOUNT_DAO, 'govparams')).find((r) => r.key === 'TIER_BASIC_STAKE')
      // The registry's bounds are enforced when proposing.
      await expect(
        act('propparam', {
          proposer: 'alice',
          title: 'too high',
          key: 'TIER_BASIC_STAKE',
          value: Number(registered?.max) + 1,
        }),
      ).rejects.toThrow(/dao: parameter value out of bounds/)
      const value = TIER_BASIC_STAKE + 10_000
      await act('propparam', { proposer: 'alice', title: 'Raise Basic', key: 'TIER_BASIC_STAKE', value })
      const [proposal] = await table(ACCOUNT_DAO, 'proposals')
      await act('vote', { voter: 'alice', proposal: proposal?.id, choice: 1 })
      await call('/v1/devnet/time', { seconds: DAO_PARAM_DURATION_S + 1 })
      await act('tally', { proposal: proposal?.id })
      expect(Number((await table(ACCOUNT_DAO, 'proposals'))[0]?.yes)).toBeGreaterThan(0)
      await call('/v1/devnet/time', { seconds: DAO_PARAM_EXEC_DELAY_S + 1 })
      await act('execute', { proposal: proposal?.id })
      const [config] = await table(ACCOUNT_PROVIDERS, 'config')
      expect(Number(config?.tier_basic_stake)).toBe(value)
      const after = (await table(ACCOUNT_DAO, 'govparams')).find((r) => r.key === 'TIER_BASIC_STAKE')
      expect(Number(after?.value)).toBe(value)
    } finally {
      await dev.stop()
    }
  })
})
