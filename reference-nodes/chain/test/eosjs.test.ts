import { TextDecoder, TextEncoder } from 'node:util'
import { ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
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
