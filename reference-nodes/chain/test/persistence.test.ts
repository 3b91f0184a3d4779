import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ACCOUNT_PROVIDERS, ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { APIClient, FetchProvider } from '@wharfkit/antelope'
import { Session } from '@wharfkit/session'
import { WalletPluginPrivateKey } from '@wharfkit/wallet-plugin-privatekey'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startChainApi } from '../src/index.ts'

type Api = Awaited<ReturnType<typeof startChainApi>>
let stateDir: string
let api: Api | undefined

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'spaceos-chain-'))
})
afterAll(async () => {
  await api?.stop()
  await rm(stateDir, { recursive: true, force: true })
})

const read = async (url: string) => {
  const client = new APIClient({ provider: new FetchProvider(url, { fetch }) })
  const balances = async (account: string) =>
    (await client.v1.chain.get_currency_balance(ACCOUNT_TOKEN, account)).map(String)
  const providers = await client.v1.chain.get_table_rows({ code: ACCOUNT_PROVIDERS, table: 'providers', json: true })
  return {
    alice: await balances('alice'),
    bob: await balances('bob'),
    providers: providers.rows,
    info: await client.v1.chain.get_info(),
  }
}

it('keeps every account, table and balance, the chain ID and the keys across a restart', async () => {
  api = await startChainApi({ chainOptions: { stateDir } })
  const first = api
  const alice = first.chain.keys.find((k) => k.account === 'alice')?.privateKey as string
  const session = new Session({
    chain: { id: first.chain.chainId, url: first.url },
    actor: 'alice',
    permission: 'active',
    walletPlugin: new WalletPluginPrivateKey(alice),
  })
  const auth = [{ actor: 'alice', permission: 'active' }]
  await session.transact({
    action: {
      account: ACCOUNT_TOKEN,
      name: 'transfer',
      authorization: auth,
      data: { from: 'alice', to: 'bob', quantity: '2.5000 SPACE', memo: '' },
    },
  })
  await session.transact({
    action: { account: ACCOUNT_PROVIDERS, name: 'regprovider', authorization: auth, data: { owner: 'alice' } },
  })
  const before = await read(first.url)
  expect(before.providers).toEqual([expect.objectContaining({ owner: 'alice' })])
  await first.stop()
  api = undefined
  expect(await readFile(join(stateDir, 'genesis.json'), 'utf8')).toContain(alice)

  api = await startChainApi({ chainOptions: { stateDir } })
  expect(api.chain.chainId).toBe(first.chain.chainId)
  expect(api.chain.keys).toEqual(first.chain.keys)
  const after = await read(api.url)
  expect({ alice: after.alice, bob: after.bob, providers: after.providers }).toEqual({
    alice: before.alice,
    bob: before.bob,
    providers: before.providers,
  })
  expect(after.info.head_block_num.toNumber()).toBeGreaterThan(before.info.head_block_num.toNumber())

  // The restarted chain accepts new transactions from the same keys.
  const again = new Session({
    chain: { id: api.chain.chainId, url: api.url },
    actor: 'alice',
    permission: 'active',
    walletPlugin: new WalletPluginPrivateKey(alice),
  })
  await again.transact({
    action: {
      account: ACCOUNT_TOKEN,
      name: 'transfer',
      authorization: auth,
      data: { from: 'alice', to: 'bob', quantity: '1.0000 SPACE', memo: '' },
    },
  })
  expect((await read(api.url)).bob).not.toEqual(before.bob)
})

it('drops a torn last line of the log (a crash mid-append) and refuses a damaged complete line', async () => {
  await api?.stop()
  api = undefined
  const log = join(stateDir, 'transactions.jsonl')
  const intact = await readFile(log, 'utf8')
  expect(intact.endsWith('\n')).toBe(true)
  await appendFile(log, '{"block_num":9,"block_ms":17') // torn: no newline, never answered
  api = await startChainApi({ chainOptions: { stateDir } })
  expect(await readFile(log, 'utf8')).toBe(intact)
  const balances = (await read(api.url)).bob
  await api.stop()
  api = undefined
  await writeFile(log, `${intact}not json\n`)
  await expect(startChainApi({ chainOptions: { stateDir } })).rejects.toThrow(/line \d+ is damaged/)
  await writeFile(log, intact)
  api = await startChainApi({ chainOptions: { stateDir } })
  expect((await read(api.url)).bob).toEqual(balances)
})
