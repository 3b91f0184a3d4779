import { request } from 'node:http'
import { deflateSync } from 'node:zlib'
import { ACCOUNT_PROVIDERS, ACCOUNT_TOKEN, SPACE_INITIAL_ISSUE, TIER_BASIC_STAKE } from '@spaceos/generated/parameters'
import {
  ABI,
  Action,
  APIClient,
  FetchProvider,
  Name,
  PackedTransaction,
  PrivateKey,
  Serializer,
  SignedTransaction,
  Transaction,
} from '@wharfkit/antelope'
import { Session } from '@wharfkit/session'
import { WalletPluginPrivateKey } from '@wharfkit/wallet-plugin-privatekey'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contractInstantiations } from '../src/antelope/vertPatches.ts'
import { isContractModuleCached, startChainApi, undoLogSize } from '../src/index.ts'

type Api = Awaited<ReturnType<typeof startChainApi>>
let api: Api
let client: APIClient
const key = (account: string) => api.chain.keys.find((k) => k.account === account)?.privateKey as string

const session = (actor: string) =>
  new Session({
    chain: { id: api.chain.chainId, url: api.url },
    actor,
    permission: 'active',
    walletPlugin: new WalletPluginPrivateKey(key(actor)),
  })
const post = async (endpoint: string, body: unknown) => {
  const res = await fetch(`${api.url}/v1/chain/${endpoint}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  // biome-ignore lint/suspicious/noExplicitAny: the tests read nodeos' JSON replies field by field
  return { status: res.status, json: (await res.json()) as any }
}
const balance = async (account: string) =>
  (await client.v1.chain.get_currency_balance(ACCOUNT_TOKEN, account, 'SPACE'))[0]?.toString()
const space = (units: number) => `${(units / 10_000).toFixed(4)} SPACE`

beforeAll(async () => {
  api = await startChainApi({ dev: true })
  client = new APIClient({ provider: new FetchProvider(api.url, { fetch }) })
})
afterAll(async () => {
  await api?.stop()
})

describe('genesis', () => {
  it('creates SPACE and issues SPACE_INITIAL_ISSUE to eosio, with the system contracts deployed', async () => {
    const stats = await post('get_currency_stats', { code: ACCOUNT_TOKEN, symbol: 'SPACE' })
    expect(stats.json.SPACE).toMatchObject({ supply: space(SPACE_INITIAL_ISSUE), issuer: 'eosio' })
    for (const contract of [
      'eosio.token',
      'spaceos.prov',
      'spaceos.dao',
      'spaceos.brdg',
      'spaceos.vest',
      'spaceos.emit',
      'spaceos.orcl',
    ]) {
      const abi = await client.v1.chain.get_abi(contract)
      expect(abi.abi?.actions.length, contract).toBeGreaterThan(0)
    }
    const raw = await client.v1.chain.get_raw_abi('spaceos.prov')
    expect(raw.code_hash.hexString).not.toBe('0'.repeat(64))
  })

  it('answers get_info and get_block with blocks following the wall clock [NP-CHAIN-030] [NP-CHAIN-038]', async () => {
    const info = await client.v1.chain.get_info()
    expect(info.chain_id.hexString).toBe(api.chain.chainId)
    const block = await client.v1.chain.get_block(info.head_block_num)
    expect(block.id.hexString).toBe(info.head_block_id.hexString)
    expect(Math.abs(info.head_block_time.toMilliseconds() - Date.now())).toBeLessThan(60_000)
  })

  it('answers get_account with the generated keys', async () => {
    const account = await client.v1.chain.get_account('alice')
    const pub = PrivateKey.from(key('alice')).toPublic().toString()
    expect(account.getPermission('active').required_auth.keys[0]?.key.toString()).toBe(pub)
    expect(String(account.core_liquid_balance)).toMatch(/ SPACE$/)
  })
})

describe('transactions from @wharfkit/session', () => {
  it('transfers SPACE (zlib-compressed by default) [NP-CHAIN-035]', async () => {
    const before = await balance('bob')
    const result = await session('alice').transact({
      action: {
        account: ACCOUNT_TOKEN,
        name: 'transfer',
        authorization: [{ actor: 'alice', permission: 'active' }],
        data: { from: 'alice', to: 'bob', quantity: '1.2345 SPACE', memo: 'hi' },
      },
    })
    expect(result.response?.transaction_id).toMatch(/^[0-9a-f]{64}$/)
    const after = await balance('bob')
    expect(Number.parseFloat(after as string) - Number.parseFloat(before as string)).toBeCloseTo(1.2345, 4)
  })

  it('runs gpuheartbeat and reads gpuresource through get_table_rows, by primary and secondary index', async () => {
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
        data: { from: 'carol', to: ACCOUNT_PROVIDERS, quantity: space(TIER_BASIC_STAKE), memo: 'stake' },
      },
    })
    const beat = (device: string) => ({
      account: ACCOUNT_PROVIDERS,
      name: 'gpuheartbeat',
      authorization: auth,
      data: {
        owner: 'carol',
        device,
        gpu_model: 'RTX 4090',
        vram_mb: 24576,
        cuda_cores: 16384,
        tflops_milli: 82600,
        models: [{ model: 'llama-3.1-8b', price: '0.0500 USD' }],
        endpoint: 'https://gpu.example.org/v1',
        region: 'eu-west',
      },
    })
    await carol.transact({ actions: [beat('gpu1'), beat('gpu2')] })
    const all = await post('get_table_rows', {
      code: ACCOUNT_PROVIDERS,
      scope: ACCOUNT_PROVIDERS,
      table: 'gpuresource',
      json: true,
      limit: 1,
    })
    expect(all.json).toMatchObject({ rows: [{ device: 'gpu1', owner: 'carol', vram_mb: 24576 }], more: true })
    expect(all.json.next_key).toBe(Name.from('gpu2').value.toString())
    const rest = await post('get_table_rows', {
      code: ACCOUNT_PROVIDERS,
      scope: ACCOUNT_PROVIDERS,
      table: 'gpuresource',
      json: true,
      lower_bound: all.json.next_key,
    })
    expect(rest.json).toMatchObject({ rows: [{ device: 'gpu2' }], more: false })
    const byOwner = await post('get_table_rows', {
      code: ACCOUNT_PROVIDERS,
      scope: ACCOUNT_PROVIDERS,
      table: 'gpuresource',
      json: true,
      index_position: 2,
      key_type: 'name',
      lower_bound: 'carol',
      upper_bound: 'carol',
      reverse: true,
    })
    expect(byOwner.json.rows.map((r: { device: string }) => r.device)).toEqual(['gpu2', 'gpu1'])
    const scopes = await post('get_table_by_scope', { code: ACCOUNT_PROVIDERS, table: 'gpuresource' })
    expect(scopes.json.rows).toEqual([expect.objectContaining({ scope: ACCOUNT_PROVIDERS, count: 2 })])
  })

  it('answers get_table_rows with hex rows (json false), payers, symbol scopes and a clear error for an unknown table', async () => {
    const table = { code: ACCOUNT_PROVIDERS, scope: ACCOUNT_PROVIDERS, table: 'gpuresource' }
    const raw = await post('get_table_rows', { ...table, json: false, show_payer: true, limit: 1 })
    expect(raw.json.rows[0]).toMatchObject({ data: expect.stringMatching(/^[0-9a-f]+$/), payer: 'carol' })
    const stat = await post('get_table_rows', { code: ACCOUNT_TOKEN, scope: 'SPACE', table: 'stat', json: true })
    expect(stat.json.rows[0]).toMatchObject({ issuer: 'eosio' })
    const unknown = await post('get_table_rows', { ...table, table: 'nosuchtable', json: true })
    expect(unknown.status).toBe(500)
    expect(unknown.json.error.details[0].message).toMatch(/nosuchtable is not specified in the ABI/)
    const account = await post('get_account', { account_name: 'nobody' })
    expect(account.json.error).toMatchObject({ code: 3060002, name: 'account_query_exception' })
  })

  it('reports a failed check as 3050003 with the message and changes nothing [NP-CHAIN-032]', async () => {
    const before = await balance('alice')
    const error = await session('alice')
      .transact({
        action: {
          account: ACCOUNT_PROVIDERS,
          name: 'gpuheartbeat',
          authorization: [{ actor: 'alice', permission: 'active' }],
          data: {
            owner: 'alice',
            device: 'gpu9',
            gpu_model: 'x',
            vram_mb: 1,
            cuda_cores: 1,
            tflops_milli: 1,
            models: [],
            endpoint: '',
            region: '',
          },
        },
      })
      .catch((e: Error) => e)
    expect(String(error)).toMatch(/provider is not registered/)
    expect(await balance('alice')).toBe(before)
  })
})

describe('VeRT patch layer', () => {
  it('lists an accepted transaction in get_block (by number and by id), decoded as nodeos does', async () => {
    const result = await session('alice').transact({
      action: {
        account: ACCOUNT_TOKEN,
        name: 'transfer',
        authorization: [{ actor: 'alice', permission: 'active' }],
        data: { from: 'alice', to: 'carol', quantity: '0.0007 SPACE', memo: 'in a block' },
      },
    })
    const id = result.response?.transaction_id as string
    const blockNum = result.response?.processed.block_num as number
    api.chain.produceBlock()
    const block = await post('get_block', { block_num_or_id: blockNum })
    const listed = block.json.transactions.find((t: { trx: { id: string } }) => t.trx.id === id)
    expect(listed).toMatchObject({ status: 'executed', trx: { id, compression: 'none' } })
    expect(listed.trx.transaction.actions[0]).toMatchObject({ account: ACCOUNT_TOKEN, name: 'transfer' })
    expect(listed.trx.signatures).toHaveLength(1)
    const byId = await post('get_block', { block_num_or_id: block.json.id })
    expect(byId.json.block_num).toBe(blockNum)
    const wrongId = await post('get_block', { block_num_or_id: `${block.json.id.slice(0, 60)}0000` })
    expect(wrongId.status).toBe(400)
  })

  it('re-instantiates only the contract VMs a transaction ran, not every deployed contract', async () => {
    const contracts = Object.values(api.chain.bc.accounts).filter((a) => a.wasm).length
    expect(contracts).toBeGreaterThanOrEqual(7)
    const transfer = (memo: string) =>
      session('alice').transact({
        action: {
          account: ACCOUNT_TOKEN,
          name: 'transfer',
          authorization: [{ actor: 'alice', permission: 'active' }],
          data: { from: 'alice', to: 'bob', quantity: '0.0001 SPACE', memo },
        },
      })
    await transfer('warm')
    const before = contractInstantiations()
    await transfer('one')
    await transfer('two')
    const perTransaction = (contractInstantiations() - before) / 2
    expect(perTransaction).toBeGreaterThanOrEqual(1) // the token's VM ran, so it is fresh again for the next one
    expect(perTransaction).toBeLessThanOrEqual(2)
  })

  it('keeps the undo log empty between transactions and every contract module compiled once', async () => {
    expect(undoLogSize(api.chain.bc)).toBe(0)
    for (const account of Object.values(api.chain.bc.accounts)) {
      if (account.wasm) expect(isContractModuleCached(account.wasm), account.name.toString()).toBe(true)
    }
  })
})

describe('rejected transactions change nothing', () => {
  const transfer = (from: string, quantity = '0.0001 SPACE') =>
    Action.from({
      account: ACCOUNT_TOKEN,
      name: 'transfer',
      authorization: [{ actor: from, permission: 'active' }],
      data: Serializer.encode({ object: { from, to: 'bob', quantity, memo: '' }, abi: abiToken, type: 'transfer' }),
    })
  let abiToken: ABI
  let unique = 0 // every built transaction moves a different amount, so no two share an ID by accident
  const build = async (
    overrides: { signer?: string; extraSigner?: string; expireSeconds?: number; refBlockNum?: number } = {},
  ) => {
    const info = await client.v1.chain.get_info()
    const header = info.getTransactionHeader(overrides.expireSeconds ?? 60)
    const trx = Transaction.from({
      ...header,
      ...(overrides.refBlockNum === undefined ? {} : { ref_block_num: overrides.refBlockNum }),
      actions: [transfer('alice', `${(++unique / 10_000).toFixed(4)} SPACE`)],
    })
    const signers = [overrides.signer ?? 'alice', ...(overrides.extraSigner ? [overrides.extraSigner] : [])]
    const signatures = signers.map((s) => PrivateKey.from(key(s)).signDigest(trx.signingDigest(info.chain_id)))
    return PackedTransaction.fromSigned(SignedTransaction.from({ ...trx, signatures }))
  }
  beforeAll(async () => {
    abiToken = ABI.from((await client.v1.chain.get_abi(ACCOUNT_TOKEN)).abi as ABI.Def)
  })

  it.each([
    ['a signature by the wrong key', { signer: 'bob' }, 401, 'unsatisfied_authorization'],
    ['an extra signature that authorises nothing', { extraSigner: 'bob' }, 401, 'irrelevant_auth_exception'],
    ['an expired transaction', { expireSeconds: -10 }, 500, 'expired_tx_exception'],
    ['a bad TAPOS reference', { refBlockNum: 65_000 }, 500, 'invalid_ref_block_exception'],
  ] as const)('rejects %s in nodeos error shape [NP-CHAIN-033]', async (_, overrides, status, name) => {
    const before = await balance('alice')
    const { status: got, json } = await post('send_transaction', Serializer.objectify(await build(overrides)))
    expect(got).toBe(status)
    expect(json).toMatchObject({ code: status, error: { name, details: [{ message: expect.any(String) }] } })
    expect(await balance('alice')).toBe(before)
  })

  it('rejects a duplicate transaction with 409 tx_duplicate [NP-CHAIN-033]', async () => {
    const packed = Serializer.objectify(await build())
    expect((await post('push_transaction', packed)).status).toBe(200)
    const after = await balance('alice')
    const { status, json } = await post('send_transaction', packed)
    expect(status).toBe(409)
    expect(json.error).toMatchObject({ code: 3040008, name: 'tx_duplicate' })
    expect(await balance('alice')).toBe(after)
  })

  it('accepts send_transaction2 and an uncompressed push_transaction [NP-CHAIN-035]', async () => {
    const before = await balance('bob')
    const response = await client.v1.chain.send_transaction2(await build())
    expect(response.processed.receipt?.status).toBe('executed')
    const plain = await build({ expireSeconds: 61 })
    const uncompressed = {
      ...Serializer.objectify(plain),
      compression: 0,
      packed_trx: Transaction.from(plain.getTransaction()),
    }
    uncompressed.packed_trx = Serializer.encode({ object: plain.getTransaction() }).hexString
    expect((await post('push_transaction', uncompressed)).status).toBe(200)
    expect(await balance('bob')).not.toBe(before)
  })

  it('answers malformed JSON with HTTP 400 and an oversized body with 413 [NP-CHAIN-037]', async () => {
    const before = await balance('alice')
    const bad = await post('send_transaction', '{"signatures":[')
    expect(bad.status).toBe(400)
    expect(bad.json).toMatchObject({ code: 400, error: { name: 'parse_error_exception' } })
    const big = await post('send_transaction', { signatures: [], packed_trx: 'ab'.repeat(300_000) })
    expect(big.status).toBe(413)
    expect(await balance('alice')).toBe(before)
  })

  it('answers malformed bodies and transactions with the matching nodeos error, changing nothing [NP-CHAIN-031] [NP-CHAIN-048]', async () => {
    const before = await balance('alice')
    const good = Serializer.objectify(await build()) as Record<string, unknown>
    const zlibOf = (bytes: Uint8Array) => Buffer.from(deflateSync(bytes)).toString('hex')
    const signedWith = async (actions: Action[]) => {
      const info = await client.v1.chain.get_info()
      const trx = Transaction.from({ ...info.getTransactionHeader(60), actions })
      const signature = PrivateKey.from(key('alice')).signDigest(trx.signingDigest(info.chain_id))
      return Serializer.objectify(
        PackedTransaction.fromSigned(SignedTransaction.from({ ...trx, signatures: [signature] })),
      ) as Record<string, unknown>
    }
    const cases: [string, unknown, number, number, string, RegExp][] = [
      ['a JSON array', '[1,2]', 400, 4, 'parse_error_exception', /Unable to parse/],
      ['a JSON number', '42', 400, 4, 'parse_error_exception', /Unable to parse/],
      ['packed_trx not hex', { ...good, packed_trx: 'zz' }, 400, 3010000, 'chain_type_exception', /hex/],
      ['signatures not an array', { ...good, signatures: 'SIG_K1_x' }, 400, 3010000, 'chain_type_exception', /array/],
      [
        'an unknown compression',
        { ...good, compression: 'lz4' },
        400,
        3040014,
        'unknown_transaction_compression',
        /Unknown transaction compression algorithm "lz4"/,
      ],
      [
        'compression 1 on bytes that are not zlib',
        { ...good, compression: 1, packed_trx: 'deadbeef'.repeat(8) },
        400,
        3040001,
        'tx_decompression_error',
        /not zlib data/,
      ],
      [
        'a zlib bomb (600 KiB of zeros in a few hundred bytes)',
        { ...good, compression: 1, packed_trx: zlibOf(new Uint8Array(600 * 1024)) },
        400,
        3040001,
        'tx_decompression_error',
        /Exceeded maximum decompressed transaction size/,
      ],
      ['no actions', await signedWith([]), 400, 3040002, 'tx_no_action', /at least one action/],
      [
        'an action without authorization',
        await signedWith([Action.from({ ...transfer('alice'), authorization: [] })]),
        400,
        3040003,
        'tx_no_auths',
        /at least one authorization/,
      ],
    ]
    for (const [what, body, status, code, name, message] of cases) {
      const answer = await post('send_transaction', body)
      expect(answer.status, what).toBe(status)
      expect(answer.json, what).toMatchObject({ code: status, error: { code, name } })
      expect(answer.json.error.details[0].message, what).toMatch(message)
    }
    const unknown = await post('no_such_endpoint', {})
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.details[0].message).toMatch(/Unknown endpoint/)
    expect(await balance('alice')).toBe(before)
  })

  it('refuses an oversized body sent without content-length (chunked) with 413 and keeps serving', async () => {
    const { hostname, port } = new URL(api.url)
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ hostname, port, path: '/v1/chain/send_transaction', method: 'POST' }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      const chunk = `"${'a'.repeat(64 * 1024)}",`
      req.write('{"signatures":[')
      for (let i = 0; i < 12; i++) req.write(chunk) // 768 KiB, over the 512 KiB limit
      req.end('""]}')
    })
    expect(status).toBe(413)
    expect((await client.v1.chain.get_info()).chain_id.hexString).toBe(api.chain.chainId)
  })

  it('moves the clock forward only through the dev endpoint [NP-CHAIN-039]', async () => {
    const before = (await client.v1.chain.get_info()).head_block_time.toMilliseconds()
    const res = await fetch(`${api.url}/v1/devnet/time`, { method: 'POST', body: JSON.stringify({ seconds: 3600 }) })
    expect(res.status).toBe(200)
    expect((await client.v1.chain.get_info()).head_block_time.toMilliseconds()).toBeGreaterThanOrEqual(
      before + 3_600_000,
    )
  })
})

describe('bounded memory', () => {
  it('drops the transactions of blocks older than keepBlockBodies; their headers still serve TAPOS', async () => {
    const small = await startChainApi({ chainOptions: { keepBlockBodies: 2 } })
    try {
      small.chain.stop() // blocks only when the test produces them
      const alice = new Session({
        chain: { id: small.chain.chainId, url: small.url },
        actor: 'alice',
        permission: 'active',
        walletPlugin: new WalletPluginPrivateKey(
          small.chain.keys.find((k) => k.account === 'alice')?.privateKey as string,
        ),
      })
      const transfer = () =>
        alice.transact({
          action: {
            account: ACCOUNT_TOKEN,
            name: 'transfer',
            authorization: [{ actor: 'alice', permission: 'active' }],
            data: { from: 'alice', to: 'bob', quantity: '0.0001 SPACE', memo: '' },
          },
        })
      const first = await transfer()
      const blockNum = first.response?.processed.block_num as number
      small.chain.produceBlock()
      const get = async (endpoint: string) => {
        const res = await fetch(`${small.url}/v1/chain/${endpoint}`, {
          method: 'POST',
          body: JSON.stringify({ block_num_or_id: blockNum, block_num: blockNum }),
        })
        // biome-ignore lint/suspicious/noExplicitAny: nodeos JSON
        return { status: res.status, json: (await res.json()) as any }
      }
      expect((await get('get_block')).json.transactions).toHaveLength(1)
      for (let i = 0; i < 3; i++) small.chain.produceBlock()
      const pruned = await get('get_block')
      expect(pruned.status).toBe(400)
      expect(pruned.json.error.details[0].message).toMatch(/keeps the transactions of the last 2 blocks/)
      expect((await get('get_block_info')).json).toMatchObject({ block_num: blockNum })
      await transfer() // TAPOS against a recent header still works
    } finally {
      await small.stop()
    }
  })
})
