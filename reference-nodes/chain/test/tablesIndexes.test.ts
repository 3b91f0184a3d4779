/**
 * get_table_rows over secondary indexes of every kind, on rows stored by real WASM: spaceos.prov's `gpuresource`
 * (four u64 indexes) and a test contract compiled here with proton-asc (test/fixtures/idxtest: u64 name, U128, U256 and
 * f64 indexes), queried over HTTP with nodeos' parameters and encodings and with wharfkit's typed bounds.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { ACCOUNT_PROVIDERS, ACCOUNT_TOKEN, TIER_BASIC_STAKE } from '@spaceos/generated/parameters'
import {
  ABI,
  APIClient,
  Checksum256,
  FetchProvider,
  Float64,
  Name,
  Serializer,
  UInt64,
  UInt128,
} from '@wharfkit/antelope'
import { Session } from '@wharfkit/session'
import { WalletPluginPrivateKey } from '@wharfkit/wallet-plugin-privatekey'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChainApi } from '../src/index.ts'

type Api = Awaited<ReturnType<typeof startChainApi>>
let api: Api
let client: APIClient
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const fixture = fileURLToPath(new URL('./fixtures/idxtest/', import.meta.url))

/** Compiles the fixture contract with proton-asc (as contracts/antelope's pipeline does). */
const compileFixture = () =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(`${repoRoot}node_modules/.bin/proton-asc`, [`${fixture}idxtest.contract.ts`], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${repoRoot}node_modules/.bin:${process.env.PATH ?? ''}` },
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`proton-asc failed:\n${output}`))))
  })

const session = (actor: string) =>
  new Session({
    chain: { id: api.chain.chainId, url: api.url },
    actor,
    permission: 'active',
    walletPlugin: new WalletPluginPrivateKey(api.chain.keys.find((k) => k.account === actor)?.privateKey as string),
  })
const post = async (body: Record<string, unknown>) => {
  const res = await fetch(`${api.url}/v1/chain/get_table_rows`, { method: 'POST', body: JSON.stringify(body) })
  // biome-ignore lint/suspicious/noExplicitAny: the tests read nodeos' JSON replies field by field
  return { status: res.status, json: (await res.json()) as any }
}
const ids = (rows: { id: number | string }[]) => rows.map((r) => Number(r.id))

/** Rows of the fixture: id, owner, a 128-bit number, a float and a sha256 hash. */
const hash = (text: string) => createHash('sha256').update(text).digest()
const fixtureRows = [
  { id: 1, owner: 'alice', big: 5n, score: 2.5, hash: hash('one') },
  { id: 2, owner: 'bob', big: (1n << 64n) + 7n, score: -1.25, hash: hash('two') },
  { id: 3, owner: 'alice', big: (1n << 100n) + 1n, score: 10, hash: hash('three') },
  { id: 4, owner: 'carol', big: 1n << 64n, score: 0.5, hash: hash('four') },
  { id: 5, owner: 'bob', big: 42n, score: 3.75, hash: hash('five') },
]
const sortedBy = <T>(key: (r: (typeof fixtureRows)[number]) => T, cmp: (a: T, b: T) => number) =>
  [...fixtureRows].sort((a, b) => cmp(key(a), key(b)) || a.id - b.id).map((r) => r.id)
const hex = (b: Buffer) => b.toString('hex')
const rowsTable = { code: 'bob', scope: 'bob', table: 'rows', json: true }

beforeAll(async () => {
  await compileFixture()
  api = await startChainApi({ dev: true })
  client = new APIClient({ provider: new FetchProvider(api.url, { fetch }) })
  const wasm = await readFile(`${fixture}target/idxtest.contract.wasm`)
  const abi = ABI.from(JSON.parse(await readFile(`${fixture}target/idxtest.contract.abi`, 'utf8')))
  const bob = session('bob')
  const auth = [{ actor: 'bob', permission: 'active' }]
  // The fixture is deployed the way any client deploys: setcode + setabi on eosio, signed by bob.
  await bob.transact({
    actions: [
      {
        account: 'eosio',
        name: 'setcode',
        authorization: auth,
        data: { account: 'bob', vmtype: 0, vmversion: 0, code: wasm.toString('hex') },
      },
      {
        account: 'eosio',
        name: 'setabi',
        authorization: auth,
        data: { account: 'bob', abi: Serializer.encode({ object: abi }).hexString },
      },
    ],
  })
  for (const r of fixtureRows) {
    // key256 as nodeos' sha256 key type reads a hash: two big-endian 128-bit words; the contract library lays a
    // U256 out as four little-endian u64 (lo1, lo2, hi1, hi2).
    const word = (at: number) => r.hash.readBigUInt64BE(at).toString()
    await bob.transact({
      action: {
        account: 'bob',
        name: 'put',
        authorization: auth,
        data: {
          id: r.id,
          owner: r.owner,
          big_lo: (r.big & ((1n << 64n) - 1n)).toString(),
          big_hi: (r.big >> 64n).toString(),
          score: r.score,
          h0: word(8),
          h1: word(0),
          h2: word(24),
          h3: word(16),
        },
      },
    })
  }
}, 120_000)
afterAll(async () => {
  await api?.stop()
})

describe('get_table_rows on secondary indexes [NP-CHAIN-047] [NP-CHAIN-045] [NP-CHAIN-044]', () => {
  it('serves the fixture rows by primary key, with nodeos paging', async () => {
    const page = await post({ ...rowsTable, limit: 2 })
    expect(ids(page.json.rows)).toEqual([1, 2])
    expect(page.json).toMatchObject({ more: true, next_key: '3' })
    const rest = await post({ ...rowsTable, lower_bound: page.json.next_key })
    expect(ids(rest.json.rows)).toEqual([3, 4, 5])
    expect(rest.json).toMatchObject({ more: false, next_key: '' })
  })

  it('i64/name index (position 2): name bounds inclusive, reverse, more/next_key as uint64', async () => {
    const q = { ...rowsTable, index_position: 'secondary', key_type: 'name' }
    const alice = await post({ ...q, lower_bound: 'alice', upper_bound: 'alice' })
    expect(ids(alice.json.rows)).toEqual([1, 3])
    const all = await post({ ...q, limit: 3 })
    const byOwner = sortedBy(
      (r) => Name.from(r.owner).value.toString(),
      (a, b) => Number(BigInt(a) - BigInt(b)),
    )
    expect(ids(all.json.rows)).toEqual(byOwner.slice(0, 3))
    expect(all.json.more).toBe(true)
    expect(all.json.next_key).toBe(Name.from('bob').value.toString())
    const reversed = await post({ ...q, reverse: true, lower_bound: 'bob' })
    expect(ids(reversed.json.rows)).toEqual([4, 5, 2])
    const i64 = await post({ ...q, key_type: 'i64', lower_bound: all.json.next_key, limit: 1 })
    expect(ids(i64.json.rows)).toEqual([2])
  })

  it('i128 index (position 3): decimal and 0x-hex bounds past 2^64, next_key in the same encoding', async () => {
    const q = { ...rowsTable, index_position: 'tertiary', key_type: 'i128' }
    const byBig = sortedBy(
      (r) => r.big,
      (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    )
    const all = await post({ ...q, limit: 10 })
    expect(ids(all.json.rows)).toEqual(byBig)
    const from64 = await post({ ...q, lower_bound: (1n << 64n).toString(), limit: 2 })
    expect(ids(from64.json.rows)).toEqual([4, 2])
    expect(from64.json).toMatchObject({ more: true, next_key: ((1n << 100n) + 1n).toString() })
    const hexed = await post({
      ...q,
      encode_type: 'hex',
      lower_bound: `0x${(1n << 64n).toString(16)}`,
      upper_bound: `0x${((1n << 64n) + 7n).toString(16)}`,
      limit: 1,
    })
    expect(ids(hexed.json.rows)).toEqual([4])
    expect(hexed.json.next_key).toBe(`0x${((1n << 64n) + 7n).toString(16).padStart(32, '0')}`)
    expect(ids((await post({ ...q, index_position: 3, upper_bound: '41' })).json.rows)).toEqual([1])
  })

  it('float64 index (position 5): negative and fractional bounds, reverse', async () => {
    const q = { ...rowsTable, index_position: 'fifth', key_type: 'float64' }
    const byScore = sortedBy(
      (r) => r.score,
      (a, b) => a - b,
    )
    expect(ids((await post(q)).json.rows)).toEqual(byScore)
    const mid = await post({ ...q, lower_bound: '-1.25', upper_bound: '3.75', limit: 3 })
    expect(ids(mid.json.rows)).toEqual([2, 4, 1])
    expect(mid.json).toMatchObject({ more: true, next_key: '3.75' })
    const rev = await post({ ...q, reverse: true, upper_bound: '2.5' })
    expect(ids(rev.json.rows)).toEqual([1, 4, 2])
  })

  it('sha256 / i256 index (position 4): the hash hex, i256 as a number (dec or hex), next_key per encoding', async () => {
    const byHash = sortedBy(
      (r) => hex(r.hash),
      (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    )
    const q = { ...rowsTable, index_position: 4 }
    expect(ids((await post({ ...q, key_type: 'sha256' })).json.rows)).toEqual(byHash)
    const target = fixtureRows[2] as (typeof fixtureRows)[number]
    const exact = await post({
      ...q,
      key_type: 'sha256',
      lower_bound: hex(target.hash),
      upper_bound: hex(target.hash),
    })
    expect(ids(exact.json.rows)).toEqual([3])
    const asNumber = BigInt(`0x${hex(target.hash)}`).toString()
    const dec = await post({ ...q, key_type: 'i256', lower_bound: asNumber, upper_bound: asNumber })
    expect(ids(dec.json.rows)).toEqual([3])
    const hexI256 = await post({ ...q, key_type: 'i256', encode_type: 'hex', lower_bound: hex(target.hash) })
    expect(ids(hexI256.json.rows)).toEqual(byHash.slice(byHash.indexOf(3)))
    const first = fixtureRows.find((r) => r.id === byHash[1]) as (typeof fixtureRows)[number]
    const paged = await post({ ...q, key_type: 'sha256', limit: 1 })
    expect(paged.json).toMatchObject({ more: true, next_key: hex(first.hash) })
    const pagedI256 = await post({ ...q, key_type: 'i256', limit: 1 })
    expect(pagedI256.json.next_key).toBe(`0x${hex(first.hash)}`)
  })

  it('float128 is accepted but no VeRT contract can hold such an index; bad queries get nodeos errors', async () => {
    expect((await post({ ...rowsTable, index_position: 6, key_type: 'float128' })).json).toEqual({
      rows: [],
      more: false,
      next_key: '',
    })
    const noType = await post({ ...rowsTable, index_position: 2 })
    expect(noType.status).toBe(500)
    expect(noType.json.error.details[0].message).toMatch(/key type required for non-primary index/)
    const unsupported = await post({ ...rowsTable, index_position: 2, key_type: 'i32' })
    expect(unsupported.json.error.details[0].message).toMatch(/Unsupported secondary index type: i32/)
    const badBound = await post({ ...rowsTable, index_position: 3, key_type: 'i128', lower_bound: 'twelve' })
    expect(badBound.status).toBe(400)
    expect(badBound.json.error.details[0].message).toMatch(/Could not convert lower_bound string 'twelve'/)
    const badHash = await post({ ...rowsTable, index_position: 4, key_type: 'sha256', lower_bound: 'abcd' })
    expect(badHash.json.error.details[0].message).toMatch(/64 hex digits/)
    const nan = await post({ ...rowsTable, index_position: 5, key_type: 'float64', lower_bound: 'NaN' })
    expect(nan.json.error.details[0].message).toMatch(/NaN/)
    const badPosition = await post({ ...rowsTable, index_position: 'sideways', key_type: 'i64' })
    expect(badPosition.json.error.details[0].message).toMatch(/Invalid index_position: sideways/)
    const inverted = await post({
      ...rowsTable,
      index_position: 3,
      key_type: 'i128',
      lower_bound: '9',
      upper_bound: '1',
    })
    expect(inverted.json).toEqual({ rows: [], more: false, next_key: '' })
  })

  it('wharfkit: typed bounds (UInt128, Float64, Checksum256, Name) and its next_key decoding page through', async () => {
    const base = { code: 'bob', scope: 'bob', table: 'rows' }
    const big = await client.v1.chain.get_table_rows({
      ...base,
      index_position: 'tertiary',
      lower_bound: UInt128.from((1n << 64n).toString()),
      limit: 1,
    })
    expect(ids(big.rows as { id: number }[])).toEqual([4])
    expect(String(big.next_key)).toBe(((1n << 64n) + 7n).toString())
    const score = await client.v1.chain.get_table_rows({
      ...base,
      index_position: 'fifth',
      key_type: 'float64',
      lower_bound: Float64.from(0),
      limit: 2,
    })
    expect(ids(score.rows as { id: number }[])).toEqual([4, 1])
    expect(Number(String(score.next_key))).toBe(3.75)
    const target = fixtureRows[4] as (typeof fixtureRows)[number]
    const byHash = await client.v1.chain.get_table_rows({
      ...base,
      index_position: 'fourth',
      lower_bound: Checksum256.from(hex(target.hash)),
      upper_bound: Checksum256.from(hex(target.hash)),
    })
    expect(ids(byHash.rows as { id: number }[])).toEqual([5])
    const owners = await client.v1.chain.get_table_rows({
      ...base,
      index_position: 'secondary',
      lower_bound: Name.from('bob'),
      limit: 1,
    })
    expect(ids(owners.rows as { id: number }[])).toEqual([2])
    expect(String(owners.next_key)).toBe('bob')
    const primary = await client.v1.chain.get_table_rows({ ...base, lower_bound: UInt64.from(4) })
    expect(ids(primary.rows as { id: number }[])).toEqual([4, 5])
  })

  it("spaceos.prov gpuresource: owner, heartbeat and VRAM indexes over the contract's own rows", async () => {
    const carol = session('carol')
    const auth = [{ actor: 'carol', permission: 'active' }]
    await carol.transact({
      action: { account: ACCOUNT_PROVIDERS, name: 'regprovider', authorization: auth, data: { owner: 'carol' } },
    })
    await carol.transact({
      action: {
        account: ACCOUNT_TOKEN,
        name: 'transfer',
        authorization: auth,
        data: {
          from: 'carol',
          to: ACCOUNT_PROVIDERS,
          quantity: `${(TIER_BASIC_STAKE / 10_000).toFixed(4)} SPACE`,
          memo: 'stake',
        },
      },
    })
    const beat = (device: string, vram_mb: number) => ({
      account: ACCOUNT_PROVIDERS,
      name: 'gpuheartbeat',
      authorization: auth,
      data: {
        owner: 'carol',
        device,
        gpu_model: 'RTX 4090',
        vram_mb,
        cuda_cores: 16384,
        tflops_milli: 82600,
        models: [{ model: 'llama-3.1-8b', price: '0.0500 USD' }],
        endpoint: 'https://gpu.example.org/v1',
        region: 'eu-west',
      },
    })
    await carol.transact({ actions: [beat('gpua', 80_000), beat('gpub', 24_576), beat('gpuc', 48_000)] })
    const q = { code: ACCOUNT_PROVIDERS, scope: ACCOUNT_PROVIDERS, table: 'gpuresource', json: true }
    const devices = (rows: { device: string }[]) => rows.map((r) => r.device)
    const byVram = await post({ ...q, index_position: 4, key_type: 'i64', lower_bound: '24577', limit: 1 })
    expect(devices(byVram.json.rows)).toEqual(['gpuc'])
    expect(byVram.json).toMatchObject({ more: true, next_key: '80000' })
    const smallest = await post({
      ...q,
      index_position: 'fourth',
      key_type: 'i64',
      upper_bound: '48000',
      reverse: true,
    })
    expect(devices(smallest.json.rows)).toEqual(['gpuc', 'gpub'])
    const byOwner = await post({
      ...q,
      index_position: 2,
      key_type: 'name',
      lower_bound: 'carol',
      upper_bound: 'carol',
    })
    expect(devices(byOwner.json.rows)).toEqual(['gpua', 'gpub', 'gpuc'])
    const beats = await post({ ...q, index_position: 3, key_type: 'i64', show_payer: true })
    expect(beats.json.rows).toHaveLength(3)
    expect(beats.json.rows[0]).toMatchObject({ payer: 'carol', data: expect.objectContaining({ owner: 'carol' }) })
    const none = await post({ ...q, index_position: 2, key_type: 'name', lower_bound: 'dave', upper_bound: 'dave' })
    expect(none.json.rows).toEqual([])
  })
})
