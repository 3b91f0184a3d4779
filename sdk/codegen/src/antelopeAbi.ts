/**
 * Antelope ABI → TypeScript generator: typed structs (input and decoded forms), action parameter types, table row types
 * and one typed contract client per account, on top of @wharfkit/antelope. Written here because the upstream wharfkit
 * CLI is not available from the registry; it shares no code with it.
 */

export type AbiStruct = { name: string; base: string; fields: { name: string; type: string }[] }
export type AbiJson = {
  version: string
  types?: { new_type_name: string; type: string }[]
  structs?: AbiStruct[]
  actions?: { name: string; type: string; ricardian_contract?: string }[]
  tables?: { name: string; index_type?: string; key_names?: string[]; key_types?: string[]; type: string }[]
  variants?: { name: string; types: string[] }[]
  ricardian_clauses?: unknown[]
  error_messages?: unknown[]
  abi_extensions?: unknown[]
  action_results?: { name: string; result_type: string }[]
}

/** Built-in ABI types: [input type (what callers may pass), decoded type (what the ABI decoder returns)]. */
const builtins: Record<string, [string, string]> = {
  bool: ['boolean', 'boolean'],
  int8: ['Int8Type', 'Int8'],
  uint8: ['UInt8Type', 'UInt8'],
  int16: ['Int16Type', 'Int16'],
  uint16: ['UInt16Type', 'UInt16'],
  int32: ['Int32Type', 'Int32'],
  uint32: ['UInt32Type', 'UInt32'],
  int64: ['Int64Type', 'Int64'],
  uint64: ['UInt64Type', 'UInt64'],
  int128: ['Int128Type', 'Int128'],
  uint128: ['UInt128Type', 'UInt128'],
  varint32: ['VarIntType', 'VarInt'],
  varuint32: ['VarUIntType', 'VarUInt'],
  float32: ['Float32Type', 'Float32'],
  float64: ['Float64Type', 'Float64'],
  float128: ['Float128Type', 'Float128'],
  time_point: ['TimePointType', 'TimePoint'],
  time_point_sec: ['TimePointType', 'TimePointSec'],
  block_timestamp_type: ['TimePointType', 'BlockTimestamp'],
  name: ['NameType', 'Name'],
  bytes: ['BytesType', 'Bytes'],
  string: ['string', 'string'],
  checksum160: ['Checksum160Type', 'Checksum160'],
  checksum256: ['Checksum256Type', 'Checksum256'],
  checksum512: ['Checksum512Type', 'Checksum512'],
  public_key: ['PublicKeyType', 'PublicKey'],
  signature: ['SignatureType', 'Signature'],
  symbol: ['Asset.SymbolType', 'Asset.Symbol'],
  symbol_code: ['Asset.SymbolCodeType', 'Asset.SymbolCode'],
  asset: ['AssetType', 'Asset'],
  extended_asset: ['ExtendedAssetType', 'ExtendedAsset'],
}

const pascal = (name: string) =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')

const identifier = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name))

/** `eosio.token` → `EosioToken`. */
export const contractClassName = (account: string) => `${pascal(account)}Contract`

type Form = 'input' | 'output'

class TypeResolver {
  readonly aliases = new Map<string, string>()
  readonly structs = new Map<string, AbiStruct>()
  readonly variants = new Map<string, string[]>()
  readonly usedImports = { input: new Set<string>(), output: new Set<string>() }

  constructor(abi: AbiJson) {
    for (const t of abi.types ?? []) this.aliases.set(t.new_type_name, t.type)
    for (const s of abi.structs ?? []) this.structs.set(s.name, s)
    for (const v of abi.variants ?? []) this.variants.set(v.name, v.types)
  }

