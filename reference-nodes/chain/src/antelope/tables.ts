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
  /** `i64`, `name`, `i128`, `i256`, `sha256`, `ripemd160`, `float64`, `float128`; needed for a secondary index. */
  key_type?: string
  /** `primary`/`secondary`/`tertiary`/`fourth`… or a number (1 = primary). */
  index_position?: string | number
  /** `dec` (default) or `hex`: how `i128`/`i256`/`float128` bounds are written. */
  encode_type?: string
  reverse?: boolean
  show_payer?: boolean
}

const queryError = (message: string) => new NodeosApiError('unknownContract', message)

/** nodeos' `get_table_index_name`: 0 for the primary index, else the secondary index number (0-based). */
function indexNumber(position: string | number | undefined): number | undefined {
  const p = String(position ?? '').trim()
  if (p === '' || p === 'first' || p === 'primary' || p === 'one') return undefined
  if (p.startsWith('sec') || p === 'two') return 0
  const words: [string, number][] = [
    ['ter', 1],
    ['th', 1],
    ['fou', 2],
    ['fi', 3],
    ['six', 4],
    ['sev', 5],
    ['eig', 6],
    ['nin', 7],
    ['ten', 8],
  ]
  for (const [prefix, n] of words) if (p.startsWith(prefix)) return n
  if (!/^\d+$/.test(p)) throw queryError(`Invalid index_position: ${p}`)
  const n = Number(p)
  return n < 2 ? undefined : (n - 2) & 0xf
}

/** A parsed unsigned integer bound in decimal or `0x` hex, within `bits`. */
function parseUint(text: string, bits: number, what: string): bigint {
  const s = text.trim()
  let v: bigint
  try {
    if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(s)) throw new Error()
    v = BigInt(s)
  } catch {
    throw new NodeosApiError('badRequest', `Could not convert ${what} string '${text}' to key type.`)
  }
  if (v >= 1n << BigInt(bits)) {
    throw new NodeosApiError('badRequest', `Could not convert ${what} string '${text}' to key type: out of range`)
  }
  return v
}

const hex32 = (v: bigint) => v.toString(16).padStart(64, '0')

/**
 * One kind of secondary index: where VeRT keeps it, how nodeos turns a bound into the stored key, how keys compare,
 * and how `next_key` is written back. VeRT's stored forms: idx64/idx128 unsigned bigints, idxDouble numbers, idx256
 * the `key256_t` words `[k0, k1]` each big-endian (32 bytes, compared bytewise = nodeos' word order).
 */
type IndexKind<K> = {
  store: 'idx64' | 'idx128' | 'idx256' | 'idxDouble' | undefined
  parse: (bound: string, what: string) => K
  compare: (a: K, b: K) => number
  toKey: (stored: unknown) => K
  format: (key: K) => string
}

const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)
const u64Kind = (names: boolean): IndexKind<bigint> => ({
  store: 'idx64',
  parse: (bound, what) => (names ? nameToBigInt(G.Name.from(bound.trim())) : toU64(bound, what)),
  compare: cmpBig,
  toKey: (k) => BigInt(k as bigint),
  format: (k) => k.toString(),
})
const key256Kind = (parse: (bound: string, what: string) => string, format: (hex: string) => string) =>
  ({
    store: 'idx256',
    parse,
    compare: (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0),
    toKey: (k) => G.Bytes.from(k as Uint8Array).hexString,
    format,
  }) satisfies IndexKind<string>
/** sha256 / `i256` with `encode_type: hex`: the 32 bytes as written, big-endian words (nodeos' fixed_bytes<32>). */
const sha256Key = (bound: string, what: string) => {
  const s = bound.trim().replace(/^0x/, '')
  if (!/^[0-9a-fA-F]{64}$/.test(s)) {
    throw new NodeosApiError(
      'badRequest',
      `Could not convert ${what} string '${bound}' to key type: expected 64 hex digits`,
    )
  }
  return s.toLowerCase()
}
/** `i256` (dec or 0x hex number N): nodeos stores k0 = N >> 128, k1 = N mod 2^128. */
const i256Key = (bound: string, what: string) => hex32(parseUint(bound, 256, what))
/** ripemd160: 20 bytes, big-endian words, zero padded to key256. */
const ripemd160Key = (bound: string, what: string) => {
  const s = bound.trim().replace(/^0x/, '')
  if (!/^[0-9a-fA-F]{40}$/.test(s)) {
    throw new NodeosApiError(
      'badRequest',
      `Could not convert ${what} string '${bound}' to key type: expected 40 hex digits`,
    )
  }
  return `${s.toLowerCase()}${'0'.repeat(24)}`
}
const floatKind: IndexKind<number> = {
  store: 'idxDouble',
  parse: (bound, what) => {
    const v = Number(bound.trim())
    if (bound.trim() === '' || Number.isNaN(v)) {
      throw new NodeosApiError(
        'badRequest',
        `Converted ${what} string '${bound}' to NaN which is not a permitted value for the key type`,
      )
    }
    return v
  },
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  toKey: (k) => Number(k),
  format: (k) => String(k),
}

/** Erases the key type: each kind is used only with keys it parsed or read itself. */
const erase = <K>(kind: IndexKind<K>) => kind as unknown as IndexKind<unknown>

