import { ACCOUNT_PROVIDERS, ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { APIClient, FetchProvider, PrivateKey } from '@wharfkit/antelope'
import { Session } from '@wharfkit/session'
import { WalletPluginPrivateKey } from '@wharfkit/wallet-plugin-privatekey'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChainApi } from '../src/index.ts'

type Api = Awaited<ReturnType<typeof startChainApi>>
let api: Api
let client: APIClient
const daveKey = PrivateKey.generate('K1')
const hbKey = PrivateKey.generate('K1')
const keyOf = (account: string) => api.chain.keys.find((k) => k.account === account)?.privateKey as string
const session = (actor: string, privateKey: string, permission = 'active') =>
  new Session({
    chain: { id: api.chain.chainId, url: api.url },
    actor,
    permission,
    walletPlugin: new WalletPluginPrivateKey(privateKey),
  })
const authority = (key: PrivateKey) => ({
  threshold: 1,
  keys: [{ key: key.toPublic().toString(), weight: 1 }],
  accounts: [],
  waits: [],
})
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: Error) => String(e),
  )

beforeAll(async () => {
  api = await startChainApi()
  client = new APIClient({ provider: new FetchProvider(api.url, { fetch }) })
})
afterAll(async () => {
  await api?.stop()
})

describe('native actions', () => {
  it('creates an account with newaccount and funds it in the same transaction', async () => {
    const alice = [{ actor: 'alice', permission: 'active' }]
    await session('alice', keyOf('alice')).transact({
      actions: [
        {
          account: 'eosio',
          name: 'newaccount',
          authorization: alice,
          data: { creator: 'alice', name: 'dave', owner: authority(daveKey), active: authority(daveKey) },
        },
        {
          account: ACCOUNT_TOKEN,
          name: 'transfer',
          authorization: alice,
          data: { from: 'alice', to: 'dave', quantity: '5.0000 SPACE', memo: '' },
        },
      ],
    })
    const dave = await client.v1.chain.get_account('dave')
    expect(dave.getPermission('active').required_auth.keys[0]?.key.toString()).toBe(daveKey.toPublic().toString())
    expect((await client.v1.chain.get_currency_balance(ACCOUNT_TOKEN, 'dave', 'SPACE')).map(String)).toEqual([
      '5.0000 SPACE',
    ])
  })

  it('undoes a newaccount when a later action of the same transaction fails [NP-CHAIN-002]', async () => {
    const alice = [{ actor: 'alice', permission: 'active' }]
    const error = await failure(
      session('alice', keyOf('alice')).transact({
        actions: [
          {
            account: 'eosio',
            name: 'newaccount',
            authorization: alice,
            data: { creator: 'alice', name: 'erin', owner: authority(daveKey), active: authority(daveKey) },
          },
          {
            account: ACCOUNT_TOKEN,
            name: 'transfer',
            authorization: alice,
            data: { from: 'alice', to: 'erin', quantity: '999999.0000 SPACE', memo: '' },
          },
        ],
      }),
    )
    expect(error).toMatch(/overdrawn balance|balance/)
    expect(await failure(client.v1.chain.get_account('erin'))).toMatch(/account_query_exception/)
  })

  it('authorises a custom permission only for the actions linked to it (updateauth + linkauth)', async () => {
    const owner = [{ actor: 'dave', permission: 'active' }]
    await session('dave', daveKey.toString()).transact({
      actions: [
        {
          account: 'eosio',
          name: 'updateauth',
          authorization: owner,
          data: { account: 'dave', permission: 'hb', parent: 'active', auth: authority(hbKey) },
        },
        {
          account: 'eosio',
          name: 'linkauth',
          authorization: owner,
          data: { account: 'dave', code: ACCOUNT_PROVIDERS, type: 'regprovider', requirement: 'hb' },
        },
      ],
    })
    const hb = [{ actor: 'dave', permission: 'hb' }]
    await session('dave', hbKey.toString(), 'hb').transact({
      action: { account: ACCOUNT_PROVIDERS, name: 'regprovider', authorization: hb, data: { owner: 'dave' } },
    })
    const providers = await client.v1.chain.get_table_rows({ code: ACCOUNT_PROVIDERS, table: 'providers', json: true })
    expect(providers.rows).toEqual([expect.objectContaining({ owner: 'dave' })])

    const before = (await client.v1.chain.get_currency_balance(ACCOUNT_TOKEN, 'dave', 'SPACE')).map(String)
    const error = await failure(
      session('dave', hbKey.toString(), 'hb').transact({
        action: {
          account: ACCOUNT_TOKEN,
          name: 'transfer',
          authorization: hb,
          data: { from: 'dave', to: 'bob', quantity: '1.0000 SPACE', memo: '' },
        },
      }),
    )
    expect(error).toMatch(/minimum required authority is active/)
    expect((await client.v1.chain.get_currency_balance(ACCOUNT_TOKEN, 'dave', 'SPACE')).map(String)).toEqual(before)
  })
})
