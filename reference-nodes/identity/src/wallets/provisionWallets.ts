import type { Logger } from '@spaceos/node-kit'
import {
  ABI,
  Action,
  APIClient,
  FetchProvider,
  PublicKey,
  Signature,
  SignedTransaction,
  Transaction,
} from '@wharfkit/antelope'
import type { Clock } from '../clock.ts'
import type { IdentityStore, WalletRecord } from '../store/types.ts'
import type { NativeCreator, WalletCustody } from './custody.ts'
import { nativeAccountName } from './nativeAccountName.ts'

/** Options of {@link createWalletProvisioner}. Without `custody` nothing is provisioned (wallets stay pending). */
export type WalletProvisionerOptions = {
  store: IdentityStore
  clock: Clock
  log: Logger
  /** KIS; when absent the proxy and native wallets are reported as not provisioned. */
  custody?: WalletCustody
  /**
   * The Antelope chain API (`/v1/chain/*`) and the creator account; when absent no native account is created.
   * `timeoutMs`: longest one chain request may take; default 10 000 ms.
   */
  chain?: { url: string; creator: NativeCreator; timeoutMs?: number }
  /** Called once per provisioning step with its outcome (metrics). */
  onOutcome?: (wallet: 'proxy' | 'native', result: WalletStepResult) => void
}

/** How a provisioning step ended: `conflict` = an account of the native name exists under other keys. */
export type WalletStepResult = 'created' | 'adopted' | 'rotated' | 'failed' | 'conflict'

/** An account of the native name exists on the chain but is held by other keys [NP-AUTH-106]. */
class NativeAccountConflictError extends Error {
  override name = 'NativeAccountConflictError'
}

/** Creates the proxy EVM wallet and the native Antelope account of an account (spec/AUTH.md §8). */
export type WalletProvisioner = {
  /** True when KIS is configured (the proxy wallet can be created). */
  readonly custodyConfigured: boolean
  /** True when KIS and the chain are configured (the native account can be created). */
  readonly chainConfigured: boolean
  /**
   * Provisions whatever is still missing and returns the stored record; idempotent and safe to call on every login.
   * A failing step (KIS or the chain unreachable) is logged and retried on the next call; the record keeps what
   * succeeded. Concurrent calls for one account share one attempt.
   */
  ensure(account: string): Promise<WalletRecord | undefined>
}

const keyAuthority = (publicKey: string) => ({
  threshold: 1,
  keys: [{ key: publicKey, weight: 1 }],
  accounts: [],
  waits: [],
})

/** True when an on-chain permission is held by exactly `publicKey` at threshold 1. */
function heldBy(permission: { required_auth: { threshold: unknown; keys: { key: unknown }[] } }, publicKey: string) {
  const keys = permission.required_auth.keys.map((k) => PublicKey.from(String(k.key)).toString())
  return Number(permission.required_auth.threshold) === 1 && keys.length === 1 && keys[0] === publicKey
}

/**
 * Creates the wallet provisioner: on first login the proxy EVM wallet is created inside KIS and only its address is
 * stored [NP-AUTH-100]; the native account named per NP-AUTH-101 is created on the chain by `newaccount`, its owner
 * and active held by a KIS key [NP-AUTH-102], the transaction signed by the creator's KIS key through
 * `/sign-native`. Every step records its result atomically (compare-and-set), so a crash or an unreachable chain
 * leaves a state the next login resumes from, and an account never gets two proxy wallets.
 *
 * @example
 * import { createWalletProvisioner } from '@spaceos/identity-node'
 * const wallets = createWalletProvisioner({ store, clock, log, custody, chain: { url, creator } })
 * await wallets.ensure('0x…')
 */
