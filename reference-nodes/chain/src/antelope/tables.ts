import * as G from '@greymass/eosio'
import { type Blockchain, bigIntToName, nameToBigInt, symbolCodeToBigInt } from '@proton/vert'
import { NodeosApiError } from './nodeosError.ts'

/** nodeos' conversion of a scope or bound: a number, else an account name, else a symbol code (`SPACE`, `4,SPACE`). */
export function toU64(text: unknown, what: string): bigint {
  const s = String(text ?? '').trim()
  if (/^\d+$/.test(s)) return BigInt(s)
  if (/^[a-z1-5.]{0,12}[a-j1-5.]?$/.test(s)) return nameToBigInt(G.Name.from(s))
  const code = s.includes(',') ? s.split(',')[1] : s
  if (code && /^[A-Z]{1,7}$/.test(code)) return symbolCodeToBigInt(G.Asset.SymbolCode.from(code))
  throw new NodeosApiError('badRequest', `Invalid ${what} "${s}": expected a number, an account name or a symbol code`)
}

const abiOf = (bc: Blockchain, code: string) => {
  const account = bc.getAccount(G.Name.from(code))
  if (!account?.abi)
    throw new NodeosApiError('unknownContract', `Fail to retrieve ABI for ${code}: no contract deployed`)
  return account.abi
}

type KeyValue = { primaryKey: bigint; payer: bigint; value: Uint8Array }

/** Parameters of `/v1/chain/get_table_rows` (nodeos' names). */
export type GetTableRowsParams = {
  code: string
  table: string
  scope?: string
  json?: boolean
  lower_bound?: string
  upper_bound?: string
  limit?: number
  key_type?: string
  index_position?: string | number
  reverse?: boolean
  show_payer?: boolean
}

const POSITIONS: Record<string, number> = {
  primary: 1,
  secondary: 2,
  tertiary: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
}

/**
 * `get_table_rows` over VeRT's table store: primary and 64-bit secondary indexes (`key_type` `i64`/`name`), bounds,
 * `limit`, `reverse`, and `more`/`next_key` whenever rows beyond `limit` remain [NP-CHAIN-036].
 *
 * @example
 * import { createDevChain, getTableRows } from '@spaceos/chain-node'
 * const chain = await createDevChain()
 * getTableRows(chain.bc, { code: 'eosio.token', table: 'accounts', scope: 'alice', json: true })
 */
export function getTableRows(bc: Blockchain, p: GetTableRowsParams) {
  if (typeof p.code !== 'string' || typeof p.table !== 'string') {
    throw new NodeosApiError('badRequest', 'get_table_rows needs "code" and "table"')
  }
  const abi = abiOf(bc, p.code)
  const tableDef = abi.tables.find((t) => String(t.name) === p.table)
  if (!tableDef)
    throw new NodeosApiError('unknownContract', `Table ${p.table} is not specified in the ABI of ${p.code}`)
  const code = nameToBigInt(G.Name.from(p.code))
  const scope = toU64(p.scope ?? p.code, 'scope')
  const tableName = nameToBigInt(G.Name.from(p.table))
  const limit = Math.max(0, Math.min(Number(p.limit ?? 10), 1000))
  const position =
    typeof p.index_position === 'number'
      ? p.index_position
      : (POSITIONS[String(p.index_position ?? 'primary')] ?? Number(p.index_position))
  if (!Number.isInteger(position) || position < 1)
    throw new NodeosApiError('badRequest', `Invalid index_position ${p.index_position}`)
  const lower = p.lower_bound === undefined || p.lower_bound === '' ? undefined : toU64(p.lower_bound, 'lower_bound')
  const upper = p.upper_bound === undefined || p.upper_bound === '' ? undefined : toU64(p.upper_bound, 'upper_bound')

  const primary = bc.store.findTable(code, scope, tableName)
  const all: KeyValue[] = []
  if (primary) {
    for (let kv = primary.lowerbound(0n); kv; kv = primary.next(kv.primaryKey)) all.push(kv)
  }
  let keyed: { key: bigint; kv: KeyValue }[]
  if (position === 1) {
    keyed = all.map((kv) => ({ key: kv.primaryKey, kv }))
  } else {
    if (p.key_type && !['i64', 'name'].includes(p.key_type)) {
      throw new NodeosApiError(
        'badRequest',
        `key_type ${p.key_type} is not served by the devnet yet (i64 and name are)`,
      )
    }
    const indexTable = (tableName & 0xfffffffffffffff0n) | BigInt(position - 2)
    const index = bc.store.findTable(code, scope, indexTable)
    const byPrimary = new Map(all.map((kv) => [kv.primaryKey, kv]))
    keyed = []
    if (index) {
      for (const obj of bc.store.idx64.bySecondary.valuesArray()) {
        if (obj.tableId !== index.id) continue
        const kv = byPrimary.get(obj.primaryKey)
        if (kv) keyed.push({ key: obj.secondaryKey, kv })
      }
    }
  }
  let selected = keyed.filter(
    ({ key }) => (lower === undefined || key >= lower) && (upper === undefined || key <= upper),
  )
  if (p.reverse) selected = selected.reverse()
  const page = selected.slice(0, limit)
  const next = selected[limit]
  const rows = page.map(({ kv }) => {
    const data =
      p.json === false
        ? G.Bytes.from(kv.value).hexString
        : G.Serializer.objectify(G.Serializer.decode({ data: kv.value, type: String(tableDef.type), abi }))
    return p.show_payer ? { data, payer: bigIntToName(kv.payer).toString() } : data
  })
  return { rows, more: next !== undefined, next_key: next === undefined ? '' : next.key.toString() }
}

/** `get_table_by_scope`: the scopes of a contract's tables with their row counts. */
export function getTableByScope(
  bc: Blockchain,
  p: { code: string; table?: string; lower_bound?: string; upper_bound?: string; limit?: number; reverse?: boolean },
) {
  if (typeof p.code !== 'string') throw new NodeosApiError('badRequest', 'get_table_by_scope needs "code"')
  const code = nameToBigInt(G.Name.from(p.code))
  const table = p.table ? nameToBigInt(G.Name.from(p.table)) : undefined
  const lower = p.lower_bound ? toU64(p.lower_bound, 'lower_bound') : undefined
  const upper = p.upper_bound ? toU64(p.upper_bound, 'upper_bound') : undefined
  let found = [...bc.store.prefixesIndex.values()]
    .map((t) => t as unknown as { code: bigint; scope: bigint; table: bigint; size: number })
    .filter((t) => t.code === code && (table === undefined || t.table === table) && t.size > 0)
    .filter((t) => (lower === undefined || t.scope >= lower) && (upper === undefined || t.scope <= upper))
    .sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : a.table < b.table ? -1 : 1))
  if (p.reverse) found = found.reverse()
  const limit = Math.max(0, Math.min(Number(p.limit ?? 10), 1000))
  const rows = found.slice(0, limit).map((t) => ({
    code: p.code,
    scope: bigIntToName(t.scope).toString(),
    table: bigIntToName(t.table).toString(),
    payer: p.code,
    count: t.size,
  }))
  const next = found[limit]
  return { rows, more: next ? bigIntToName(next.scope).toString() : '' }
}