  /** TypeScript type for an ABI type expression in the given form. */
  ts(type: string, form: Form): string {
    if (type.endsWith('$')) return this.ts(type.slice(0, -1), form)
    if (type.endsWith('?')) return `${this.ts(type.slice(0, -1), form)} | null`
    if (type.endsWith('[]')) {
      const inner = this.ts(type.slice(0, -2), form)
      return /[ |]/.test(inner) ? `Array<${inner}>` : `${inner}[]`
    }
    const fixed = type.match(/^(.*)\[(\d+)\]$/)
    if (fixed) return `${this.ts(fixed[1]!, form)}[]`
    const alias = this.aliases.get(type)
    if (alias) return this.ts(alias, form)
    const builtin = builtins[type]
    if (builtin) {
      const ts = form === 'input' ? builtin[0] : builtin[1]
      if (/^[A-Z]/.test(ts)) this.usedImports[form].add(ts.split('.')[0]!)
      return ts
    }
    if (this.structs.has(type)) return `${pascal(type)}${form === 'input' ? 'Input' : ''}`
    const variant = this.variants.get(type)
    if (variant) return variant.map((t) => `[${JSON.stringify(t)}, ${this.ts(t, form)}]`).join(' | ')
    throw new Error(`unknown ABI type "${type}"`)
  }
}

