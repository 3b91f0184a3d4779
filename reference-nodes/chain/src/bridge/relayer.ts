import { type AddressBook, abis, spaceosLocal } from '@spaceos/evm'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_EVM,
  ACCOUNT_PROVIDERS,
  EVM_CHAIN_ID,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
} from '@spaceos/generated/parameters'
import { createMetrics, type Logger, type Metrics } from '@spaceos/node-kit'
import {
  type Address,
  concat,
  createPublicClient,
  encodeFunctionData,
  type Hash,
  type Hex,
  http,
  keccak256,
  pad,
  parseEventLogs,
  type TransactionReceipt,
  toBytes,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { ChainNodeError } from '../errors.ts'
import type { AntelopeClient } from './antelopeClient.ts'
import { NativeTxError } from './antelopeClient.ts'
import { type Journal, openJournal } from './journal.ts'
import { checkSupply, type SupplyReport } from './supply.ts'

/** The native account holding the bridge authority on `eosio.evm`, `spaceos.brdg` and `spaceos.prov` (devnet). */
export const ACCOUNT_RELAYER = 'spaceos.rly'

/** A simulated crash raised by a failpoint: the relayer stops as if its process had died. */
export class RelayerCrashError extends Error {
  override name = 'RelayerCrashError'
}

/** Options of {@link createRelayer}. */
export type CreateRelayerOptions = {
  /** Native chain client holding the key of {@link ACCOUNT_RELAYER}. */
  native: AntelopeClient
  /** JSON-RPC URL of anvil itself (not the tx-wrapper): minting needs `anvil_setBalance`. */
  anvilUrl: string
  /** The relayer's EVM key (BRIDGE_AUTHORITY_ROLE on BridgeTokenFactory and SpaceProviderBond). Local only. */
  evmPrivateKey: Hex
  /** The EVM deployment; without it only native SPACE deposits are credited (genesis, before the deploy). */
  addressBook?: AddressBook
  /** Journal file (JSON lines). Default: in memory, which gives exactly-once only within one process. */
  journalPath?: string
  /** Poll interval of {@link Relayer.start}. Default 250 ms. */
  pollMs?: number
  /**
   * Test hook: called at named points between acting and recording; throwing {@link RelayerCrashError} there
   * simulates a crash at that point. Points: `evm-tx:sent`, `mintdone:pushed`, `release:pushed`, `refund:sent`,
   * `verdictack:pushed`.
   */
  failpoint?: (point: string) => void
  /** Where `spaceos_bridge_operations_total{kind}` and `spaceos_bridge_step_errors_total` go. Default: a new registry. */
  metrics?: Metrics
  logger?: Logger
}

type DepositRow = {
  id: number | string
  evm_to: string
  quantity: string
  evm_amount: string
  minted: boolean | number
}
type VerdictRow = {
  id: number | string
  kind: number
  device: string
  epoch: number | string
  relayed: boolean | number
}

/** A bridge message read from the EVM (NativeBridged or BridgedToNative). */
export type BridgeMessage = {
  messageId: Hex
  kind: 'native' | 'token'
  sender: Address
  token?: Address
  symbol: string
  nativeAccount: string
  amount: bigint
  amountNative: bigint
  blockNumber: bigint
  logIndex: number
}

/** The EVM deposit id of native deposit `id` on `contract`: name(contract) as u64 ‖ 16 zero bytes ‖ id as u64. */
export function depositIdOf(contract: string, id: bigint | number): Hex {
  const name = nameToU64(contract)
  return `0x${name.toString(16).padStart(16, '0')}${'0'.repeat(32)}${BigInt(id).toString(16).padStart(16, '0')}`
}

/** The EVM verdict id of `spaceos.prov` verdict `id`: the id as a 32-byte big-endian number. */
export const verdictIdOf = (id: bigint | number): Hex => pad(toHex(BigInt(id)), { size: 32 })

/** The SpaceProviderBond device id of native device account `device`: keccak256 of its UTF-8 name. */
export const deviceIdOf = (device: string): Hex => keccak256(toBytes(device))

/** The deposit id used to mint back bridged tokens whose release failed (NP-BRDG-025). */
export const refundIdOf = (messageId: Hex): Hex => keccak256(concat([messageId, toHex('refund')]))

function nameToU64(name: string): bigint {
  const charmap = '.12345abcdefghijklmnopqrstuvwxyz'
  let value = 0n
  for (let i = 0; i < 13; i++) {
    const c = i < name.length ? BigInt(Math.max(charmap.indexOf(name[i] as string), 0)) : 0n
    value |= i < 12 ? (c & 0x1fn) << BigInt(64 - 5 * (i + 1)) : c & 0x0fn
  }
  return value
}

const units = (quantity: string) => {
  const [amount = '0', symbol = ''] = quantity.split(' ')
  return { units: BigInt(amount.replace('.', '')), symbol }
}
const asset = (native: bigint, symbol: string) => {
  const s = native.toString().padStart(SPACE_NATIVE_DECIMALS + 1, '0')
  return `${s.slice(0, -SPACE_NATIVE_DECIMALS)}.${s.slice(-SPACE_NATIVE_DECIMALS)} ${symbol}`
}
const truthy = (v: boolean | number) => v === true || v === 1

/**
 * The devnet bridge relayer (spec/CHAIN.md §4.4, DECISIONS.md §1.8): the trusted joint between anvil and the native
 * chain. Native → EVM: `deposits` rows of `eosio.evm` (SPACE, credited as the gas token ×10^14 [NP-BRDG-010]) and of
 * `spaceos.brdg` (stablecoins, minted with `BridgeTokenFactory.mint` [NP-BRDG-011]), each acknowledged with
 * `mintdone`. EVM → native: `NativeBridged` / `BridgedToNative` events released with `release` once per message ID
 * [NP-BRDG-023]; a failed release sends the funds back on the EVM [NP-BRDG-025]. Downtime verdicts of `spaceos.prov`
 * go to `SpaceProviderBond.applyDowntimeVerdict` and are acknowledged with `verdictack` [NP-BRDG-004].
 *
 * Exactly once [NP-BRDG-003]: every EVM transaction is signed and journaled before it is sent, so a restart resends
 * the same signed transaction (its nonce makes it unique); every native action is replay-protected by its contract
 * (`mintdone`, `release` per message ID, `verdictack`) and an "already" answer counts as done.
 *
 * @example
 * const relayer = createRelayer({ native, anvilUrl, evmPrivateKey, addressBook, journalPath })
 * relayer.start()
 * await relayer.drain()
 * console.log(await relayer.checkSupply())
 * await relayer.stop()
 */
export function createRelayer(options: CreateRelayerOptions) {
  const { native, logger } = options
  const journal: Journal = openJournal(options.journalPath)
  const freshJournal = journal.keys('').length === 0
  const account = privateKeyToAccount(options.evmPrivateKey)
  const evm = createPublicClient({
    chain: spaceosLocal,
    transport: http(options.anvilUrl),
    cacheTime: 0,
    pollingInterval: 50,
  })
  let book = options.addressBook
  const metrics = options.metrics ?? createMetrics({ prefix: 'spaceos_bridge_', defaults: false })
  const operations = metrics.counter('operations_total', 'Bridge operations applied, by kind', ['kind'])
  const stepErrors = metrics.counter('step_errors_total', 'Relayer steps that failed (retried on the next poll)')
  const failpoint = (point: string) => options.failpoint?.(point)
  let rpcId = 0
  const rpc = async <T = unknown>(method: string, params: unknown[]): Promise<T> => {
    const res = await fetch(options.anvilUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
    })
    const body = (await res.json()) as { result?: T; error?: { message: string } }
    if (body.error) throw new ChainNodeError('UNAVAILABLE', `${method}: ${body.error.message}`)
    return body.result as T
  }
  const receiptOf = async (hash: Hash) => {
    try {
      return await evm.getTransactionReceipt({ hash })
    } catch {
      return undefined
    }
  }

  /** Every transaction sent by `address`, by its 32-byte input (the deposit or refund id it carries) → hash. */
  const txsOf = async (address: Address) => {
    const out = new Map<string, Hash>()
    const count = await evm.getTransactionCount({ address })
    for (let nonce = 0; nonce < count; nonce++) {
      const hash = await rpc<Hash | null>('ots_getTransactionBySenderAndNonce', [address, nonce])
      if (!hash) continue
      const tx = await evm.getTransaction({ hash })
      if (tx.input.length === 66) out.set(tx.input.toLowerCase(), hash)
    }
    return out
  }
  let ownIndex: Map<string, Hash> | undefined
  /**
   * The relayer's own credits found on the chain: read once when the journal starts empty (a lost journal), so a
   * credit sent before the loss is not sent again. Empty when the journal has history.
   */
  const ownTxIndex = async () => {
    ownIndex ??= freshJournal ? await txsOf(account.address) : new Map()
    return ownIndex
  }

  /**
   * One relayer transaction, exactly once: signed (gas price 0: the relayer stands for in-consensus bridge calls,
   * which pay no EVM gas) and journaled under `key` before it is sent. A value transfer is funded by minting it to
   * the relayer first (`anvil_setBalance` to the journaled base + value: the same absolute value on a retry).
   */
  const evmTx = async (key: string, build: () => { to: Address; data?: Hex; value?: bigint; gas: bigint }) => {
    const jkey = `evmtx:${key}`
    let intent = journal.get<{ raw: Hex; hash: Hash; base: string; value: string }>(jkey)
    if (!intent) {
      const req = build()
      const nonce = await evm.getTransactionCount({ address: account.address, blockTag: 'pending' })
      const raw = await account.signTransaction({
        type: 'legacy',
        chainId: EVM_CHAIN_ID,
        nonce,
        gasPrice: 0n,
        gas: req.gas,
        to: req.to,
        value: req.value ?? 0n,
        ...(req.data ? { data: req.data } : {}),
      })
      const base = req.value ? await evm.getBalance({ address: account.address }) : 0n
      intent = { raw, hash: keccak256(raw), base: String(base), value: String(req.value ?? 0n) }
      journal.put(jkey, intent)
    }
    const done = await receiptOf(intent.hash)
    if (done) return done
    if (BigInt(intent.value) > 0n) {
      await rpc('anvil_setBalance', [account.address, toHex(BigInt(intent.base) + BigInt(intent.value))])
    }
    try {
      await rpc('eth_sendRawTransaction', [intent.raw])
    } catch (error) {
      if (!(await receiptOf(intent.hash))) throw error // "nonce too low" after a crash means it was mined
    }
    failpoint('evm-tx:sent')
    return evm.waitForTransactionReceipt({ hash: intent.hash })
  }

  const pushOnce = async (point: string, action: Parameters<AntelopeClient['push']>[0][number], already: RegExp) => {
    try {
      await native.push([action])
    } catch (error) {
      if (!(error instanceof NativeTxError && already.test(error.message))) throw error
    }
    failpoint(point)
  }

  // --- native → EVM ---
  const applyDeposit = async (contract: string, d: DepositRow) => {
    const to = d.evm_to as Address
    const amount = BigInt(d.evm_amount)
    const { symbol } = units(d.quantity)
    let receipt: TransactionReceipt | undefined
    if (contract === ACCOUNT_EVM) {
      const depositId = depositIdOf(contract, BigInt(d.id))
      const key = `deposit:${contract}:${d.id}`
      const earlier = journal.get(`evmtx:${key}`) ? undefined : (await ownTxIndex()).get(depositId)
      receipt = earlier
        ? await evm.getTransactionReceipt({ hash: earlier })
        : await evmTx(key, () => ({ to, value: amount, data: depositId, gas: 100_000n }))
      if (receipt.status !== 'success') {
        // the recipient is a contract that refuses plain transfers: credit its balance directly, from the relayer
        const directKey = `direct:${contract}:${d.id}`
        const saved = journal.get<{ before: string }>(directKey)
        const before = saved ? BigInt(saved.before) : await evm.getBalance({ address: to })
        if (!saved) journal.put(directKey, { before: String(before) })
        await rpc('anvil_setBalance', [
          account.address,
          toHex(BigInt(journal.get<{ base: string }>(`evmtx:deposit:${contract}:${d.id}`)?.base ?? 0)),
        ])
        await rpc('anvil_setBalance', [to, toHex(before + amount)])
      }
    } else {
      if (!book)
        throw new ChainNodeError(
          'FAILED_PRECONDITION',
          'no address book yet: stablecoin deposits wait for the EVM deployment',
        )
      const token = (book.tokens as Record<string, Address>)[`${symbol}.s`]
      if (!token) throw new ChainNodeError('FAILED_PRECONDITION', `no EVM token ${symbol}.s in the address book`)
      const factory = book.contracts.BridgeTokenFactory
      const depositId = depositIdOf(contract, BigInt(d.id))
      const processed = () =>
        evm.readContract({
          address: factory,
          abi: abis.BridgeTokenFactory,
          functionName: 'depositProcessed',
          args: [depositId],
        })
      const journaled = journal.get(`evmtx:deposit:${contract}:${d.id}`)
      if (journaled || !(await processed())) {
        receipt = await evmTx(`deposit:${contract}:${d.id}`, () => ({
          to: factory,
          data: encodeFunctionData({
            abi: abis.BridgeTokenFactory,
            functionName: 'mint',
            args: [token, to, amount, depositId],
          }),
          gas: 500_000n,
        }))
        if (receipt.status !== 'success' && !(await processed())) {
          throw new ChainNodeError(
            'INTERNAL',
            `BridgeTokenFactory.mint for deposit ${contract}/${d.id} reverted (${receipt.transactionHash})`,
          )
        }
      }
    }
    await pushOnce(
      'mintdone:pushed',
      {
        account: contract,
        name: 'mintdone',
        actor: ACCOUNT_RELAYER,
        data: { id: Number(d.id), evm_tx: receipt?.transactionHash ?? depositIdOf(contract, BigInt(d.id)) },
      },
      /already marked minted/,
    )
    operations.inc({ kind: contract === ACCOUNT_EVM ? 'credit' : 'mint' })
    logger?.info({ contract, id: d.id, to, quantity: d.quantity }, 'bridge deposit credited on the EVM')
  }

  /**
   * Applies the unminted deposits of `contract` in id order. A deposit that cannot be applied yet (e.g. its token is
   * not in the address book) does not hold up the later ones; the cursor stays before it and the first such error is
   * raised after the pass, so it is logged and retried on the next poll.
   */
  const processDeposits = async (contract: string) => {
    if (contract === ACCOUNT_BRIDGE && !book) return 0
    const cursorKey = `cursor:deposits:${contract}`
    const next = journal.get<{ next: number }>(cursorKey)?.next ?? 0
    let work = 0
    let stuck: unknown
    for (const d of await native.rows<DepositRow>(contract, 'deposits', contract, String(next))) {
      if (!truthy(d.minted)) {
        try {
          await applyDeposit(contract, d)
          work++
        } catch (error) {
          if (error instanceof RelayerCrashError || !(error instanceof ChainNodeError)) throw error
          stuck ??= error
        }
      }
      if (stuck === undefined) journal.put(cursorKey, { next: Number(d.id) + 1 })
    }
    if (stuck !== undefined) throw stuck
    return work
  }

  // --- EVM → native ---
  const readMessages = async (fromBlock: bigint, toBlock: bigint): Promise<BridgeMessage[]> => {
    if (!book) return []
    const logs = await evm.getLogs({
      address: [book.contracts.NativeBridge, book.contracts.BridgeTokenFactory],
      fromBlock,
      toBlock,
    })
    const nativeLogs = parseEventLogs({ abi: abis.NativeBridge, eventName: 'NativeBridged', logs })
    const tokenLogs = parseEventLogs({ abi: abis.BridgeTokenFactory, eventName: 'BridgedToNative', logs })
    const out: BridgeMessage[] = [
      ...nativeLogs
        .filter((l) => l.address.toLowerCase() === book?.contracts.NativeBridge.toLowerCase())
        .map((l) => ({
          messageId: l.args.messageId,
          kind: 'native' as const,
          sender: l.args.sender,
          symbol: SPACE_SYMBOL,
          nativeAccount: l.args.nativeAccount,
          amount: l.args.amount,
          amountNative: l.args.amountNative,
          blockNumber: l.blockNumber,
          logIndex: l.logIndex,
        })),
      ...tokenLogs
        .filter((l) => l.address.toLowerCase() === book?.contracts.BridgeTokenFactory.toLowerCase())
        .map((l) => ({
          messageId: l.args.messageId,
          kind: 'token' as const,
          sender: l.args.sender,
          token: l.args.token,
          symbol: l.args.symbol,
          nativeAccount: l.args.nativeAccount,
          amount: l.args.amount,
          amountNative: l.args.amountNative,
          blockNumber: l.blockNumber,
          logIndex: l.logIndex,
        })),
    ]
    return out.sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    )
  }

  const refund = async (m: BridgeMessage) => {
    if (!book) return
    if (m.kind === 'token') {
      const factory = book.contracts.BridgeTokenFactory
      const refundId = refundIdOf(m.messageId)
      const processed = await evm.readContract({
        address: factory,
        abi: abis.BridgeTokenFactory,
        functionName: 'depositProcessed',
        args: [refundId],
      })
      if (processed && !journal.get(`evmtx:refund:${m.messageId}`)) return
      await evmTx(`refund:${m.messageId}`, () => ({
        to: factory,
        data: encodeFunctionData({
          abi: abis.BridgeTokenFactory,
          functionName: 'mint',
          args: [m.token as Address, m.sender, m.amount, refundId],
        }),
        gas: 500_000n,
      }))
      return
    }
    // native SPACE: it sits at the reserved bridge address; send it back from there (impersonated), the transaction
    // carrying the refund id so a restart (even without a journal) sees it was done
    const from = (await evm.readContract({
      address: book.contracts.NativeBridge,
      abi: abis.NativeBridge,
      functionName: 'bridgeAddress',
    })) as Address
    const refundId = refundIdOf(m.messageId)
    if ((await txsOf(from)).has(refundId)) return
    await rpc('anvil_impersonateAccount', [from])
    try {
      const hash = await rpc<Hash>('eth_sendTransaction', [
        { from, to: m.sender, value: toHex(m.amount), data: refundId, gas: toHex(100_000), gasPrice: '0x0' },
      ])
      failpoint('refund:sent')
      await evm.waitForTransactionReceipt({ hash })
    } finally {
      await rpc('anvil_stopImpersonatingAccount', [from])
    }
  }

  const applyMessage = async (m: BridgeMessage) => {
    const doneKey = `msg:${m.messageId}`
    const state = journal.get<{ status: string }>(doneKey)
    if (state?.status === 'released' || state?.status === 'refunded') return 0
    if (state?.status !== 'refunding') {
      const contract = m.kind === 'native' ? ACCOUNT_EVM : ACCOUNT_BRIDGE
      try {
        await native.push([
          {
            account: contract,
            name: 'release',
            actor: ACCOUNT_RELAYER,
            data: {
              msg_id: m.messageId.slice(2),
              to: m.nativeAccount,
              quantity: asset(m.amountNative, m.symbol),
              evm_amount: m.amount.toString(),
              memo: `bridge ${m.messageId}`,
            },
          },
        ])
        failpoint('release:pushed')
        journal.put(doneKey, { status: 'released' })
        operations.inc({ kind: 'release' })
        logger?.info({ messageId: m.messageId, to: m.nativeAccount, kind: m.kind }, 'bridge message released natively')
        return 1
      } catch (error) {
        if (!(error instanceof NativeTxError)) throw error
        if (/already processed/.test(error.message)) {
          journal.put(doneKey, { status: 'released' })
          return 0
        }
        if (/paused/.test(error.message)) throw error // retried once the DAO unpauses
        logger?.warn(
          { messageId: m.messageId, reason: error.message },
          'release failed: returning the funds on the EVM',
        )
        journal.put(doneKey, { status: 'refunding', reason: error.message })
      }
    }
    await refund(m)
    journal.put(doneKey, { status: 'refunded' })
    operations.inc({ kind: 'refund' })
    return 1
  }

  const processEvm = async () => {
    if (!book) return 0
    const from = BigInt(journal.get<{ block: string }>('cursor:evm')?.block ?? book.startBlock)
    const latest = await evm.getBlockNumber()
    if (latest < from) return 0
    let work = 0
    for (const m of await readMessages(from, latest)) work += await applyMessage(m)
    journal.put('cursor:evm', { block: String(latest + 1n) })
    return work
  }

  // --- verdicts ---
  const processVerdicts = async () => {
    if (!book) return 0
    const bond = book.contracts.SpaceProviderBond
    const cursorKey = 'cursor:verdicts'
    const next = journal.get<{ next: number }>(cursorKey)?.next ?? 0
    let work = 0
    for (const v of await native.rows<VerdictRow>(ACCOUNT_PROVIDERS, 'verdicts', ACCOUNT_PROVIDERS, String(next))) {
      if (Number(v.kind) === 1 && !truthy(v.relayed)) {
        const verdictId = verdictIdOf(BigInt(v.id))
        const deviceId = deviceIdOf(v.device)
        const key = `verdict:${v.id}`
        let ref = 'no-bond'
        const applied = await evm.readContract({
          address: bond,
          abi: abis.SpaceProviderBond,
          functionName: 'verdictApplied',
          args: [verdictId],
        })
        if (journal.get(`evmtx:${key}`) || !applied) {
          const [, status] = (await evm.readContract({
            address: bond,
            abi: abis.SpaceProviderBond,
            functionName: 'devices',
            args: [deviceId],
          })) as readonly [Address, number, bigint, bigint]
          if (journal.get(`evmtx:${key}`) || status === 1 || status === 2) {
            const receipt = await evmTx(key, () => ({
              to: bond,
              data: encodeFunctionData({
                abi: abis.SpaceProviderBond,
                functionName: 'applyDowntimeVerdict',
                args: [verdictId, deviceId, BigInt(v.epoch)],
              }),
              gas: 500_000n,
            }))
            ref = receipt.transactionHash
          }
        } else {
          ref = `applied:${verdictId}`
        }
        await pushOnce(
          'verdictack:pushed',
          {
            account: ACCOUNT_PROVIDERS,
            name: 'verdictack',
            actor: ACCOUNT_RELAYER,
            data: { id: Number(v.id), evm_ref: ref },
          },
          /already relayed/,
        )
        operations.inc({ kind: 'verdict' })
        logger?.info({ verdict: v.id, device: v.device, ref }, 'downtime verdict carried to SpaceProviderBond')
        work++
      }
      journal.put(cursorKey, { next: Number(v.id) + 1 })
    }
    return work
  }

  // --- scheduling: one step at a time ---
  let chain: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn)
    chain = run.catch(() => undefined)
    return run
  }
  let crashed: Error | undefined
  const step = () =>
    exclusive(async () => {
      if (crashed) throw crashed
      try {
        // every source gets its pass even when another one is stuck (e.g. releases while the DAO has paused the
        // network must not hold up verdicts); the first failure is raised afterwards
        let work = 0
        let failure: unknown
        for (const source of [
          () => processDeposits(ACCOUNT_EVM),
          () => processDeposits(ACCOUNT_BRIDGE),
          processEvm,
          processVerdicts,
        ]) {
          try {
            work += await source()
          } catch (error) {
            if (error instanceof RelayerCrashError) throw error
            failure ??= error
          }
        }
        if (failure !== undefined) throw failure
        return work
      } catch (error) {
        if (error instanceof RelayerCrashError) {
          crashed = error
          journal.close()
        }
        throw error
      }
    })

  let running = false
  let lastError: string | undefined
  let loop: Promise<void> | undefined
  return {
    address: account.address,
    journal,
    metrics,
    /** Uses this deployment from now on (set once the genesis has deployed the contracts). */
    setAddressBook: (next: AddressBook) => {
      book = next
    },
    /** One pass over every source; resolves with the number of operations applied. */
    step,
    /** Steps until a pass finds nothing to do. */
    drain: async () => {
      for (let i = 0; i < 50; i++) if ((await step()) === 0) return
    },
    /** Polls every `pollMs` until {@link stop}. Errors are logged and retried on the next poll. */
    start: () => {
      if (running) return
      running = true
      loop = (async () => {
        while (running && !crashed) {
          try {
            await step()
            lastError = undefined
          } catch (error) {
            stepErrors.inc()
            const message = (error as Error).message
            // the same failure on every poll (e.g. a paused DAO) is logged once, then at debug level
            if (!crashed)
              logger?.[message === lastError ? 'debug' : 'warn']({ err: error }, 'bridge relayer step failed; retrying')
            lastError = message
          }
          await new Promise((r) => setTimeout(r, options.pollMs ?? 250))
        }
      })()
    },
    /** The supply integrity check [NP-BRDG-002], run between relayer steps (after draining pending work). */
    checkSupply: (): Promise<SupplyReport> =>
      exclusive(async () => {
        if (!book) throw new ChainNodeError('FAILED_PRECONDITION', 'no address book yet')
        return checkSupply({ anvilUrl: options.anvilUrl, native, addressBook: book })
      }),
    /** True after a failpoint simulated a crash. */
    get crashed() {
      return crashed !== undefined
    },
    stop: async () => {
      running = false
      await loop
      await chain
      journal.close()
    },
  }
}

/** A relayer from {@link createRelayer}. */
export type Relayer = ReturnType<typeof createRelayer>
