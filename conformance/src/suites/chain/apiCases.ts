import { createHash } from 'node:crypto'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_DAO,
  ACCOUNT_EMISSION,
  ACCOUNT_EVM,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_REWARDS,
  ACCOUNT_TOKEN,
  ACCOUNT_TREASURY,
  ACCOUNT_VESTING,
  ANTELOPE_ACCOUNT_NAME_MAX,
  BLOCK_TIME_MS,
  SPACE_MAX_SUPPLY,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
  STABLE_NATIVE_DECIMALS,
} from '@spaceos/generated/parameters'
import { ABI, PrivateKey, Serializer } from '@wharfkit/antelope'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { asset, randomName, units } from './antelope.ts'
import { type ChainContext, expectEqual, expectNodeosShape, role, waitFor } from './shared.ts'

const SYSTEM = [
  'eosio',
  ACCOUNT_TOKEN,
  ACCOUNT_EVM,
  ACCOUNT_PROVIDERS,
  ACCOUNT_DAO,
  ACCOUNT_BRIDGE,
  ACCOUNT_VESTING,
  ACCOUNT_EMISSION,
  ACCOUNT_ORACLE,
  ACCOUNT_REWARDS,
  ACCOUNT_TREASURY,
]
const CONTRACTS = [
  ACCOUNT_TOKEN,
  ACCOUNT_PROVIDERS,
  ACCOUNT_DAO,
  ACCOUNT_BRIDGE,
  ACCOUNT_VESTING,
  ACCOUNT_EMISSION,
  ACCOUNT_ORACLE,
]
const hex64 = /^[0-9a-f]{64}$/

