import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inflateSync } from 'node:zlib'
import * as G from '@greymass/eosio'
import { Blockchain, nameToBigInt } from '@proton/vert'
import { formatSpace } from '@spaceos/antelope'
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
  BLOCK_TIME_MS,
  DAO_COUNCIL_SIZE,
  SPACE_INITIAL_ISSUE,
  SPACE_MAX_SUPPLY,
} from '@spaceos/generated/parameters'
import type { Logger } from '@spaceos/node-kit'
import { Bytes, Checksum256, PrivateKey, Serializer, Signature, TimePoint, Transaction } from '@wharfkit/antelope'
import { ACCOUNT_COUNCIL, bootstrapSystemContracts, councilAuthority } from './genesisContracts.ts'
import {
  applyNativeAction,
  minimumPermission,
  NATIVE_ABI,
  NATIVE_ACTIONS,
  type PermissionLinks,
  satisfiesMinimum,
} from './nativeActions.ts'
import { NodeosApiError } from './nodeosError.ts'
import { recoverKey } from './recoverKey.ts'
import { cacheContractModule, clearUndoLog, type NodeosContext } from './vertPatches.ts'

/** Options of {@link createDevChain}. */
export type CreateDevChainOptions = {
  /** Folder with the compiled `<account>.wasm`/`.abi`. Default `contracts/antelope/build` of this repository. */
  artifactsDir?: string
  /** Dev accounts created at genesis with generated keys. Default `alice`, `bob`, `carol`. */
  devAccounts?: readonly string[]
  /** SPACE units transferred from `eosio` to every dev account at genesis. Default 1,000.0000 SPACE. */
  devBalance?: number
  /**
   * Folder for the chain's state (genesis time, the generated keys, every applied transaction). When it holds a state,
   * the chain restarts from it: same chain ID, keys, accounts, tables and balances. Default: in memory only.
   */
  stateDir?: string
  /** Blocks whose transactions stay in memory for `get_block` (older ones keep their header). Default {@link BODY_BLOCKS}. */
  keepBlockBodies?: number
  /** Wall clock in ms (tests may pass a controllable one). Default `Date.now`. */
  clock?: () => number
  logger?: Logger
}

/** A generated key pair of the devnet: for local use only, never for a real chain. */
export type DevKey = { account: string; privateKey: string; publicKey: string }

/** A produced block as `get_block` answers it. */
export type DevBlock = {
  block_num: number
  id: string
  previous: string
  timestamp: string
  producer: string
  ref_block_prefix: number
  /** The block ID signed by the devnet's producer key (`eosio`). */
  producer_signature: string
  transactions: Record<string, unknown>[]
  /** Set once the block is older than the last `BODY_BLOCKS` blocks: its transactions are no longer kept. */
  transactions_pruned?: boolean
}

/** Blocks whose transactions the devnet keeps in memory (one hour of blocks); older blocks keep only the header. */
export const BODY_BLOCKS = 7200

/** The contracts deployed at genesis, each from its compiled artifact. */
export const GENESIS_CONTRACTS = [
  ACCOUNT_TOKEN,
  ACCOUNT_PROVIDERS,
  ACCOUNT_DAO,
  ACCOUNT_BRIDGE,
  ACCOUNT_VESTING,
  ACCOUNT_EMISSION,
  ACCOUNT_ORACLE,
] as const
/** System accounts without code. */
export const GENESIS_ACCOUNTS = ['eosio', ACCOUNT_EVM, ACCOUNT_REWARDS, ACCOUNT_TREASURY] as const

const defaultArtifactsDir = () => fileURLToPath(new URL('../../../../contracts/antelope/build/', import.meta.url))
const MAX_PACKED_TRX_BYTES = 512 * 1024
const MAX_EXPIRATION_S = 3600
/** sha256 of the (empty) context-free data that ends every signing digest. */
const ZERO_CONTEXT_FREE = new Uint8Array(32)
/** A transaction's id: sha256 of its packed form. */
const transactionId = (packed: Uint8Array) => createHash('sha256').update(packed).digest('hex')

const keyAuthority = (publicKey: string) =>
  G.Authority.from({ threshold: 1, keys: [{ key: publicKey, weight: 1 }], accounts: [], waits: [] })

/**
 * The devnet's Antelope chain: the real compiled system contracts executed by `@proton/vert`, with what nodeos adds
 * around them — accounts with keys, signature checks against the authorising permissions, TAPOS, expiration, duplicate
 * IDs [NP-CHAIN-034] — and blocks following the wall clock every `BLOCK_TIME_MS` [NP-CHAIN-038].
 *
 * @example
 * import { createDevChain } from '@spaceos/chain-node'
 * const chain = await createDevChain()
 * chain.startProducing()
 * console.log(chain.keys) // local-only dev keys
 * chain.stop()
 */