export function createWalletProvisioner(options: WalletProvisionerOptions): WalletProvisioner {
  const { store, clock, log, custody } = options
  const chainOptions = custody === undefined ? undefined : options.chain
  const timeoutMs = options.chain?.timeoutMs ?? 10_000
  const outcome = (wallet: 'proxy' | 'native', result: WalletStepResult) => options.onOutcome?.(wallet, result)
  const inFlight = new Map<string, Promise<WalletRecord | undefined>>()
  let eosioAbi: ABI | undefined

  const chainClient = (url: string) =>
    new APIClient({
      provider: new FetchProvider(url, {
        fetch: (input: RequestInfo | URL, init?: RequestInit) =>
          fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
      }),
    })

  async function provisionProxy(record: WalletRecord, kis: WalletCustody): Promise<WalletRecord> {
    if (record.proxyKeyId !== null) {
      // [NP-AUTH-109] KIS is the source of the address: a /rotate keeps the key ID and moves it to a new address
      const current = (await kis.getEvmAddress(record.proxyKeyId)).toLowerCase()
      if (current === record.proxyAddress) return record
      if (!/^0x[0-9a-f]{40}$/.test(current)) throw new Error(`KIS returned an invalid EVM address ${current}`)
      log.info({ account: record.account, from: record.proxyAddress, to: current }, 'proxy wallet rotated in KIS')
      outcome('proxy', 'rotated')
      return store.updateProxyAddress(record.account, record.proxyKeyId, current, clock.now())
    }
    // [NP-AUTH-104] recorded by compare-and-set below: the first proxy wallet recorded stays the only one
    const key = await kis.createEvmKey()
    const address = key.address.toLowerCase()
    if (!/^0x[0-9a-f]{40}$/.test(address)) throw new Error(`KIS returned an invalid EVM address ${key.address}`)
    const stored = await store.setProxyWallet(record.account, key.keyId, address, clock.now())
    if (stored.proxyKeyId === key.keyId) outcome('proxy', 'created')
    if (stored.proxyKeyId !== key.keyId) {
      // Another attempt recorded its key first; this one stays unused in KIS (never funded, never reported).
      log.warn({ account: record.account, keyId: key.keyId }, 'proxy key created concurrently; unused')
    }
    return stored
  }

  async function provisionNative(
    record: WalletRecord,
    kis: WalletCustody,
    chain: NonNullable<typeof chainOptions>,
  ): Promise<WalletRecord> {
    if (record.nativeState === 'created') return record
    let current = record
    if (current.nativeKeyId === null) {
      const key = await kis.createNativeKey()
      const publicKey = PublicKey.from(key.publicKey).toString()
      current = await store.setNativeKey(record.account, key.keyId, publicKey, clock.now())
    }
    const publicKey = current.nativePublicKey as string
    const client = chainClient(chain.url)
    // [NP-AUTH-106] A previous attempt may have pushed the transaction and crashed before recording it: look first;
    // adopt the account only when it is held by exactly our KIS key.
    const existing = await client.v1.chain.get_account(current.nativeAccount).catch((error: unknown) => {
      if (/account[ _]query[ _]exception|unknown key/i.test(String((error as Error).message ?? error))) return undefined
      throw error
    })
    if (existing !== undefined) {
      const owner = existing.permissions.find((p) => p.perm_name.equals('owner'))
      const active = existing.permissions.find((p) => p.perm_name.equals('active'))
      if (owner === undefined || active === undefined || !heldBy(owner, publicKey) || !heldBy(active, publicKey)) {
        throw new NativeAccountConflictError(
          `native account ${current.nativeAccount} exists on the chain under other keys; it is never adopted`,
        )
      }
      outcome('native', 'adopted')
      return store.markNativeCreated(current.account, clock.now())
    }
    const info = await client.v1.chain.get_info()
    eosioAbi ??= ABI.from((await client.v1.chain.get_abi('eosio')).abi as never)
    const permission = chain.creator.permission ?? 'active'
    const action = Action.from(
      {
        account: 'eosio',
        name: 'newaccount',
        authorization: [{ actor: chain.creator.account, permission }],
        data: {
          creator: chain.creator.account,
          name: current.nativeAccount,
          owner: keyAuthority(publicKey),
          active: keyAuthority(publicKey),
        },
      },
      eosioAbi,
    )
    const transaction = Transaction.from({ ...info.getTransactionHeader(120), actions: [action] })
    const chainId = info.chain_id.hexString
    // [NP-AUTH-107] the creator's signature comes from KIS; identity holds no private key
    const signature = await kis.signNativeTransaction({
      keyId: chain.creator.keyId,
      chainId,
      transaction: JSON.parse(JSON.stringify(transaction)) as Record<string, unknown>,
    })
    await client.v1.chain.push_transaction(
      SignedTransaction.from({ ...transaction, signatures: [Signature.from(signature)] }),
    )
    log.info({ account: current.account, nativeAccount: current.nativeAccount }, 'native account created')
    outcome('native', 'created')
    return store.markNativeCreated(current.account, clock.now())
  }

  async function run(account: string): Promise<WalletRecord | undefined> {
    if (custody === undefined) return store.getWallets(account)
    // read first: a provisioned account costs no write
    let record =
      (await store.getWallets(account)) ?? (await store.claimWallets(account, nativeAccountName(account), clock.now()))
    try {
      record = await provisionProxy(record, custody)
    } catch (error) {
      outcome('proxy', 'failed')
      log.warn({ err: error, account }, 'proxy wallet not provisioned yet; retried on the next login')
    }
    if (chainOptions !== undefined) {
      try {
        record = await provisionNative(record, custody, chainOptions)
      } catch (error) {
        if (error instanceof NativeAccountConflictError) {
          // [NP-AUTH-106] reported to the operator: only a person can resolve a name held by someone else
          outcome('native', 'conflict')
          log.error({ err: error, account }, 'native account name taken by other keys')
        } else {
          // [NP-AUTH-105] the login goes on; the next login or GetWallets retries
          outcome('native', 'failed')
          log.warn({ err: error, account }, 'native account not provisioned yet; retried on the next login')
        }
      }
    }
    return record
  }

  return {
    custodyConfigured: custody !== undefined,
    chainConfigured: chainOptions !== undefined,
    ensure(account) {
      const running = inFlight.get(account)
      if (running !== undefined) return running
      const attempt = run(account).finally(() => inFlight.delete(account))
      inFlight.set(account, attempt)
      return attempt
    },
  }
}
