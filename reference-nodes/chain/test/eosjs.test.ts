import { TextDecoder, TextEncoder } from 'node:util'
import { ACCOUNT_PROVIDERS, ACCOUNT_TOKEN, TIER_BASIC_STAKE } from '@spaceos/generated/parameters'
import { Api, JsonRpc } from 'eosjs'
import { JsSignatureProvider } from 'eosjs/dist/eosjs-jssig.js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startChainApi } from '../src/index.ts'

type ChainApi = Awaited<ReturnType<typeof startChainApi>>
let chainApi: ChainApi

beforeAll(async () => {
  chainApi = await startChainApi()
  // eosjs references the block 3 behind the head: make sure it exists on this fresh chain.
  for (let i = 0; i < 3; i++) chainApi.chain.produceBlock()
})
afterAll(async () => {
  await chainApi?.stop()
})

it('eosjs (an older, independent client) transfers SPACE with its default TAPOS (3 blocks behind) and reads the balance back', async () => {
  const rpc = new JsonRpc(chainApi.url, { fetch })
  const bob = chainApi.chain.keys.find((k) => k.account === 'bob')?.privateKey as string
  const api = new Api({
    rpc,
    signatureProvider: new JsSignatureProvider([bob]),
    textEncoder: new TextEncoder(),
    textDecoder: new TextDecoder() as never,
  })
  const before = await rpc.get_currency_balance(ACCOUNT_TOKEN, 'carol', 'SPACE')
  const result = (await api.transact(
    {
      actions: [
        {
          account: ACCOUNT_TOKEN,
          name: 'transfer',
          authorization: [{ actor: 'bob', permission: 'active' }],
          data: { from: 'bob', to: 'carol', quantity: '3.0000 SPACE', memo: 'eosjs' },
        },
      ],
    },
    { blocksBehind: 3, expireSeconds: 60 },
  )) as { transaction_id: string }
  expect(result.transaction_id).toMatch(/^[0-9a-f]{64}$/)
  const after = await rpc.get_currency_balance(ACCOUNT_TOKEN, 'carol', 'SPACE')
  expect(Number.parseFloat(after[0] as string) - Number.parseFloat(before[0] as string)).toBeCloseTo(3, 4)
})

it('eosjs registers GPUs and pages gpuresource by its secondary indexes with its default parameters', async () => {
  const rpc = new JsonRpc(chainApi.url, { fetch })
  const carol = chainApi.chain.keys.find((k) => k.account === 'carol')?.privateKey as string
  const api = new Api({
    rpc,
    signatureProvider: new JsSignatureProvider([carol]),
    textEncoder: new TextEncoder(),
    textDecoder: new TextDecoder() as never,
  })
  const authorization = [{ actor: 'carol', permission: 'active' }]
  const beat = (device: string, vram_mb: number) => ({
    account: ACCOUNT_PROVIDERS,
    name: 'gpuheartbeat',
    authorization,
    data: {
      owner: 'carol',
      device,
      gpu_model: 'L40S',
      vram_mb,
      cuda_cores: 18176,
      tflops_milli: 91600,
      models: [{ model: 'qwen-7b', price: '0.0400 USD' }],
      endpoint: 'https://gpl.example.org/v1',
      region: 'us-east',
    },
  })
  await api.transact(
    {
      actions: [
        { account: ACCOUNT_PROVIDERS, name: 'regprovider', authorization, data: { owner: 'carol' } },
        {
          account: ACCOUNT_TOKEN,
          name: 'transfer',
          authorization,
          data: {
            from: 'carol',
            to: ACCOUNT_PROVIDERS,
            quantity: `${(TIER_BASIC_STAKE / 10_000).toFixed(4)} SPACE`,
            memo: 'stake',
          },
        },
        beat('gpla', 48_000),
        beat('gplb', 46_000),
        beat('gplc', 47_000),
      ],
    },
    { blocksBehind: 3, expireSeconds: 60 },
  )
  const table = { code: ACCOUNT_PROVIDERS, scope: ACCOUNT_PROVIDERS, table: 'gpuresource' }
  // eosjs sends index_position 1 and key_type '' unless told otherwise: the primary index.
  const primary = await rpc.get_table_rows({ ...table, limit: 2 })
  expect(primary.rows.map((r: { device: string }) => r.device)).toEqual(['gpla', 'gplb'])
  expect(primary.more).toBe(true)
  const byVram = await rpc.get_table_rows({ ...table, index_position: 4, key_type: 'i64', limit: 2 })
  expect(byVram.rows.map((r: { device: string }) => r.device)).toEqual(['gplb', 'gplc'])
  expect(byVram).toMatchObject({ more: true, next_key: '48000' })
  const next = await rpc.get_table_rows({ ...table, index_position: 4, key_type: 'i64', lower_bound: byVram.next_key })
  expect(next.rows.map((r: { device: string }) => r.device)).toEqual(['gpla'])
  const byOwner = await rpc.get_table_rows({
    ...table,
    index_position: 2,
    key_type: 'name',
    lower_bound: 'carol',
    upper_bound: 'carol',
    reverse: true,
  })
  expect(byOwner.rows.map((r: { device: string }) => r.device)).toEqual(['gplc', 'gplb', 'gpla'])
  await expect(rpc.get_table_rows({ ...table, index_position: 2 })).rejects.toThrow(/key type required/)
})
