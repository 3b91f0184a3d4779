import {
  ABI,
  Action,
  APIClient,
  APIError,
  FetchProvider,
  PackedTransaction,
  PrivateKey,
  SignedTransaction,
  Transaction,
} from '@wharfkit/antelope'
import { ChainNodeError } from '../errors.ts'

/** One action to push: `actor@permission` signs with the client's key for that actor. */
export type NativeAction = {
  account: string
  name: string
  data: Record<string, unknown>
  actor: string
  permission?: string
}

/**
 * A failed native transaction (code `FAILED_PRECONDITION`): `message` is the chain's own text, e.g. the contract's
 * `check` message.
 */
export class NativeTxError extends ChainNodeError {
  override name = 'NativeTxError'
  constructor(message: string) {
    super('FAILED_PRECONDITION', message)
  }
}

/**
 * A minimal Antelope client over the nodeos HTTP API (the devnet's or a real node's): reads tables and pushes
 * transactions signed with local keys. The relayer and the bridge genesis use nothing else of the chain, so they work
 * against any chain API that speaks nodeos' protocol.
 *
 * @example
 * const native = createAntelopeClient('http://127.0.0.1:8888', { eosio: '5K…' })
 * await native.push([{ account: 'eosio.token', name: 'transfer', actor: 'eosio', data: { … } }])
 */
export function createAntelopeClient(url: string, keys: Record<string, string>) {
  const client = new APIClient({ provider: new FetchProvider(url, { fetch }) })
  const abis = new Map<string, ABI>()
  let expirationBump = 0
  const abiOf = async (account: string) => {
    let abi = abis.get(account)
    if (!abi) {
      const res = await client.v1.chain.get_abi(account)
      if (!res.abi) throw new NativeTxError(`${account} has no ABI`)
      abi = ABI.from(res.abi)
      abis.set(account, abi)
    }
    return abi
  }

  const push = async (actions: NativeAction[]) => {
    const info = await client.v1.chain.get_info()
    const header = info.getTransactionHeader(120 + (expirationBump++ % 600)) // distinct ids for identical actions
    const encoded = await Promise.all(
      actions.map(async (a) =>
        Action.from(
          {
            account: a.account,
            name: a.name,
            authorization: [{ actor: a.actor, permission: a.permission ?? 'active' }],
            data: a.data,
          },
          await abiOf(a.account),
        ),
      ),
    )
    const trx = Transaction.from({ ...header, actions: encoded })
    const signers = [...new Set(actions.map((a) => a.actor))].map((actor) => {
      const key = keys[actor]
      if (!key) throw new NativeTxError(`no local key for ${actor}`)
      return key
    })
    const digest = trx.signingDigest(info.chain_id)
    const signatures = [...new Set(signers)].map((k) => PrivateKey.from(k).signDigest(digest))
    try {
      const res = await client.v1.chain.push_transaction(
        PackedTransaction.fromSigned(SignedTransaction.from({ ...trx, signatures })),
      )
      if (actions.some((a) => a.name === 'setabi')) abis.clear()
      return { id: String(res.transaction_id) }
    } catch (error) {
      if (error instanceof APIError) throw new NativeTxError(error.details[0]?.message ?? error.message)
      throw error
    }
  }

  /** Every row of a table (follows `more`/`next_key`). */
  const rows = async <T = Record<string, unknown>>(
    code: string,
    table: string,
    scope = code,
    lowerBound?: string,
  ): Promise<T[]> => {
    const out: T[] = []
    let lower = lowerBound
    for (;;) {
      const res = (await client.call({
        path: '/v1/chain/get_table_rows',
        params: { code, table, scope, json: true, limit: 500, ...(lower === undefined ? {} : { lower_bound: lower }) },
      })) as { rows: T[]; more: boolean; next_key?: string }
      out.push(...res.rows)
      if (!res.more || !res.next_key) return out
      lower = res.next_key
    }
  }

  /** Balance in native units (e.g. 1.0000 SPACE → 10000n); 0 when the account holds none. */
  const balance = async (account: string, symbol: string, code = 'eosio.token') => {
    const [asset] = await client.v1.chain.get_currency_balance(code, account, symbol)
    return asset ? BigInt(asset.units.toString()) : 0n
  }

  const accountExists = async (account: string) => {
    try {
      await client.v1.chain.get_account(account)
      return true
    } catch {
      return false
    }
  }

  return { client, push, rows, balance, accountExists, abiOf }
}

/** The client returned by {@link createAntelopeClient}. */
export type AntelopeClient = ReturnType<typeof createAntelopeClient>