export async function createDevChain(options: CreateDevChainOptions = {}) {
  const artifactsDir = options.artifactsDir ?? defaultArtifactsDir()
  // --- persisted state: genesis.json (genesis time, keys — local only), clock.json, transactions.jsonl ---
  const stateFile = (name: string) => (options.stateDir ? join(options.stateDir, name) : undefined)
  const readJson = <T>(name: string): T | undefined => {
    const file = stateFile(name)
    return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined
  }
  const saved = readJson<{ genesisMs: number; keys: DevKey[]; councilKeys?: string[] }>('genesis.json')
  let timeOffsetMs = readJson<{ offsetMs: number }>('clock.json')?.offsetMs ?? 0
  const wall = options.clock ?? Date.now
  const clock = () => wall() + timeOffsetMs
  const slot = (ms: number) => Math.floor(ms / BLOCK_TIME_MS) * BLOCK_TIME_MS

  const bc = new Blockchain()
  const setChainTime = (ms: number) => bc.setTime(G.TimePoint.fromMilliseconds(ms))
  const genesisMs = saved?.genesisMs ?? slot(clock())
  setChainTime(genesisMs)
  const chainId = Checksum256.hash(Bytes.from(`spaceos-devnet:${genesisMs}`, 'utf8'))
  const chainIdBytes = chainId.array

  // --- accounts and keys (generated at start: local only) ---
  const keys: DevKey[] = []
  const savedKey = (account: string) => saved?.keys.find((k) => k.account === account)?.privateKey
  const genesisKey = PrivateKey.from(savedKey('eosio') ?? PrivateKey.generate('K1').toString())
  const createAccount = (name: string, key: PrivateKey, contract?: string) => {
    const publicKey = key.toPublic().toString()
    const permissions = [
      G.API.v1.AccountPermission.from({ perm_name: 'owner', parent: '', required_auth: keyAuthority(publicKey) }),
      G.API.v1.AccountPermission.from({ perm_name: 'active', parent: 'owner', required_auth: keyAuthority(publicKey) }),
    ]
    if (!contract) return bc.createAccount({ name, permissions })
    const wasm = `${artifactsDir}/${contract}.wasm`
    if (!existsSync(wasm)) {
      throw new NodeosApiError(
        'unknownContract',
        `${wasm} is missing: compile the contracts first (npm run build -w @spaceos/contracts-antelope)`,
      )
    }
    const bytes = readFileSync(wasm)
    cacheContractModule(bytes) // [vertPatches 1] compiled once, not before every transaction
    return bc.createAccount({
      name,
      permissions,
      wasm: bytes,
      abi: readFileSync(`${artifactsDir}/${contract}.abi`, 'utf8'),
      enableInline: true,
    })
  }
  keys.push({ account: 'eosio', privateKey: genesisKey.toString(), publicKey: genesisKey.toPublic().toString() })
  for (const name of GENESIS_ACCOUNTS) createAccount(name, genesisKey)
  const eosio = bc.getAccount(G.Name.from('eosio'))
  if (eosio) eosio.abi = NATIVE_ABI // get_abi("eosio") serves the native actions' ABI
  for (const name of GENESIS_CONTRACTS) createAccount(name, genesisKey, name)
  const devAccounts = saved
    ? saved.keys.slice(1).map((k) => k.account)
    : (options.devAccounts ?? ['alice', 'bob', 'carol'])
  for (const name of devAccounts) {
    const key = PrivateKey.from(savedKey(name) ?? PrivateKey.generate('K1').toString())
    createAccount(name, key)
    keys.push({ account: name, privateKey: key.toString(), publicKey: key.toPublic().toString() })
  }
  /** `code@eosio.code` may act as `account@active` in inline actions (the devnet's `updateauth`). */
  const grantCode = (account: string, code: string) => {
    const active = bc.getAccount(G.Name.from(account))?.permissions.find((p) => p.perm_name.equals('active'))
    active?.required_auth.accounts.push(
      G.PermissionLevelWeight.from({ weight: 1, permission: { actor: code, permission: 'eosio.code' } }),
    )
    active?.required_auth.sort()
  }
  grantCode('eosio', ACCOUNT_PROVIDERS)
  grantCode(ACCOUNT_REWARDS, ACCOUNT_PROVIDERS)
  grantCode(ACCOUNT_TREASURY, ACCOUNT_DAO) // v2 treasury spends by the DAO (notes/antelope-gov-requests.md §13)

  // --- blocks ---
  const blocks = new Map<number, DevBlock>()
  let headNum = 0
  let pending: Record<string, unknown>[] = []
  const produce = (timeMs: number) => {
    const head = blocks.get(headNum)
    const block_num = headNum + 1
    const previous = head?.id ?? '0'.repeat(64)
    const timestamp = TimePoint.fromMilliseconds(timeMs).toString()
    const digest = Checksum256.hash(
      Bytes.from(JSON.stringify({ block_num, previous, timestamp, txs: pending.map((t) => t.id) }), 'utf8'),
    ).array
    const id = Uint8Array.from(digest)
    new DataView(id.buffer).setUint32(0, block_num) // nodeos: the block number is the id's first 4 bytes (big-endian)
    const ref_block_prefix = new DataView(id.buffer).getUint32(8, true)
    const block: DevBlock = {
      block_num,
      id: Bytes.from(id).hexString,
      previous,
      timestamp,
      producer: 'eosio',
      ref_block_prefix,
      producer_signature: genesisKey.signDigest(Checksum256.from(id)).toString(),
      transactions: pending,
    }
    pending = []
    blocks.set(block_num, block)
    blocks.delete(block_num - 0x10000) // TAPOS can only reference the last 2^16 blocks
    // Memory stays bounded: older blocks keep their header (TAPOS, get_block_info) but not their transactions.
    const old = blocks.get(block_num - (options.keepBlockBodies ?? BODY_BLOCKS))
    if (old && old.transactions.length > 0) {
      old.transactions = []
      old.transactions_pruned = true
    }
    headNum = block_num
    return block
  }
  produce(genesisMs)

  // --- genesis: SPACE created and SPACE_INITIAL_ISSUE issued to eosio, dev accounts funded ---
  const genesisAction = async (account: string, action: string, data: Record<string, unknown>, actor: string) => {
    const act = bc.getAccount(G.Name.from(account))?.actions[action]
    if (!act) throw new Error(`genesis: ${account} has no action ${action}`)
    await act(data).send(`${actor}@active`)
    clearUndoLog(bc)
  }
  await genesisAction(
    ACCOUNT_TOKEN,
    'create',
    { issuer: 'eosio', maximum_supply: formatSpace(BigInt(SPACE_MAX_SUPPLY)) },
    ACCOUNT_TOKEN,
  )
  await genesisAction(
    ACCOUNT_TOKEN,
    'issue',
    { to: 'eosio', quantity: formatSpace(BigInt(SPACE_INITIAL_ISSUE)), memo: 'genesis' },
    'eosio',
  )
  const quantity = formatSpace(BigInt(options.devBalance ?? 10_000_000))
  for (const { account } of keys.slice(1)) {
    await genesisAction(ACCOUNT_TOKEN, 'transfer', { from: 'eosio', to: account, quantity, memo: 'devnet' }, 'eosio')
  }

  // --- genesis: the system contracts' own bootstrap (genesisContracts.ts) ---
  const councilKeys = (saved?.councilKeys ?? Array.from({ length: DAO_COUNCIL_SIZE }, () => '')).map((k) =>
    PrivateKey.from(k || PrivateKey.generate('K1').toString()),
  )
  createAccount(ACCOUNT_COUNCIL, genesisKey)
  const councilActive = bc
    .getAccount(G.Name.from(ACCOUNT_COUNCIL))
    ?.permissions.find((p) => p.perm_name.equals('active'))
  if (councilActive) {
    councilActive.required_auth = councilAuthority(councilKeys.map((k) => k.toPublic().toString())) as never
  }
  await bootstrapSystemContracts(bc, () => clearUndoLog(bc))

  if (options.stateDir && !saved?.councilKeys) {
    mkdirSync(options.stateDir, { recursive: true })
    const councilSecrets = councilKeys.map((k) => k.toString())
    writeFileSync(
      stateFile('genesis.json') as string,
      JSON.stringify({ genesisMs, keys, councilKeys: councilSecrets }, null, 2),
      { mode: 0o600 },
    )
  }

  // --- transactions ---
  // Duplicate detection: ids of accepted transactions until they expire (an expired one is refused anyway), kept with
  // buckets per expiration second so expiring them costs only what expires.
  const seen = new Set<string>()
  const seenBuckets = new Map<number, string[]>()
  const remember = (id: string, expirationMs: number) => {
    seen.add(id)
    const second = Math.ceil(expirationMs / 1000)
    const bucket = seenBuckets.get(second)
    if (bucket) bucket.push(id)
    else seenBuckets.set(second, [id])
  }
  const forgetExpired = (nowMs: number) => {
    for (const [second, ids] of seenBuckets) {
      if (second * 1000 > nowMs) continue
      for (const id of ids) seen.delete(id)
      seenBuckets.delete(second)
    }
  }
  let queue: Promise<unknown> = Promise.resolve()

  // Public keys as text (their legacy form hashes with RIPEMD-160 on every call): permission keys cached per key object,
  // recovered keys per key type and point (bounded: cleared when it grows past 4096 entries).
  const keyTexts = new WeakMap<object, string>()
  const keyText = (key: object) => {
    let text = keyTexts.get(key)
    if (text === undefined) {
      text = String(key)
      keyTexts.set(key, text)
    }
    return text
  }
  const recoveredTexts = new Map<string, string>()
  const recoveredText = (key: ReturnType<typeof recoverKey>) => {
    const point = `${key.type}:${Buffer.from(key.data.array).toString('hex')}`
    let text = recoveredTexts.get(point)
    if (text === undefined) {
      if (recoveredTexts.size >= 4096) recoveredTexts.clear()
      text = key.toString()
      recoveredTexts.set(point, text)
    }
    return text
  }
  const satisfied = (
    actor: string,
    permission: string,
    recovered: Set<string>,
    used: Set<string>,
    depth = 0,
  ): boolean => {
    if (depth > 4) return false
    const account = bc.getAccount(G.Name.from(actor))
    const perm = account?.permissions.find((p) => p.perm_name.equals(permission))
    if (!perm) return false
    let weight = 0
    for (const k of perm.required_auth.keys) {
      const text = keyText(k.key)
      if (!recovered.has(text)) continue
      weight += Number(k.weight)
      used.add(text)
    }
    for (const a of perm.required_auth.accounts) {
      if (String(a.permission.permission) === 'eosio.code') continue
      if (satisfied(String(a.permission.actor), String(a.permission.permission), recovered, used, depth + 1))
        weight += Number(a.weight)
    }
    return weight >= Number(perm.required_auth.threshold)
  }

  /** Decodes `{ signatures, compression, packed_trx }` (zlib too [NP-CHAIN-035]) and applies it. */
  const pushTransaction = (body: Record<string, unknown>) => {
    const run = queue.then(() => applyPacked(body))
    queue = run.catch(() => undefined)
    return run
  }

  const links: PermissionLinks = new Map()

  /**
   * Runs a verified transaction: native actions on `eosio` here, contract actions in VeRT (each run of consecutive
   * contract actions as one VeRT transaction). Any failure undoes the whole transaction [NP-CHAIN-002].
   */
  const execute = async (
    packed: Uint8Array,
    trxId: string,
    blockNum: number,
    blockTime: string,
    decoded?: G.Transaction,
  ) => {
    const trx = decoded ?? G.Serializer.decode({ data: packed, type: G.Transaction })
    const snapshot = bc.store.snapshot()
    const undo: (() => void)[] = []
    // What ran, in order: per VeRT run its contexts (action-ordinal order), per native action the action itself.
    const ran: (NodeosContext[] | G.Action)[] = []
    let segment: G.Action[] = []
    const flush = async () => {
      if (segment.length === 0) return
      for (const action of segment) {
        if (!bc.getAccount(action.account)?.isContract) {
          throw new NodeosApiError('action', `no contract deployed on ${action.account}`)
        }
      }
      // Authorities were verified above (keys, thresholds, linkauth); VeRT's require_auth only knows active/owner. The
      // common case (every action of the transaction, active/owner authorities only) runs the decoded transaction as is.
      const asIs =
        segment.length === trx.actions.length &&
        segment.every((a) =>
          a.authorization.every((p) => p.permission.equals('active') || p.permission.equals('owner')),
        )
      if (asIs) {
        await bc.applyTransaction(trx)
        ran.push(bc.actionTraces as NodeosContext[]) // [vertPatches 5] one context per receiver, in ordinal order
        segment = []
        return
      }
      const actions = segment.map((a) =>
        G.Action.from({
          ...a,
          authorization: a.authorization.map((p) => ({
            actor: p.actor,
            permission: p.permission.equals('owner') ? 'owner' : 'active',
          })),
        }),
      )
      await bc.applyTransaction(G.Transaction.from({ ...trx, actions }))
      ran.push(bc.actionTraces as NodeosContext[])
      segment = []
    }
    try {
      for (const action of trx.actions) {
        if (
          action.account.equals('eosio') &&
          NATIVE_ACTIONS.has(String(action.name)) &&
          !bc.getAccount(action.account)?.wasm
        ) {
          await flush()
          undo.push(applyNativeAction(bc, links, action))
          ran.push(action)
        } else {
          segment.push(action)
        }
      }
      await flush()
    } catch (error) {
      bc.store.revertTo(snapshot)
      for (const u of undo.reverse()) u()
      throw error
    }
    clearUndoLog(bc) // [vertPatches 2] the transaction is final: its rollback log is no longer needed
    // Only now (the transaction is final) do the sequences advance: one receipt per trace, as nodeos' exec_one.
    const traces: Record<string, unknown>[] = []
    for (const part of ran) {
      if (part instanceof G.Action) {
        traces.push(nativeTrace(part, traces.length + 1, trxId, blockNum, blockTime))
        continue
      }
      const offset = traces.length
      const built = part.map((ctx) => traceOf(ctx, offset, trxId, blockNum, blockTime))
      // Receipts in execution order (an inline action sent before a require_recipient has the lower ordinal but runs
      // after the notification).
      const order = built.map((_, i) => i)
      order.sort((a, b) => (part[a] as NodeosContext).executionOrder - (part[b] as NodeosContext).executionOrder)
      for (const i of order) {
        const ctx = part[i] as NodeosContext
        const trace = built[i] as (typeof built)[number]
        const account = ctx.receiver as typeof ctx.receiver & { codeSequence?: number }
        const codeSequence = account.isContract ? (account.codeSequence ?? 1) : 0
        trace.receipt = receiptOf(trace.receiver, trace.act, actOf(ctx.origin).digest, codeSequence, codeSequence)
      }
      traces.push(...built)
    }
    return traces
  }

  // The block time in nodeos' format, computed once per block slot (every transaction of a block shares it).
  let lastBlockMs = -1
  let lastBlockTime = ''
  const blockTimeText = (ms: number) => {
    if (ms !== lastBlockMs) {
      lastBlockMs = ms
      lastBlockTime = TimePoint.fromMilliseconds(ms).toString()
    }
    return lastBlockTime
  }

  const applyPacked = async (body: Record<string, unknown>) => {
    const { signatures, compression, packed_trx } = body
    if (typeof packed_trx !== 'string' || !/^([0-9a-fA-F]{2})+$/.test(packed_trx)) {
      throw new NodeosApiError('badRequest', 'packed_trx must be the packed transaction as hex')
    }
    if (!Array.isArray(signatures) || signatures.some((s) => typeof s !== 'string')) {
      throw new NodeosApiError('badRequest', 'signatures must be an array of signature strings')
    }
    let packed = Buffer.from(packed_trx, 'hex')
    if (compression === 1 || compression === 'zlib') {
      try {
        packed = inflateSync(packed, { maxOutputLength: MAX_PACKED_TRX_BYTES })
      } catch (cause) {
        throw (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
          ? new NodeosApiError(
              'decompression',
              `Exceeded maximum decompressed transaction size: packed_trx inflates beyond ${MAX_PACKED_TRX_BYTES} bytes`,
            )
          : new NodeosApiError('decompression', 'Unable to decompress transaction: packed_trx is not zlib data')
      }
    } else if (compression !== 0 && compression !== 'none' && compression !== undefined) {
      throw new NodeosApiError(
        'unknownCompression',
        `Unknown transaction compression algorithm ${JSON.stringify(compression)}: use 0/"none" or 1/"zlib"`,
      )
    } else if (packed.length > MAX_PACKED_TRX_BYTES) {
      throw new NodeosApiError('tooBig', `packed_trx is ${packed.length} bytes, more than ${MAX_PACKED_TRX_BYTES}`)
    }
    // Decoded once (with VeRT's @greymass/eosio types, which execute() needs); id and signing digest hashed natively.
    let trx: G.Transaction
    try {
      trx = G.Serializer.decode({ data: packed, type: G.Transaction })
    } catch (cause) {
      throw new NodeosApiError('badRequest', `packed_trx is not a transaction: ${(cause as Error).message}`)
    }
    const id = transactionId(packed)
    const nowMs = clock()
    const expirationMs = trx.expiration.value.toNumber() * 1000
    if (seen.has(id)) throw new NodeosApiError('duplicate', `duplicate transaction ${id}`)
    if (expirationMs <= nowMs) {
      throw new NodeosApiError(
        'expired',
        `expired transaction ${id}, expiration ${trx.expiration}, block time ${TimePoint.fromMilliseconds(nowMs)}`,
      )
    }
    if (expirationMs > nowMs + MAX_EXPIRATION_S * 1000) {
      throw new NodeosApiError('tooFar', `transaction expiration is more than ${MAX_EXPIRATION_S} s in the future`)
    }
    // TAPOS: the one block of the last 2^16 whose number's low 16 bits are ref_block_num, with the same id prefix.
    const ref = blocks.get(headNum - ((headNum - Number(trx.ref_block_num)) & 0xffff))
    if (!ref || ref.ref_block_prefix !== Number(trx.ref_block_prefix)) {
      throw new NodeosApiError(
        'refBlock',
        `transaction's reference block ${trx.ref_block_num} / prefix ${trx.ref_block_prefix} did not match a block on this chain`,
      )
    }
    if (trx.actions.length === 0) throw new NodeosApiError('noAction', 'transaction must have at least one action')
    if (trx.context_free_actions.length > 0) {
      throw new NodeosApiError('tx', 'context-free actions are not supported by the devnet')
    }
    const digest = Checksum256.from(
      createHash('sha256').update(chainIdBytes).update(packed).update(ZERO_CONTEXT_FREE).digest(),
    )
    const recovered = new Set<string>()
    const used = new Set<string>()
    for (const s of signatures as string[]) {
      try {
        recovered.add(recoveredText(recoverKey(Signature.from(s), digest)))
      } catch {
        throw new NodeosApiError('unsatisfied', `signature ${s.slice(0, 16)}… cannot be parsed or recovered`)
      }
    }
    for (const action of trx.actions) {
      if (action.authorization.length === 0) {
        throw new NodeosApiError(
          'noAuths',
          `transaction must have at least one authorization: action ${action.account}::${action.name} declares none`,
        )
      }
      for (const auth of action.authorization) {
        if (!satisfied(String(auth.actor), String(auth.permission), recovered, used)) {
          throw new NodeosApiError(
            'unsatisfied',
            `transaction declares authority '{"actor":"${auth.actor}","permission":"${auth.permission}"}', but does not have signatures for it.`,
          )
        }
      }
      for (const auth of action.authorization) {
        // linkauth: a custom permission only authorises the actions linked to it (or to one of its children).
        const required = minimumPermission(links, String(auth.actor), String(action.account), String(action.name))
        if (!satisfiesMinimum(bc, String(auth.actor), String(auth.permission), required)) {
          throw new NodeosApiError(
            'unsatisfied',
            `action declares irrelevant authority '{"actor":"${auth.actor}","permission":"${auth.permission}"}'; minimum required authority is ${required}`,
          )
        }
      }
    }
    const irrelevant = [...recovered].filter((k) => !used.has(k))
    if (irrelevant.length > 0) {
      throw new NodeosApiError(
        'irrelevant',
        `transaction bears irrelevant signatures from these keys: ${JSON.stringify(irrelevant)}`,
      )
    }
    const blockMs = slot(nowMs) + BLOCK_TIME_MS
    setChainTime(blockMs)
    const blockTime = blockTimeText(blockMs)
    let traces: Record<string, unknown>[]
    try {
      traces = await execute(packed, id, headNum + 1, blockTime, trx)
    } catch (error) {
      throw error instanceof NodeosApiError ? error : toNodeosError(error)
    }
    // A block may have been produced while VeRT ran (it awaits between contracts): the transaction goes in the next one.
    const action_traces = traces.map((t) => (t.block_num === headNum + 1 ? t : { ...t, block_num: headNum + 1 }))
    remember(id, expirationMs)
    const packedHex = packed.toString('hex')
    if (logFd !== undefined) {
      // Written (to the OS) before the answer: an accepted transaction survives a crash of the process.
      const line = { block_num: headNum + 1, block_ms: blockMs, expiration_ms: expirationMs, packed_trx: packedHex }
      writeSync(logFd, `${JSON.stringify(line)}\n`)
    }
    const receipt = { status: 'executed', cpu_usage_us: 100, net_usage_words: Math.ceil(packed.length / 8) + 12 }
    pending.push(new BlockTransaction(receipt.net_usage_words, id, [...(signatures as string[])], packedHex) as never)
    return {
      transaction_id: id,
      processed: {
        id,
        block_num: headNum + 1,
        block_time: blockTime,
        producer_block_id: null,
        receipt,
        elapsed: 100,
        net_usage: receipt.net_usage_words * 8,
        scheduled: false,
        action_traces,
        account_ram_delta: null,
        except: null,
        error_code: null,
      },
    }
  }

  // Receipt sequences (nodeos action_receipt): one global counter, one per receiver and one per authorizing actor. They
  // advance for every accepted transaction, replayed ones too, so they are the same after a restart.
  let globalSequence = 0
  const recvSequences = new Map<string, number>()
  const authSequences = new Map<string, number>()
  const next = (counters: Map<string, number>, key: string) => {
    const value = (counters.get(key) ?? 0) + 1
    counters.set(key, value)
    return value
  }
  const receiptOf = (receiver: string, act: TraceAct, digest: string, codeSequence: number, abiSequence: number) => ({
    receiver,
    act_digest: digest,
    global_sequence: ++globalSequence,
    recv_sequence: next(recvSequences, receiver),
    auth_sequence: act.authorization.map((p) => [p.actor, next(authSequences, p.actor)]),
    code_sequence: codeSequence,
    abi_sequence: abiSequence,
  })
  const traceFields = (trxId: string, blockNum: number, blockTime: string) => ({
    context_free: false,
    trx_id: trxId,
    block_num: blockNum,
    block_time: blockTime,
    producer_block_id: null,
    account_ram_deltas: [],
    account_disk_deltas: [],
    except: null,
    error_code: null,
    return_value_hex_data: '',
  })

  /** The trace of a native `eosio` action (run by the devnet itself, no notifications). */
  const nativeTrace = (action: G.Action, ordinal: number, trxId: string, blockNum: number, blockTime: string) => {
    const { act, digest } = traceAct('eosio', action.name, action.authorization, action.data.array, NATIVE_ABI)
    return {
      action_ordinal: ordinal,
      creator_action_ordinal: 0,
      closest_unnotified_ancestor_action_ordinal: 0,
      receipt: receiptOf('eosio', act, digest, 0, 0),
      receiver: 'eosio',
      act,
      elapsed: 0,
      console: '',
      ...traceFields(trxId, blockNum, blockTime),
    }
  }

  // The `act` of an action, decoded once and shared by its notifications' traces (same object: no re-decoding).
  const acts = new WeakMap<object, { act: TraceAct; digest: string }>()
  const actOf = (origin: NodeosContext) => {
    let entry = acts.get(origin)
    if (entry === undefined) {
      const { firstReceiver } = origin
      entry = traceAct(firstReceiver.name, origin.action, origin.authorization, origin.data, firstReceiver.abi)
      acts.set(origin, entry)
    }
    return entry
  }

  /** nodeos' action_trace of one receiver [NP-CHAIN-030]; `offset` = traces of the transaction before this VeRT run. */
  const traceOf = (ctx: NodeosContext, offset: number, trxId: string, blockNum: number, blockTime: string) => {
    const { act } = actOf(ctx.origin)
    const receiver = String(ctx.receiver.name)
    const shift = (ordinal: number) => (ordinal === 0 ? 0 : ordinal + offset)
    return {
      action_ordinal: ctx.actionOrdinal + offset,
      creator_action_ordinal: shift(ctx.creatorActionOrdinal),
      closest_unnotified_ancestor_action_ordinal: shift(ctx.closestUnnotifiedAncestorActionOrdinal),
      receipt: null as ReturnType<typeof receiptOf> | null, // set by execute(), in execution order
      receiver,
      act,
      elapsed: ctx.elapsedUs,
      console: ctx.console,
      ...traceFields(trxId, blockNum, blockTime),
    }
  }

  // --- restart: replay every applied transaction at its block time (signatures were checked when it was accepted) ---
  const log = stateFile('transactions.jsonl')
  if (log && existsSync(log)) {
    let last = 0
    const content = readFileSync(log, 'utf8')
    // A crash in the middle of an append leaves a torn last line (no newline): that transaction was never answered, so
    // it is dropped and the file cut back to the last complete line. A damaged complete line is an error.
    const complete = content.lastIndexOf('\n') + 1
    if (complete < content.length) {
      options.logger?.warn({ bytes: content.length - complete }, 'dropping a torn last line of transactions.jsonl')
      truncateSync(log, Buffer.byteLength(content.slice(0, complete)))
    }
    for (const [index, text] of content.slice(0, complete).split('\n').entries()) {
      if (!text.trim()) continue
      let line: { block_num: number; block_ms: number; expiration_ms: number; packed_trx: string }
      try {
        line = JSON.parse(text)
      } catch {
        throw new Error(
          `${log} line ${index + 1} is damaged: fix or remove it (or delete the folder for a fresh genesis)`,
        )
      }
      const packed = Buffer.from(line.packed_trx, 'hex')
      setChainTime(line.block_ms)
      const id = transactionId(packed)
      await execute(packed, id, line.block_num, TimePoint.fromMilliseconds(line.block_ms).toString())
      remember(id, line.expiration_ms)
      last = line.block_num
    }
    if (last > headNum) {
      // Blocks themselves are not kept: numbering continues after the last block that held a transaction.
      blocks.clear()
      headNum = last
      produce(slot(clock()))
    }
  }

  // Opened once (after the replay above read it): one write per accepted transaction, no open/close.
  const logFd = log ? openSync(log, 'a', 0o600) : undefined
  let logClosed = false

  let timer: NodeJS.Timeout | undefined
  return {
    bc,
    chainId: chainId.hexString,
    /** Time of the genesis block (nodeos format). */
    genesisTime: TimePoint.fromMilliseconds(genesisMs).toString(),
    keys,
    /** The treasury council `spaceos.cncl`: its `active` is a threshold of these local-only keys. */
    council: {
      account: ACCOUNT_COUNCIL,
      privateKeys: councilKeys.map((k) => k.toString()),
    },
    blocks,
    clock,
    head: () => blocks.get(headNum) as DevBlock,
    pushTransaction,
    /** Produces a block now (the timer calls this every BLOCK_TIME_MS). */
    produceBlock: () => produce(slot(clock())),
    /** Dev only [NP-CHAIN-039]: moves the chain clock forward. */
    addTime: (seconds: number) => {
      timeOffsetMs += seconds * 1000
      const file = stateFile('clock.json')
      if (file) writeFileSync(file, JSON.stringify({ offsetMs: timeOffsetMs }))
      forgetExpired(clock())
    },
    startProducing: () => {
      timer ??= setInterval(() => {
        produce(slot(clock()))
        forgetExpired(clock())
      }, BLOCK_TIME_MS)
      timer.unref()
    },
    stop: () => {
      if (timer) clearInterval(timer)
      timer = undefined
      if (logFd !== undefined && !logClosed) {
        logClosed = true
        closeSync(logFd)
      }
    },
    /** The u64 value of an account name. */
    name: (n: string) => nameToBigInt(G.Name.from(n)),
  }
}

/**
 * A transaction as `get_block` lists it (nodeos' shape through the `trx` getter and `toJSON`). A compact fixed-shape
 * object holding only strings, built outside the transaction's scope so a block retains nothing else; the transaction
 * is decoded only when a block is read.
 */
class BlockTransaction {
  readonly status = 'executed'
  readonly cpu_usage_us = 100
  constructor(
    readonly net_usage_words: number,
    readonly id: string,
    private readonly signatures: string[],
    private readonly packedHex: string,
  ) {}

  get trx() {
    return {
      id: this.id,
      signatures: this.signatures,
      compression: 'none',
      packed_context_free_data: '',
      context_free_data: [],
      packed_trx: this.packedHex,
      transaction: Serializer.objectify(
        Serializer.decode({ data: Buffer.from(this.packedHex, 'hex'), type: Transaction }),
      ),
    }
  }

  toJSON() {
    const { status, cpu_usage_us, net_usage_words, id, trx } = this
    return { status, cpu_usage_us, net_usage_words, id, trx }
  }
}

/** The running devnet chain returned by {@link createDevChain}. */
export type DevChain = Awaited<ReturnType<typeof createDevChain>>

/** Maps a VeRT failure to nodeos' error ([NP-CHAIN-032]: a failed check is 3050003 with its message). */
function toNodeosError(error: unknown): NodeosApiError {
  const message = error instanceof Error ? error.message : String(error)
  if (message.startsWith('eosio_assert: ')) {
    return new NodeosApiError('assert', `assertion failure with message: ${message.slice('eosio_assert: '.length)}`)
  }
  if (message.startsWith('missing required authority')) return new NodeosApiError('missingAuth', message)
  return new NodeosApiError('tx', message)
}

/** The `act` of an action trace (nodeos' JSON shape). */
type TraceAct = {
  account: string
  name: string
  authorization: { actor: string; permission: string }[]
  data: unknown
  hex_data: string
}

/** The `act` of a trace (data decoded with `abi` when it can be, else `{}`) and its `act_digest`. */
function traceAct(
  account: unknown,
  name: unknown,
  authorization: readonly { actor: unknown; permission: unknown }[],
  data: Uint8Array,
  abi: G.ABI | undefined,
) {
  const act: TraceAct = {
    account: String(account),
    name: String(name),
    authorization: authorization.map((p) => ({ actor: String(p.actor), permission: String(p.permission) })),
    data: {},
    hex_data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex'),
  }
  try {
    if (abi) act.data = G.Serializer.objectify(G.Serializer.decode({ data, type: act.name, abi }))
  } catch {
    act.data = {}
  }
  return { act, digest: actionDigest(act, data) }
}

// u64 values of names, cached (a trace needs the account, action and authorisation names for its digest).
const nameValues = new Map<string, bigint>()
const nameValue = (name: string) => {
  let value = nameValues.get(name)
  if (value === undefined) {
    if (nameValues.size >= 4096) nameValues.clear()
    value = nameToBigInt(G.Name.from(name))
    nameValues.set(name, value)
  }
  return value
}

const varuint = (n: number) => {
  const bytes: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n > 0) b |= 0x80
    bytes.push(b)
  } while (n > 0)
  return Buffer.from(bytes)
}

/**
 * nodeos' `act_digest` (action_return_value activated, as nodeos 3+): sha256 of sha256(packed account, name and
 * authorization) and sha256(packed data and the empty return value).
 */
function actionDigest(act: TraceAct, data: Uint8Array): string {
  const base = Buffer.alloc(16 + 16 * act.authorization.length)
  base.writeBigUInt64LE(nameValue(act.account), 0)
  base.writeBigUInt64LE(nameValue(act.name), 8)
  const count = varuint(act.authorization.length)
  let offset = 16
  for (const p of act.authorization) {
    base.writeBigUInt64LE(nameValue(p.actor), offset)
    base.writeBigUInt64LE(nameValue(p.permission), offset + 8)
    offset += 16
  }
  const left = createHash('sha256').update(base.subarray(0, 16)).update(count).update(base.subarray(16)).digest()
  const right = createHash('sha256').update(varuint(data.length)).update(data).update(EMPTY_RETURN_VALUE).digest()
  return createHash('sha256').update(left).update(right).digest('hex')
}
const EMPTY_RETURN_VALUE = Buffer.from([0])