/** Renders the TypeScript module for one contract ABI. */
export function renderContractModule(account: string, abi: AbiJson, header: string, abiPath: string): string {
  const r = new TypeResolver(abi)
  const body: string[] = []
  const structs = [...(abi.structs ?? [])].sort((a, b) => a.name.localeCompare(b.name))

  for (const form of ['input', 'output'] as const) {
    for (const s of structs) {
      const name = `${pascal(s.name)}${form === 'input' ? 'Input' : ''}`
      const base = s.base ? ` extends ${pascal(s.base)}${form === 'input' ? 'Input' : ''}` : ''
      const what = form === 'input' ? 'as a caller may pass it' : 'as the ABI decoder returns it'
      body.push(`/** ABI struct \`${s.name}\`, ${what}. */`, `export interface ${name}${base} {`)
      for (const f of s.fields) {
        const optional = f.type.endsWith('$') || (form === 'input' && f.type.endsWith('?'))
        body.push(`  ${identifier(f.name)}${optional ? '?' : ''}: ${r.ts(f.type, form)}`)
      }
      body.push('}', '')
    }
  }

  const actions = [...(abi.actions ?? [])].sort((a, b) => a.name.localeCompare(b.name))
  const tables = [...(abi.tables ?? [])].sort((a, b) => a.name.localeCompare(b.name))
  body.push(`/** Action name → data as a caller may pass it. */`, 'export interface Actions {')
  for (const a of actions) body.push(`  ${identifier(a.name)}: ${r.ts(a.type, 'input')}`)
  body.push('}', '', `/** Table name → decoded row type. */`, 'export interface Tables {')
  for (const t of tables) body.push(`  ${identifier(t.name)}: ${r.ts(t.type, 'output')}`)
  body.push('}', '')

  const cls = contractClassName(account)
  body.push(
    `/** Names of the actions of \`${account}\`. */`,
    `export const actionNames = ${JSON.stringify(actions.map((a) => a.name))} as const`,
    `/** Names of the tables of \`${account}\`. */`,
    `export const tableNames = ${JSON.stringify(tables.map((t) => t.name))} as const`,
    '',
    `/** Row type (ABI struct name) of each table. */`,
    `const tableTypes: Record<keyof Tables, string> = ${JSON.stringify(Object.fromEntries(tables.map((t) => [t.name, t.type])))}`,
    '',
    `/**`,
    ` * Typed client for the \`${account}\` contract: one action builder per action and one query per table.`,
    ` *`,
    ` * @example`,
    ` * import { APIClient } from '@wharfkit/antelope'`,
    ` * import { ${cls} } from '@spaceos/generated/antelope/${account}'`,
    ` * const contract = new ${cls}({ client: new APIClient({ url: 'http://127.0.0.1:8888' }) })`,
    actions[0]
      ? ` * declare const data: ${pascal(actions[0].type)}Input\n * const action = contract.actions.${actions[0].name}(data, [{ actor: 'alice', permission: 'active' }])`
      : ' *',
    ` */`,
    `export class ${cls} extends ContractBase<Actions, Tables> {`,
    `  /** Account the contract is deployed to on SPACE OS chains. */`,
    `  static readonly defaultAccount = ${JSON.stringify(account)}`,
    '',
    '  constructor(options: ContractOptions = {}) {',
    `    super(abi, options.account ?? ${JSON.stringify(account)}, options.client, tableTypes)`,
    '  }',
    '',
    '  /** One typed builder per action: `actions.<name>(data, authorization)` returns a wharfkit `Action`. */',
    '  readonly actions = {',
  )
  for (const a of actions) {
    body.push(
      `    /** Builds action \`${a.name}\` (data struct \`${a.type}\`). */`,
      `    ${identifier(a.name)}: (data: Actions[${JSON.stringify(a.name)}], authorization: PermissionLevelType[]): Action =>`,
      `      this.action(${JSON.stringify(a.name)}, data, authorization),`,
    )
  }
  body.push(
    '  }',
    '',
    '  /** One typed query per table: `tables.<name>(query)` returns a page of decoded rows. */',
    '  readonly tables = {',
  )
  for (const t of tables) {
    const keys = t.key_names?.length ? ` Primary key: ${t.key_names.join(', ')}.` : ''
    body.push(
      `    /** Reads table \`${t.name}\` (rows of \`${t.type}\`).${keys} */`,
      `    ${identifier(t.name)}: (query: TableQuery = {}): Promise<TablePage<Tables[${JSON.stringify(t.name)}]>> =>`,
      `      this.query(${JSON.stringify(t.name)}, query),`,
    )
  }
  body.push('  }', '}', '')

  const valueImports = ['ABI', 'type ABIDef', 'Action', 'type PermissionLevelType']
  const typeImports = [...new Set([...r.usedImports.input, ...r.usedImports.output])].sort()
  const imports = [
    `import { ${[...valueImports, ...typeImports.map((t) => `type ${t}`)].join(', ')} } from '@wharfkit/antelope'`,
    `import { ContractBase, type ContractOptions, type TableQuery, type TablePage } from './runtime.ts'`,
  ]
  // Only the keys wharfkit's ABIDef knows (abi_extensions, error_messages … are dropped from the embedded copy).
  const known = ['version', 'types', 'structs', 'actions', 'tables', 'ricardian_clauses', 'variants', 'action_results']
  const abiLiteral = JSON.stringify(
    Object.fromEntries(known.filter((k) => k in abi).map((k) => [k, abi[k as keyof AbiJson]])),
    null,
    2,
  )
  return [
    header,
    ...imports,
    '',
    `/** The committed ABI of \`${account}\` (${abiPath}), the source of truth for this module. */`,
    `export const abiDef: ABIDef = ${abiLiteral}`,
    '',
    `/** The ABI, parsed. */`,
    'export const abi = ABI.from(abiDef)',
    '',
    ...body,
  ].join('\n')
}

