import { randomBytes } from 'node:crypto'
import {
  ABI,
  Action,
  Checksum256,
  CompressionType,
  Name,
  PackedTransaction,
  PrivateKey,
  Serializer,
  SignedTransaction,
  TimePointSec,
  Transaction,
} from '@wharfkit/antelope'
import { CaseFailedError } from '../../case.ts'

/** Parsed nodeos JSON: the cases read it field by field and check every field they use. */
// biome-ignore lint/suspicious/noExplicitAny: nodeos answers are untyped JSON, checked where read
export type Json = any

/** A chain API answer: HTTP status and the parsed JSON body (undefined when the body was not JSON). */
export type ChainAnswer = { status: number; body: Json; text: string }

/** One action to sign, with its data as JSON (serialised with the contract's ABI from `get_abi`). */
export type ActionSpec = {
  account: string
  name: string
  authorization: { actor: string; permission: string }[]
  data: Record<string, unknown>
}

/** How a transaction is built: deviations the negative cases need. */
export type BuildOptions = {
  /** Seconds from the head block time to the expiration. Default 120; negative = already expired. */
  expireInS?: number
  /** Override the TAPOS reference. */
  refBlockNum?: number
  refBlockPrefix?: number
}

/** How a signed transaction is sent. */
export type SendOptions = {
  endpoint?: 'push_transaction' | 'send_transaction' | 'send_transaction2'
  compression?: 0 | 1
}

/** Black-box client of a nodeos-compatible chain API (`/v1/chain/*`). */
export type AntelopeClient = ReturnType<typeof createAntelopeClient>

/** Creates the client for a base URL. */
export function createAntelopeClient(baseUrl: string, timeoutMs: number) {
  const url = baseUrl.replace(/\/$/, '')
  const abis = new Map<string, ABI>()

  const raw = async (path: string, body: string, init: { method?: string } = {}): Promise<ChainAnswer> => {
    const response = await fetch(`${url}${path}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await response.text()
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
    return { status: response.status, body: parsed, text }
  }
  const call = (endpoint: string, params: unknown = {}) => raw(`/v1/chain/${endpoint}`, JSON.stringify(params))

  /** Calls an endpoint that must succeed and returns its body. */
  const ok = async (endpoint: string, params: unknown = {}): Promise<Json> => {
    const answer = await call(endpoint, params)
    if (answer.status !== 200 || answer.body === undefined) {
      throw new CaseFailedError(`${endpoint} must answer 200 with JSON`, {
        expected: 'HTTP 200',
        actual: `HTTP ${answer.status} ${answer.text.slice(0, 300)}`,
      })
    }
    return answer.body
  }

  const abiOf = async (account: string): Promise<ABI> => {
    const cached = abis.get(account)
    if (cached) return cached
    const body = await ok('get_abi', { account_name: account })
    if (!body.abi) throw new CaseFailedError(`get_abi of ${account} returned no ABI`, { actual: JSON.stringify(body) })
    const abi = ABI.from(body.abi)
    abis.set(account, abi)
    return abi
  }

  const info = () => ok('get_info')

  /** Builds an unsigned transaction referencing the current head block. */
  const build = async (actions: ActionSpec[], options: BuildOptions = {}) => {
    const head = await info()
    const id = Checksum256.from(String(head.head_block_id)).array
    const prefix = new DataView(id.buffer, id.byteOffset, id.byteLength).getUint32(8, true)
    const headMs = Date.parse(`${String(head.head_block_time)}Z`)
    const built: Action[] = []
    for (const a of actions) built.push(Action.from(a, await abiOf(a.account)))
    return Transaction.from({
      expiration: TimePointSec.fromMilliseconds(headMs + (options.expireInS ?? 120) * 1000),
      ref_block_num: options.refBlockNum ?? Number(head.head_block_num) & 0xffff,
      ref_block_prefix: options.refBlockPrefix ?? prefix,
      max_net_usage_words: 0,
      max_cpu_usage_ms: 0,
      delay_sec: 0,
      context_free_actions: [],
      actions: built,
      transaction_extensions: [],
    })
  }

  /** Signs with the given private keys for the chain ID. */
  const sign = (trx: Transaction, chainId: string, keys: string[]) => {
    const digest = trx.signingDigest(Checksum256.from(chainId))
    return SignedTransaction.from({ ...trx, signatures: keys.map((k) => PrivateKey.from(k).signDigest(digest)) })
  }

  /** Sends a signed transaction the way a client does. */
  const send = (signed: SignedTransaction, options: SendOptions = {}) => {
    const packed = PackedTransaction.fromSigned(
      signed,
      options.compression === 1 ? CompressionType.zlib : CompressionType.none,
    )
    const body = Serializer.objectify(packed) as Record<string, unknown>
    const endpoint = options.endpoint ?? 'send_transaction'
    if (endpoint === 'send_transaction2') {
      return call(endpoint, { return_failure_trace: false, retry_trx: false, transaction: body })
    }
    return call(endpoint, body)
  }

  return {
    url,
    raw,
    call,
    ok,
    abiOf,
    info,
    build,
    sign,
    send,
    async table(params: Record<string, unknown>): Promise<{ rows: Json[]; more: boolean; next_key: string }> {
      return ok('get_table_rows', { json: true, ...params })
    },
    async balance(account: string, symbol = 'SPACE', code = 'eosio.token'): Promise<bigint> {
      const rows = (await ok('get_currency_balance', { code, account, symbol })) as string[]
      return rows.length === 0 ? 0n : units(String(rows[0]))
    },
  }
}

/** The integer units of an asset string (`"12.3400 SPACE"` → 123400n). */
export function units(asset: string): bigint {
  const [amount] = asset.split(' ')
  return BigInt((amount ?? '0').replace('.', ''))
}

/** An asset string with 4 decimals. */
export function asset(unitsValue: bigint, symbol = 'SPACE', decimals = 4): string {
  const negative = unitsValue < 0n
  const digits = (negative ? -unitsValue : unitsValue).toString().padStart(decimals + 1, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -decimals)}.${digits.slice(-decimals)} ${symbol}`
}

/** A unique memo so two otherwise identical test transactions get different IDs. */
export const nonce = (label: string) => `${label} ${randomBytes(6).toString('hex')}`

/** A random account name that does not exist (13th char free: 12 chars of a–z). */
export function randomName(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  return Array.from(randomBytes(12), (b) => letters[b % 26]).join('')
}

export { Name }
