import { createHash } from 'node:crypto'
import { ACCOUNT_PROVIDERS, ACCOUNT_TOKEN, PROVIDER_UNSTAKE_DELAY_S } from '@spaceos/generated/parameters'
import {
  ABI,
  Action,
  APIClient,
  FetchProvider,
  Name,
  PermissionLevel,
  PrivateKey,
  Serializer,
  SignedTransaction,
  Transaction,
} from '@wharfkit/antelope'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChainApi } from '../src/index.ts'

// Every action trace of a push answer, nodeos' shape [NP-CHAIN-030]: one per receiver (the contract and every account
// it notifies with require_recipient), inline actions after the notifications, ordinals as nodeos assigns them.
type Trace = {
  action_ordinal: number
  creator_action_ordinal: number
  closest_unnotified_ancestor_action_ordinal: number
  receiver: string
  act: {
    account: string
    name: string
    authorization: { actor: string; permission: string }[]
    data: unknown
    hex_data: string
  }
  receipt: {
    receiver: string
    act_digest: string
    global_sequence: number
    recv_sequence: number
    auth_sequence: [string, number][]
    code_sequence: number
    abi_sequence: number
  }
  console: string
  elapsed: number
  trx_id: string
  block_num: number
  account_ram_deltas: unknown[]
  except: unknown
}

type Api = Awaited<ReturnType<typeof startChainApi>>
let api: Api
let client: APIClient
const abis = new Map<string, ABI>()
const key = (account: string) => api.chain.keys.find((k) => k.account === account)?.privateKey as string
/** Signs and pushes one action (header from the chain's head: the test moves the chain clock). */
type Act = { account: string; name: string; data: Record<string, unknown> }
const pushActions = async (actor: string, acts: Act[]) => {
  const actions: Action[] = []
  for (const { account, name, data } of acts) {
    let abi = abis.get(account)
    if (!abi) {
      abi = ABI.from((await client.v1.chain.get_abi(account)).abi as ABI)
      abis.set(account, abi)
    }
    actions.push(Action.from({ account, name, authorization: [{ actor, permission: 'active' }], data }, abi))
  }
  const info = await client.v1.chain.get_info()
  const trx = Transaction.from({ ...info.getTransactionHeader(120), actions })
  const signature = PrivateKey.from(key(actor)).signDigest(trx.signingDigest(info.chain_id))
  const result = await client.v1.chain.push_transaction(SignedTransaction.from({ ...trx, signatures: [signature] }))
  // biome-ignore lint/suspicious/noExplicitAny: nodeos' JSON answer, read field by field
  const processed = (result as any).processed
  return { id: processed.id as string, traces: processed.action_traces as Trace[] }
}
const push = (actor: string, account: string, name: string, data: Record<string, unknown>) =>
  pushActions(actor, [{ account, name, data }])
const transfer = (from: string, to: string, quantity: string, memo = '') =>
  push(from, ACCOUNT_TOKEN, 'transfer', { from, to, quantity, memo })

/** nodeos' act_digest, computed here with @wharfkit/antelope's serializer (independent of the devnet's packing). */
const digest = (act: Trace['act']) => {
  const sha = (...parts: Uint8Array[]) => {
    const h = createHash('sha256')
    for (const p of parts) h.update(p)
    return h.digest()
  }
  const base = sha(
    Serializer.encode({ object: Name.from(act.account) }).array,
    Serializer.encode({ object: Name.from(act.name) }).array,
    Serializer.encode({
      object: act.authorization.map((p) => PermissionLevel.from(p)),
      type: 'permission_level[]',
      customTypes: [PermissionLevel],
    }).array,
  )
  const data = Serializer.encode({ object: Buffer.from(act.hex_data, 'hex'), type: 'bytes' }).array
  const rest = sha(data, Serializer.encode({ object: new Uint8Array(0), type: 'bytes' }).array)
  return sha(base, rest).toString('hex')
}

beforeAll(async () => {
  api = await startChainApi({ dev: true })
  client = new APIClient({ provider: new FetchProvider(api.url, { fetch }) })
})
afterAll(async () => {
  await api?.stop()
})