function indexKind(keyType: string, encodeType: string): IndexKind<unknown> {
  const i128: IndexKind<bigint> = {
    store: 'idx128',
    parse: (bound, what) => parseUint(bound, 128, what),
    compare: cmpBig,
    toKey: (k) => BigInt(k as bigint),
    format: (k) => (encodeType === 'hex' ? `0x${k.toString(16).padStart(32, '0')}` : k.toString()),
  }
  const kinds: Record<string, () => IndexKind<unknown>> = {
    i64: () => erase(u64Kind(false)),
    name: () => erase(u64Kind(true)),
    i128: () => erase(i128),
    i256: () => erase(encodeType === 'hex' ? key256Kind(sha256Key, (h) => h) : key256Kind(i256Key, (h) => `0x${h}`)),
    sha256: () => erase(key256Kind(sha256Key, (h) => h)),
    ripemd160: () => erase(key256Kind(ripemd160Key, (h) => h.slice(0, 40))),
    float64: () => erase(floatKind),
    // VeRT has no long-double index (no contract it runs can create one): a float128 index is always empty.
    float128: () => erase({ ...floatKind, store: undefined }),
  }
  const make = kinds[keyType]
  if (!make) throw queryError(`Unsupported secondary index type: ${keyType}`)
  return make()
}

type SecondaryStore = {
  bySecondary: { valuesArray(): { tableId: number; primaryKey: bigint; secondaryKey: unknown }[] }
}

/**
 * `get_table_rows` over VeRT's table store, with nodeos' semantics [NP-CHAIN-036]: the primary index and secondary
 * indexes of every kind (`key_type` `i64`/`name`, `i128`, `i256`, `sha256`, `ripemd160`, `float64`, `float128`) at any
 * `index_position`, bounds in nodeos' encodings (`encode_type` `dec`/`hex`; both bounds inclusive), `limit`,
 * `reverse`, `show_payer`, and `more`/`next_key` (the next row's key in the same encoding) whenever rows remain.
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
  if (!tableDef) throw queryError(`Table ${p.table} is not specified in the ABI of ${p.code}`)
  const code = nameToBigInt(G.Name.from(p.code))
  const scope = toU64(p.scope ?? p.code, 'scope')
  const tableName = nameToBigInt(G.Name.from(p.table))
  if ((tableName & 0xfn) !== 0n) throw queryError(`Unsupported table name: ${p.table}`)
  const limit = Math.max(0, Math.min(Number(p.limit ?? 10), 1000))
  if (!Number.isInteger(limit)) throw new NodeosApiError('badRequest', `Invalid limit ${p.limit}`)
  const index = indexNumber(p.index_position)
  const bound = (text: string | undefined) => (text === undefined || String(text) === '' ? undefined : String(text))

  const primary = bc.store.findTable(code, scope, tableName)
  const decode = (kv: KeyValue) => {
    const data =
      p.json === false
        ? G.Bytes.from(kv.value).hexString
        : G.Serializer.objectify(G.Serializer.decode({ data: kv.value, type: String(tableDef.type), abi }))
    return p.show_payer ? { data, payer: bigIntToName(kv.payer).toString() } : data
  }

  let selected: { key: unknown; kv: KeyValue }[]
  let format: (key: unknown) => string
  if (index === undefined) {
    const kind = u64Kind(p.key_type === 'name')
    const lower = bound(p.lower_bound)
    const upper = bound(p.upper_bound)
    const lo = lower === undefined ? 0n : kind.parse(lower, 'lower_bound')
    const hi = upper === undefined ? (1n << 64n) - 1n : kind.parse(upper, 'upper_bound')
    selected = []
    if (primary && lo <= hi) {
      for (let kv = primary.lowerbound(lo); kv && kv.primaryKey <= hi; kv = primary.next(kv.primaryKey)) {
        selected.push({ key: kv.primaryKey, kv })
      }
    }
    format = (k) => String(k)
  } else {
    if (!p.key_type) throw queryError('key type required for non-primary index')
    const kind = indexKind(p.key_type, p.encode_type ?? 'dec')
    const lower = bound(p.lower_bound)
    const upper = bound(p.upper_bound)
    const lo = lower === undefined ? undefined : kind.parse(lower, 'lower_bound')
    const hi = upper === undefined ? undefined : kind.parse(upper, 'upper_bound')
    selected = []
    const indexTable = bc.store.findTable(code, scope, tableName | BigInt(index))
    const store = kind.store ? (bc.store[kind.store] as unknown as SecondaryStore) : undefined
    if (primary && indexTable && store && !(lo !== undefined && hi !== undefined && kind.compare(hi, lo) < 0)) {
      for (const obj of store.bySecondary.valuesArray()) {
        if (obj.tableId !== indexTable.id) continue
        const key = kind.toKey(obj.secondaryKey)
        if (lo !== undefined && kind.compare(key, lo) < 0) continue
        if (hi !== undefined && kind.compare(key, hi) > 0) continue
        const kv = primary.get(obj.primaryKey)
        if (kv) selected.push({ key, kv })
      }
      // nodeos' by_secondary order: (secondary key, primary key). VeRT's tree order is not relied on (its float
      // index does not keep it).
      selected.sort((a, b) => kind.compare(a.key, b.key) || cmpBig(a.kv.primaryKey, b.kv.primaryKey))
    }
    format = kind.format
  }
  if (p.reverse) selected.reverse()
  const rows = selected.slice(0, limit).map(({ kv }) => decode(kv))
  const next = selected[limit]
  return { rows, more: next !== undefined, next_key: next === undefined ? '' : format(next.key) }
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