export const apiCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.api.get-info',
    title: 'get_info answers nodeos fields: chain_id, head and last irreversible block, head time',
    requirements: ['NP-CHAIN-030', 'NP-CHAIN-040', 'NP-CHAIN-043'],
    role,
    async run({ antelope }) {
      const info = await antelope.ok('get_info')
      const problems: string[] = []
      if (!hex64.test(String(info.chain_id))) problems.push('chain_id is not 64 hex')
      if (!Number.isInteger(info.head_block_num) || info.head_block_num < 1) problems.push('head_block_num')
      if (!hex64.test(String(info.head_block_id))) problems.push('head_block_id')
      if (!Number.isInteger(info.last_irreversible_block_num) || info.last_irreversible_block_num > info.head_block_num)
        problems.push('last_irreversible_block_num must be ≤ head_block_num')
      if (!hex64.test(String(info.last_irreversible_block_id))) problems.push('last_irreversible_block_id')
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?$/.test(String(info.head_block_time)))
        problems.push('head_block_time is not a nodeos time point')
      if (typeof info.server_version !== 'string') problems.push('server_version')
      if (
        hex64.test(String(info.head_block_id)) &&
        Number.parseInt(String(info.head_block_id).slice(0, 8), 16) !== info.head_block_num
      )
        problems.push('the first 4 bytes of head_block_id are not the block number')
      if (problems.length > 0)
        throw new CaseFailedError('get_info shape', {
          expected: 'nodeos get_info',
          actual: `${problems.join('; ')}: ${JSON.stringify(info).slice(0, 300)}`,
        })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.get-block',
    title:
      'get_block by number and by id returns the same block, linked to its predecessor; an unknown block is a nodeos error',
    requirements: ['NP-CHAIN-030', 'NP-CHAIN-031', 'NP-CHAIN-043'],
    role,
    async run({ antelope }) {
      const info = await antelope.ok('get_info')
      const num = Number(info.last_irreversible_block_num)
      const byNum = await antelope.ok('get_block', { block_num_or_id: num })
      const byId = await antelope.ok('get_block', { block_num_or_id: byNum.id })
      expectEqual(byNum.block_num, num, 'get_block(n).block_num')
      expectEqual(byId.id, byNum.id, 'get_block(id).id')
      for (const field of ['previous', 'timestamp', 'producer']) {
        if (typeof byNum[field] !== 'string')
          throw new CaseFailedError(`get_block.${field}`, { actual: JSON.stringify(byNum).slice(0, 200) })
      }
      if (!Array.isArray(byNum.transactions)) throw new CaseFailedError('get_block.transactions is an array')
      if (num > 1) {
        const previous = await antelope.call('get_block', { block_num_or_id: num - 1 })
        // A node may have pruned old blocks; when it serves the predecessor, the link must hold.
        if (previous.status === 200) expectEqual(byNum.previous, previous.body.id, 'previous is the id of block n − 1')
      }
      const unknown = await antelope.call('get_block', { block_num_or_id: Number(info.head_block_num) + 1_000_000 })
      if (unknown.status === 200)
        throw new CaseFailedError('a block from the future must not be found', { actual: unknown.text.slice(0, 200) })
      expectNodeosShape(unknown, 'unknown block')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.accounts.system',
    title:
      'every system account exists, has a name of at most 12 characters, and the system contracts have code and an ABI',
    requirements: ['NP-CHAIN-001', 'NP-CHAIN-030'],
    role,
    async run({ antelope }) {
      for (const name of SYSTEM) {
        if (name.length > ANTELOPE_ACCOUNT_NAME_MAX)
          throw new CaseFailedError('system account name length', { actual: name })
        const account = await antelope.ok('get_account', { account_name: name })
        expectEqual(account.account_name, name, `get_account(${name}).account_name`)
      }
      for (const name of CONTRACTS) {
        const raw = await antelope.ok('get_raw_abi', { account_name: name })
        if (!hex64.test(String(raw.code_hash)) || /^0+$/.test(String(raw.code_hash)))
          throw new CaseFailedError(`${name} has code`, {
            expected: 'non-zero code_hash',
            actual: String(raw.code_hash),
          })
      }
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.get-account',
    title: 'get_account answers permissions owner/active with their authorities; an unknown account is a nodeos error',
    requirements: ['NP-CHAIN-030', 'NP-CHAIN-031'],
    role,
    async run({ antelope, alice }) {
      const account = await antelope.ok('get_account', { account_name: alice.name })
      expectEqual(account.account_name, alice.name, 'account_name')
      const perms = account.permissions as {
        perm_name: string
        parent: string
        required_auth: { threshold: number; keys: { key: string; weight: number }[] }
      }[]
      const active = perms?.find((p) => p.perm_name === 'active')
      const owner = perms?.find((p) => p.perm_name === 'owner')
      if (!active || !owner || active.parent !== 'owner')
        throw new CaseFailedError('owner and active (parent owner)', { actual: JSON.stringify(perms).slice(0, 300) })
      const key = PrivateKey.from(alice.privateKey).toPublic()
      if (!active.required_auth.keys.some((k) => key.equals(k.key)))
        throw new CaseFailedError('active lists the key the operator gave for the account', {
          expected: key.toString(),
          actual: JSON.stringify(active.required_auth.keys),
        })
      const missing = await antelope.call('get_account', { account_name: randomName() })
      expectNodeosShape(missing, 'unknown account')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.abi',
    title: "get_abi serves eosio.token's transfer and tables; get_raw_abi is the same ABI in binary with its sha256",
    requirements: ['NP-CHAIN-030', 'NP-TOKEN-002'],
    role,
    async run({ antelope }) {
      const { abi } = await antelope.ok('get_abi', { account_name: ACCOUNT_TOKEN })
      const actions = new Set((abi?.actions ?? []).map((a: { name: string }) => a.name))
      const tables = new Set((abi?.tables ?? []).map((t: { name: string }) => t.name))
      for (const action of ['create', 'issue', 'retire', 'transfer', 'open', 'close'])
        if (!actions.has(action))
          throw new CaseFailedError(`eosio.token ABI has action ${action}`, { actual: [...actions].join(',') })
      for (const table of ['accounts', 'stat'])
        if (!tables.has(table)) throw new CaseFailedError(`eosio.token ABI has table ${table}`)
      const raw = await antelope.ok('get_raw_abi', { account_name: ACCOUNT_TOKEN })
      const bytes = Buffer.from(String(raw.abi), 'base64')
      expectEqual(createHash('sha256').update(bytes).digest('hex'), raw.abi_hash, 'abi_hash = sha256(abi)')
      const decoded = Serializer.decode({ data: bytes, type: ABI })
      if (!decoded.actions.some((a) => String(a.name) === 'transfer'))
        throw new CaseFailedError('the raw ABI decodes to the same ABI')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.token.space',
    title: 'SPACE has its symbol, precision and maximum supply; get_currency_balance equals the accounts table row',
    requirements: ['NP-TOKEN-001', 'NP-TOKEN-002', 'NP-CHAIN-030'],
    role,
    async run({ antelope, alice }) {
      const stats = await antelope.ok('get_currency_stats', { code: ACCOUNT_TOKEN, symbol: SPACE_SYMBOL })
      const row = stats?.[SPACE_SYMBOL]
      if (!row) throw new CaseFailedError('get_currency_stats SPACE', { actual: JSON.stringify(stats) })
      expectEqual(
        String(row.max_supply),
        asset(BigInt(SPACE_MAX_SUPPLY), SPACE_SYMBOL, SPACE_NATIVE_DECIMALS),
        'max_supply',
      )
      if (units(String(row.supply)) <= 0n || units(String(row.supply)) > BigInt(SPACE_MAX_SUPPLY))
        throw new CaseFailedError('0 < supply ≤ max_supply', { actual: String(row.supply) })
      const balance = await antelope.ok('get_currency_balance', {
        code: ACCOUNT_TOKEN,
        account: alice.name,
        symbol: SPACE_SYMBOL,
      })
      const { rows } = await antelope.table({ code: ACCOUNT_TOKEN, table: 'accounts', scope: alice.name })
      const tableRow = rows.find((r: { balance: string }) => String(r.balance).endsWith(` ${SPACE_SYMBOL}`))
      expectEqual(String(balance[0]), String(tableRow?.balance), 'get_currency_balance = accounts row')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.token.stablecoins',
    title: 'the bridged native stablecoins (USD, EUR, GBP, USDT, USDC) that exist have STABLE_NATIVE_DECIMALS',
    requirements: ['NP-TOKEN-006'],
    role,
    async run({ antelope }) {
      const found: string[] = []
      for (const symbol of ['USD', 'EUR', 'GBP', 'USDT', 'USDC']) {
        const stats = await antelope.ok('get_currency_stats', { code: ACCOUNT_TOKEN, symbol })
        const row = stats?.[symbol]
        if (!row) continue
        found.push(symbol)
        const decimals = String(row.max_supply).split(' ')[0]?.split('.')[1]?.length ?? 0
        expectEqual(decimals, STABLE_NATIVE_DECIMALS, `${symbol} precision`)
      }
      if (found.length === 0) skipCase('no bridged stablecoin exists on this chain yet')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.table-by-scope-paging',
    title: 'get_table_by_scope pages with limit, more and lower_bound = next page without gaps or repeats',
    requirements: ['NP-CHAIN-030', 'NP-CHAIN-036', 'NP-CHAIN-041'],
    role,
    async run({ antelope }) {
      const all = await antelope.ok('get_table_by_scope', { code: ACCOUNT_TOKEN, table: 'accounts', limit: 1000 })
      const scopes = (all.rows as { scope: string }[]).map((r) => r.scope)
      if (scopes.length < 3)
        throw new CaseFailedError('eosio.token accounts has at least 3 scopes', { actual: String(scopes.length) })
      const walked: string[] = []
      let lower = ''
      for (let page = 0; page < scopes.length + 2; page++) {
        const answer = await antelope.ok('get_table_by_scope', {
          code: ACCOUNT_TOKEN,
          table: 'accounts',
          limit: 2,
          lower_bound: lower,
        })
        walked.push(...(answer.rows as { scope: string }[]).map((r) => r.scope))
        if (!answer.more) break
        if (typeof answer.more !== 'string' || answer.more === '')
          throw new CaseFailedError('more is the next lower_bound', { actual: JSON.stringify(answer.more) })
        lower = answer.more
      }
      expectEqual(walked.join(','), scopes.join(','), 'paged scopes = all scopes')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.required-keys',
    title: 'get_required_keys picks the key that satisfies the declared authority among the available keys',
    requirements: ['NP-CHAIN-030'],
    role,
    async run({ antelope, alice }) {
      const key = PrivateKey.from(alice.privateKey).toPublic()
      const other = PrivateKey.generate('K1').toPublic()
      const trx = await antelope.build([
        {
          account: ACCOUNT_TOKEN,
          name: 'transfer',
          authorization: [{ actor: alice.name, permission: 'active' }],
          data: { from: alice.name, to: alice.name, quantity: asset(1n), memo: '' },
        },
      ])
      const answer = await antelope.ok('get_required_keys', {
        transaction: Serializer.objectify(trx),
        available_keys: [other.toString(), key.toString()],
      })
      const required = (answer.required_keys as string[]).map(String)
      if (required.length !== 1 || !key.equals(required[0] as string))
        throw new CaseFailedError('required_keys', { expected: `[${key}]`, actual: JSON.stringify(required) })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.query-errors',
    title:
      'queries of a missing account, contract, table or block and an unknown endpoint are answered with nodeos errors, never 200',
    requirements: ['NP-CHAIN-031', 'NP-CHAIN-030'],
    role,
    async run({ antelope }) {
      const missing = randomName()
      const queries: [string, unknown][] = [
        ['get_abi', { account_name: missing }],
        ['get_raw_abi', { account_name: missing }],
        ['get_table_rows', { code: missing, table: 'accounts', scope: missing, json: true }],
        ['get_table_rows', { code: ACCOUNT_TOKEN, table: 'nosuchtable', scope: ACCOUNT_TOKEN, json: true }],
        ['get_currency_balance', { code: missing, account: 'eosio', symbol: SPACE_SYMBOL }],
        ['get_block', { block_num_or_id: 'f'.repeat(64) }],
      ]
      for (const [endpoint, params] of queries) {
        const answer = await antelope.call(endpoint, params)
        if (answer.status === 200) {
          throw new CaseFailedError(`${endpoint} ${JSON.stringify(params)} must fail`, {
            actual: answer.text.slice(0, 200),
          })
        }
        expectNodeosShape(answer, `${endpoint} of something missing`)
      }
      const unknown = await antelope.call('no_such_endpoint', {})
      if (unknown.status !== 404)
        throw new CaseFailedError('an unknown endpoint is HTTP 404', { actual: String(unknown.status) })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.malformed-json',
    title: "a body that is not JSON is answered HTTP 400 in nodeos' error shape",
    requirements: ['NP-CHAIN-037', 'NP-CHAIN-031'],
    role,
    async run({ antelope }) {
      for (const [endpoint, body] of [
        ['get_account', '{"account_name": '],
        ['send_transaction', 'not json at all'],
      ] as const) {
        const answer = await antelope.raw(`/v1/chain/${endpoint}`, body)
        expectEqual(answer.status, 400, `${endpoint} with a malformed body: HTTP status`)
        expectNodeosShape(answer, `${endpoint} with a malformed body`)
      }
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.oversized-body',
    title: "a request body beyond the node's limit is refused with an error in nodeos' shape and applies nothing",
    requirements: ['NP-CHAIN-042', 'NP-CHAIN-031'],
    role,
    async run({ antelope, alice, bob }) {
      const before = await antelope.balance(bob.name)
      const trx = await antelope.build([
        {
          account: ACCOUNT_TOKEN,
          name: 'transfer',
          authorization: [{ actor: alice.name, permission: 'active' }],
          data: { from: alice.name, to: bob.name, quantity: asset(1n), memo: 'x' },
        },
      ])
      const signed = antelope.sign(trx, (await antelope.info()).chain_id, [alice.privateKey])
      const body = JSON.stringify({ ...(Serializer.objectify(signed) as object), padding: 'a'.repeat(8 * 1024 * 1024) })
      let answer: Awaited<ReturnType<typeof antelope.raw>> | undefined
      try {
        answer = await antelope.raw('/v1/chain/send_transaction', body)
      } catch {
        answer = undefined // a node may close the connection on an oversized body: also a refusal
      }
      if (answer !== undefined) {
        if (answer.status === 200)
          throw new CaseFailedError('an 8 MiB body must be refused', { actual: answer.text.slice(0, 200) })
        expectNodeosShape(answer, 'oversized body')
      }
      expectEqual(await antelope.balance(bob.name), before, 'nothing applied')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.api.no-time-travel',
    title: 'a node started without a development flag serves no time-travel endpoint: the clock cannot be moved',
    requirements: ['NP-CHAIN-039'],
    role,
    async run({ antelope, devTimeTravel }) {
      if (devTimeTravel) skipCase('the target declares itself a devnet started with the development flag')
      const before = await antelope.info()
      const answer = await antelope.raw('/v1/devnet/time', JSON.stringify({ seconds: 86_400 }))
      if (answer.status === 200) {
        throw new CaseFailedError('POST /v1/devnet/time must not be served', { actual: answer.text.slice(0, 200) })
      }
      const after = await antelope.info()
      const jumped = Date.parse(`${after.head_block_time}Z`) - Date.parse(`${before.head_block_time}Z`)
      if (jumped > 3_600_000) throw new CaseFailedError('the head time must not jump', { actual: `${jumped} ms` })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.blocks.produced',
    title: 'the head block advances on its own, about every BLOCK_TIME_MS, and head time follows the wall clock',
    requirements: ['NP-CHAIN-038'],
    role,
    async run({ antelope }) {
      const first = await antelope.info()
      const later = await waitFor(
        antelope.info,
        (i) => i.head_block_num >= first.head_block_num + 2,
        20 * BLOCK_TIME_MS,
      )
      if (later.head_block_num < first.head_block_num + 2)
        throw new CaseFailedError('the head advances without transactions', {
          expected: `≥ ${first.head_block_num + 2}`,
          actual: String(later.head_block_num),
        })
      const headMs = Date.parse(`${later.head_block_time}Z`)
      // Loose on purpose: a devnet may have been moved forward by its time-travel endpoint, never backwards.
      if (headMs < Date.now() - 60_000)
        throw new CaseFailedError('head_block_time follows the wall clock', { actual: String(later.head_block_time) })
    },
  }),
]