describe('action traces of a push answer', () => {
  it('lists a transfer once per receiver: eosio.token, then the notified sender and recipient', async () => {
    const { id, traces } = await transfer('alice', 'bob', '1.0000 SPACE', 'traces')
    expect(traces.map((t) => t.receiver)).toEqual([ACCOUNT_TOKEN, 'alice', 'bob'])
    expect(traces.map((t) => t.action_ordinal)).toEqual([1, 2, 3])
    for (const t of traces) {
      // a notification carries the notified action unchanged; its receipt names the notified account
      expect(t.act).toEqual(traces[0]?.act)
      expect(t.receipt.receiver).toBe(t.receiver)
      expect(t.creator_action_ordinal).toBe(0)
      expect(t.closest_unnotified_ancestor_action_ordinal).toBe(0)
      expect(t.trx_id).toBe(id)
      expect(t.except).toBeNull()
      expect(t.account_ram_deltas).toEqual([])
      expect(t.receipt.act_digest).toBe(digest(t.act))
      expect(t.receipt.auth_sequence.map(([actor]) => actor)).toEqual(['alice'])
    }
    expect(traces[0]?.act).toMatchObject({
      account: ACCOUNT_TOKEN,
      name: 'transfer',
      authorization: [{ actor: 'alice', permission: 'active' }],
      data: { from: 'alice', to: 'bob', quantity: '1.0000 SPACE', memo: 'traces' },
    })
    // the contract has code; the notified dev accounts have none
    expect(traces.map((t) => t.receipt.code_sequence > 0)).toEqual([true, false, false])
    // one global sequence per receipt, in execution order; auth sequences count every receipt the actor authorised
    const [g0, g1, g2] = traces.map((t) => t.receipt.global_sequence)
    expect([g1, g2]).toEqual([(g0 as number) + 1, (g0 as number) + 2])
    const a0 = traces[0]?.receipt.auth_sequence[0]?.[1] as number
    expect(traces.map((t) => t.receipt.auth_sequence[0]?.[1])).toEqual([a0, a0 + 1, a0 + 2])

    // a second transfer: each receiver's recv_sequence advances by one, the global sequence continues
    const again = await transfer('alice', 'bob', '0.0001 SPACE')
    expect(again.traces.map((t) => t.receipt.recv_sequence)).toEqual(traces.map((t) => t.receipt.recv_sequence + 1))
    expect(again.traces[0]?.receipt.global_sequence).toBe((g2 as number) + 1)
  })

  it('lists an inline transfer after the action that sent it, with its creator and notifications (prov refund)', async () => {
    await push('carol', ACCOUNT_PROVIDERS, 'regprovider', { owner: 'carol' })
    const stake = await transfer('carol', ACCOUNT_PROVIDERS, '2.0000 SPACE', 'stake')
    // notifications of carol (no code) and spaceos.prov (whose handler books the stake)
    expect(stake.traces.map((t) => t.receiver)).toEqual([ACCOUNT_TOKEN, 'carol', ACCOUNT_PROVIDERS])
    await push('carol', ACCOUNT_PROVIDERS, 'unstake', { owner: 'carol', quantity: '2.0000 SPACE' })
    api.chain.addTime(PROVIDER_UNSTAKE_DELAY_S + 1)
    api.chain.produceBlock() // the head (TAPOS, expiration) moves to the new time

    const { traces } = await push('carol', ACCOUNT_PROVIDERS, 'refund', { owner: 'carol' })
    expect(
      traces.map((t) => [
        t.action_ordinal,
        t.receiver,
        `${t.act.account}::${t.act.name}`,
        t.creator_action_ordinal,
        t.closest_unnotified_ancestor_action_ordinal,
      ]),
    ).toEqual([
      [1, ACCOUNT_PROVIDERS, `${ACCOUNT_PROVIDERS}::refund`, 0, 0],
      [2, ACCOUNT_TOKEN, `${ACCOUNT_TOKEN}::transfer`, 1, 1],
      [3, ACCOUNT_PROVIDERS, `${ACCOUNT_TOKEN}::transfer`, 1, 1],
      [4, 'carol', `${ACCOUNT_TOKEN}::transfer`, 1, 1],
    ])
    const inline = traces[1] as Trace
    expect(inline.act.authorization).toEqual([{ actor: ACCOUNT_PROVIDERS, permission: 'active' }])
    expect(inline.act.data).toMatchObject({ from: ACCOUNT_PROVIDERS, to: 'carol', quantity: '2.0000 SPACE' })
    expect(traces[2]?.act).toEqual(inline.act)
    expect(traces[3]?.act).toEqual(inline.act)
    const sequences = traces.map((t) => t.receipt.global_sequence)
    expect(sequences).toEqual(sequences.map((_, i) => (sequences[0] as number) + i))
    for (const t of traces) expect(t.receipt.act_digest).toBe(digest(t.act))
  })

  it('numbers the traces of a native eosio action and a contract action in one transaction in order', async () => {
    const publicKey = PrivateKey.from(key('alice')).toPublic().toString()
    const authority = { threshold: 1, keys: [{ key: publicKey, weight: 1 }], accounts: [], waits: [] }
    const { traces } = await pushActions('alice', [
      {
        account: 'eosio',
        name: 'newaccount',
        data: { creator: 'alice', name: 'tracesnew111', owner: authority, active: authority },
      },
      {
        account: ACCOUNT_TOKEN,
        name: 'transfer',
        data: { from: 'alice', to: 'tracesnew111', quantity: '0.5000 SPACE', memo: '' },
      },
    ])
    expect(traces.map((t) => [t.action_ordinal, t.receiver, t.act.name, t.creator_action_ordinal])).toEqual([
      [1, 'eosio', 'newaccount', 0],
      [2, ACCOUNT_TOKEN, 'transfer', 0],
      [3, 'alice', 'transfer', 0],
      [4, 'tracesnew111', 'transfer', 0],
    ])
    expect(traces[0]?.act.data).toMatchObject({ creator: 'alice', name: 'tracesnew111' })
    const sequences = traces.map((t) => t.receipt.global_sequence)
    expect(sequences).toEqual(sequences.map((_, i) => (sequences[0] as number) + i))
    // the new account's first receipt
    expect(traces[3]?.receipt.recv_sequence).toBe(1)
    for (const t of traces) expect(t.receipt.act_digest).toBe(digest(t.act))
  })

  it('lists nothing of a failed transaction and advances no sequence', async () => {
    const before = await transfer('alice', 'bob', '0.0001 SPACE', 'before a failure')
    await expect(transfer('alice', 'bob', '999999.0000 SPACE')).rejects.toThrow(/eosio_assert_message/)
    const after = await transfer('alice', 'bob', '0.0001 SPACE', 'after a failure')
    expect(after.traces[0]?.receipt.global_sequence).toBe((before.traces[2]?.receipt.global_sequence as number) + 1)
    expect(after.traces.map((t) => t.receipt.recv_sequence)).toEqual(
      before.traces.map((t) => t.receipt.recv_sequence + 1),
    )
  })
})