/** The shared runtime every generated contract module extends (no per-contract logic). */
export function renderRuntime(header: string): string {
  return `${header}import { type ABI, Action, type APIClient, Name, type NameType, type PermissionLevelType, Serializer } from '@wharfkit/antelope'

/** Options of every generated contract client. */
export type ContractOptions = {
  /** Chain API client used by table queries. Action builders work without one. */
  client?: APIClient
  /** Account the contract is deployed to. Default: the SPACE OS system account of the contract. */
  account?: NameType
}

/** A \`get_table_rows\` query. Bounds are passed through as the chain API expects them. */
export type TableQuery = {
  /** Scope. Default: the contract account. */
  scope?: NameType | string
  lowerBound?: string | number | bigint
  upperBound?: string | number | bigint
  /** Default 100. */
  limit?: number
  reverse?: boolean
  /** 1 = primary, 2 = first secondary index, … */
  indexPosition?: number
  /** Key type of the index, e.g. \`i64\`, \`i128\`, \`sha256\`, \`float64\`, \`name\`. */
  keyType?: string
}

/** One page of decoded rows. */
export type TablePage<Row> = { rows: Row[]; more: boolean; nextKey: string | undefined }

/** Thrown when a table query is made on a client built without a chain API client. */
export class ContractClientMissingError extends Error {
  override name = 'ContractClientMissingError'
  constructor(account: string) {
    super(\`No APIClient given to the \${account} contract client: pass { client } to query tables.\`)
  }
}

type RawTableRows = { rows: unknown[]; more: boolean; next_key?: string }

/** Base of the generated contract clients: builds actions with the ABI and decodes table rows with it. */
export abstract class ContractBase<Actions extends object, Tables extends object> {
  readonly account: Name

  protected constructor(
    readonly abi: ABI,
    account: NameType,
    readonly client: APIClient | undefined,
    private readonly tableTypes: Record<keyof Tables, string>,
  ) {
    this.account = Name.from(account)
  }

  /** Builds any action by name; the typed \`actions.<name>\` builders call this. */
  action<N extends keyof Actions & string>(name: N, data: Actions[N], authorization: PermissionLevelType[]): Action {
    return Action.from({ account: this.account, name, authorization, data: data as object }, this.abi)
  }

  /** Queries any table by name; the typed \`tables.<name>\` queries call this. */
  async query<T extends keyof Tables & string>(table: T, query: TableQuery = {}): Promise<TablePage<Tables[T]>> {
    if (!this.client) throw new ContractClientMissingError(String(this.account))
    const params: Record<string, unknown> = {
      code: String(this.account),
      table,
      scope: String(query.scope ?? this.account),
      json: true,
      limit: query.limit ?? 100,
      reverse: query.reverse ?? false,
    }
    if (query.lowerBound !== undefined) params.lower_bound = String(query.lowerBound)
    if (query.upperBound !== undefined) params.upper_bound = String(query.upperBound)
    if (query.indexPosition !== undefined) params.index_position = query.indexPosition
    if (query.keyType !== undefined) params.key_type = query.keyType
    const result = await this.client.call<RawTableRows>({ path: '/v1/chain/get_table_rows', params })
    const type = this.tableTypes[table]
    const rows = result.rows.map((object) => Serializer.decode({ object, type, abi: this.abi }) as Tables[T])
    return { rows, more: Boolean(result.more), nextKey: result.next_key || undefined }
  }
}
`
}

/**
 * The index of all generated contract modules: re-exports every client class and `systemContractClasses`, keyed by
 * the role name of its `ACCOUNT_*` parameter (`ACCOUNT_PROVIDERS` → `providers`) or, without one, by the account.
 */
export function renderIndex(accounts: readonly string[], roles: ReadonlyMap<string, string>, header: string): string {
  const lines = [header]
  for (const account of accounts) lines.push(`import { ${contractClassName(account)} } from './${account}.ts'`)
  lines.push('', `export { ${accounts.map(contractClassName).join(', ')} }`, '')
  lines.push(
    '/** Every SPACE OS system contract with a committed ABI, keyed by its role. */',
    'export const systemContractClasses = {',
  )
  for (const account of accounts)
    lines.push(`  ${identifier(roles.get(account) ?? account)}: ${contractClassName(account)},`)
  lines.push('} as const', '')
  return lines.join('\n')
}

/** `ACCOUNT_PROVIDERS` → `providers`, `ACCOUNT_TOKEN` → `token`. */
export const roleKey = (parameterName: string) =>
  parameterName
    .replace(/^ACCOUNT_/, '')
    .toLowerCase()
    .replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
