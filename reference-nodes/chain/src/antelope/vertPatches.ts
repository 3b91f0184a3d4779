/**
 * The small patch layer over `@proton/vert` the devnet needs for long runs (the "VeRT's known gaps"):
 *
 * 1. Module cache. VeRT re-instantiates every contract from its WASM bytes before each transaction (fresh memory per
 *    transaction, as nodeos gives), which recompiles every module every time. {@link cacheContractModule} compiles a
 *    contract once; `WebAssembly.instantiate` is wrapped so that, for exactly those byte arrays, it instantiates the
 *    cached module (fresh instance and memory, no recompile). Every other call passes through unchanged.
 * 2. Undo-log clearing. VeRT's table store keeps every change since it was created so a failed transaction can be
 *    rolled back; after a transaction is final the log is useless and only grows. {@link clearUndoLog} empties it.
 * 3. Float64 secondary keys. VeRT's Buffer has `readDoubleLE`/`writeDoubleLE` and their BE twins swapped (big-endian
 *    DataView reads), so every `db_idx_double_*` key was stored byte-swapped and ordered wrongly. The two pairs are
 *    swapped back (installed with patch 1, before any contract runs).
 * 4. Only used VMs are recreated. Before every transaction VeRT re-instantiates the VM of every contract account (fresh
 *    memory, as nodeos gives each action); a VM that did not run since it was instantiated is still fresh, so only VMs
 *    that ran (or whose code changed) are recreated. Same semantics, one or two instantiations per transaction instead
 *    of one per deployed contract.
 * 5. Nodeos' action order and trace tree. VeRT skips `require_recipient` of an account without code (nodeos still
 *    delivers the notification and lists its trace), runs a notification's inline actions after later ones, and numbers
 *    traces by execution. {@link NodeosContext} replaces `Blockchain.applyTransactionActions` and wraps
 *    `require_recipient`/`send_inline` to follow `apply_context::exec`: an action, then its notifications in
 *    `require_recipient` order (each account once, code or not), then the inline actions they sent, depth-first, at most
 *    {@link MAX_INLINE_ACTION_DEPTH} deep. `bc.actionTraces` lists the contexts in action-ordinal order (the order
 *    nodeos' `action_traces` has) with the ordinals nodeos assigns when an action is scheduled, per-action console
 *    and elapsed time.
 */
import { createRequire } from 'node:module'
import type { Blockchain } from '@proton/vert'

const modules = new WeakMap<object, WebAssembly.Module>()
let installed = false

type DoubleIo = {
  readDoubleLE(offset?: number): number
  readDoubleBE(offset?: number): number
  writeDoubleLE(value: number, offset?: number): void
  writeDoubleBE(value: number, offset?: number): void
}

/** [patch 3] Little-endian doubles in VeRT's Buffer (what wasm memory holds). */
function fixDoubleEndianness() {
  const require = createRequire(import.meta.url)
  const vertBuffer = require('@proton/vert/dist/buffer.js') as {
    default: { prototype: DoubleIo; from_(buffer: ArrayBuffer, offset: number, length: number): DoubleIo }
  }
  const proto = vertBuffer.default.prototype
  const probe = new DataView(new ArrayBuffer(8))
  probe.setFloat64(0, 1.5, true)
  if (vertBuffer.default.from_(probe.buffer, 0, 8).readDoubleLE() === 1.5) return // already fixed upstream
  const { readDoubleLE, readDoubleBE, writeDoubleLE, writeDoubleBE } = proto
  proto.readDoubleLE = readDoubleBE
  proto.readDoubleBE = readDoubleLE
  proto.writeDoubleLE = writeDoubleBE
  proto.writeDoubleBE = writeDoubleLE
}

type VmLike = { apply(context: unknown): unknown; __used?: boolean }
type AccountLike = { wasm?: Uint8Array; vm?: VmLike; __vmWasm?: Uint8Array | undefined; recreateVm(): Promise<void> }

/** [patch 4] Recreate a VM only when it ran or its code changed since it was created. */
function recreateOnlyUsedVms() {
  const require = createRequire(import.meta.url)
  const { VM } = require('@proton/vert/dist/proton/vm.js') as { VM: { prototype: VmLike } }
  const { Account } = require('@proton/vert/dist/proton/account.js') as { Account: { prototype: AccountLike } }
  const apply = VM.prototype.apply
  VM.prototype.apply = function (this: VmLike, context: unknown) {
    this.__used = true
    return apply.call(this, context)
  }
  const recreate = Account.prototype.recreateVm
  Account.prototype.recreateVm = async function (this: AccountLike) {
    if (this.vm && !this.vm.__used && this.__vmWasm === this.wasm) return
    await recreate.call(this)
    this.__vmWasm = this.wasm
  }
}

/** nodeos' default `max_inline_action_depth`. */
export const MAX_INLINE_ACTION_DEPTH = 4

/** A VeRT action context with what patch 5 records for its trace (nodeos' `action_trace` fields). */
export type NodeosContext = Blockchain['actionTraces'][number] & {
  /** 1-based, assigned when the action is scheduled (nodeos `action_ordinal`). */
  actionOrdinal: number
  creatorActionOrdinal: number
  closestUnnotifiedAncestorActionOrdinal: number
  /** The context whose `act` this trace carries: itself, or for a notification the notified action. */
  origin: NodeosContext
  /** What the action printed. */
  console: string
  /** Wall time of the action in microseconds. */
  elapsedUs: number
  /** The accounts notified for this action (shared by the action and its notifications: nodeos `_notified`). */
  notified?: NodeosContext[]
}

type ContextClass = new (init: Record<string, unknown>) => NodeosContext
type BlockchainLike = {
  applyTransactionActions(trx: unknown, decoded: unknown): void
  getAccount: Blockchain['getAccount']
}
type Env = Record<string, (...args: never[]) => unknown>

let Context: ContextClass
/** Execution counter (only the relative order of a transaction's actions matters: nodeos' global_sequence order). */
let executions = 0
let bigIntToName: (n: bigint) => { equals(other: unknown): boolean; toString(): string }
/** The context VeRT is executing (VM.apply is synchronous and never nested). */
let current: NodeosContext | undefined

const scheduled = (bc: Blockchain, ctx: NodeosContext) => {
  const traces = bc.actionTraces as NodeosContext[]
  traces.push(ctx)
  ctx.actionOrdinal = traces.length
  ctx.console = ''
  ctx.elapsedUs = 0
  return ctx
}

/** [patch 5] `require_recipient` as nodeos: every existing account once per action, with or without code. */
const requireRecipient = (name: bigint) => {
  const ctx = current
  if (!ctx) throw new Error('require_recipient outside an action')
  const account = ctx.receiver.bc.getAccount(bigIntToName(BigInt.asUintN(64, name)) as never)
  if (!account) throw new Error(`Account ${bigIntToName(BigInt.asUintN(64, name))} missing for require_recipient`)
  const notified = ctx.notified ?? [ctx]
  ctx.notified = notified
  if (notified.some((n) => n.receiver === account)) return
  const note = new Context({
    receiver: account,
    firstReceiver: ctx.firstReceiver,
    action: ctx.action,
    data: ctx.data,
    authorization: ctx.authorization, // nodeos: a notification carries the action's authorization (has_auth holds)
    transaction: ctx.transaction,
    decodedData: ctx.decodedData,
  })
  note.origin = ctx.origin
  note.notified = notified
  note.creatorActionOrdinal = ctx.creatorActionOrdinal
  note.closestUnnotifiedAncestorActionOrdinal = ctx.closestUnnotifiedAncestorActionOrdinal
  notified.push(scheduled(ctx.receiver.bc, note))
}

/** [patch 5] VeRT's `send_inline` (checks, decoding), then the new action gets its ordinal and creator. */
const wrapSendInline =
  (original: (action: number, size: number) => void) =>
  (action: number, size: number): void => {
    const ctx = current
    const before = ctx?.actionsQueue.length ?? 0
    original(action, size)
    if (!ctx || ctx.actionsQueue.length === before) return
    const inline = ctx.actionsQueue[ctx.actionsQueue.length - 1] as NodeosContext
    inline.origin = inline
    inline.creatorActionOrdinal = ctx.actionOrdinal
    inline.closestUnnotifiedAncestorActionOrdinal = (ctx.notified?.[0] ?? ctx).actionOrdinal
    scheduled(ctx.receiver.bc, inline)
  }

/** [patch 5] nodeos' `apply_context::exec`: the action, its notifications, then their inline actions depth-first. */
function execAction(bc: Blockchain, ctx: NodeosContext, depth: number): void {
  ctx.notified ??= [ctx]
  const group = ctx.notified
  for (let i = 0; i < group.length; i++) {
    const c = group[i] as NodeosContext
    c.executionOrder = ++executions
    const start = bc.console.length
    const t0 = performance.now()
    if (c.receiver.isContract) {
      current = c
      try {
        c.receiver.vm?.apply(c)
      } finally {
        current = undefined
      }
    }
    c.elapsedUs = Math.max(1, Math.round((performance.now() - t0) * 1000))
    c.console = bc.console.slice(start)
  }
  const inline = group.flatMap((c) => c.actionsQueue as NodeosContext[])
  if (inline.length > 0 && depth >= MAX_INLINE_ACTION_DEPTH) {
    throw new Error(`max inline action depth per transaction reached (${MAX_INLINE_ACTION_DEPTH})`)
  }
  for (const a of inline) execAction(bc, a, depth + 1)
}

function nodeosActionOrder() {
  const require = createRequire(import.meta.url)
  Context = (require('@proton/vert/dist/proton/vm.js') as { VM: { Context: ContextClass } }).VM.Context
  bigIntToName = (require('@proton/vert/dist/proton/bn.js') as { bigIntToName: typeof bigIntToName }).bigIntToName
  const { Blockchain: Chain } = require('@proton/vert/dist/proton/blockchain.js') as {
    Blockchain: { prototype: BlockchainLike }
  }
  Chain.prototype.applyTransactionActions = function (
    this: BlockchainLike,
    trx: { actions: { account: unknown; name: unknown; data: { array: Uint8Array }; authorization: unknown }[] },
    decodedData: unknown,
  ) {
    const top: NodeosContext[] = []
    for (const action of trx.actions) {
      const contract = this.getAccount(action.account as never)
      if (!contract?.isContract) throw new Error(`Contract ${action.account} missing for inline action`)
      const ctx = new Context({
        receiver: contract,
        firstReceiver: contract,
        action: action.name,
        data: action.data.array,
        authorization: action.authorization,
        transaction: trx,
        decodedData,
      })
      ctx.origin = ctx
      ctx.creatorActionOrdinal = 0
      ctx.closestUnnotifiedAncestorActionOrdinal = 0
      top.push(scheduled(this as unknown as Blockchain, ctx))
    }
    for (const ctx of top) execAction(this as unknown as Blockchain, ctx, 0)
  }
}

/** [patch 5] Wraps a contract's host functions (the imports VeRT instantiates it with). */
function wrapImports(imports?: WebAssembly.Imports) {
  const env = imports?.env as Env | undefined
  if (!env || (env as { __nodeos?: boolean }).__nodeos) return
  ;(env as { __nodeos?: boolean }).__nodeos = true
  env.require_recipient = requireRecipient as never
  env.send_inline = wrapSendInline(env.send_inline as never) as never
}

let vmInstantiations = 0

function install() {
  if (installed) return
  installed = true
  fixDoubleEndianness()
  recreateOnlyUsedVms()
  nodeosActionOrder()
  const original = WebAssembly.instantiate.bind(WebAssembly) as (
    source: unknown,
    imports?: WebAssembly.Imports,
  ) => Promise<unknown>
  const patched = (source: unknown, imports?: WebAssembly.Imports) => {
    wrapImports(imports)
    const module = typeof source === 'object' && source !== null ? modules.get(source) : undefined
    if (!module) return original(source, imports)
    vmInstantiations++
    return (original(module, imports) as Promise<WebAssembly.Instance>).then((instance) => ({ module, instance }))
  }
  ;(WebAssembly as { instantiate: unknown }).instantiate = patched
}

/**
 * Compiles `wasm` once; later instantiations of this same byte array (VeRT's per-transaction VM) reuse the module.
 *
 * @example
 * import { readFileSync } from 'node:fs'
 * import { cacheContractModule } from '@spaceos/chain-node'
 * const wasm = readFileSync('contracts/antelope/build/eosio.token.wasm')
 * cacheContractModule(wasm) // pass the same object to bc.createAccount({ wasm })
 */
export function cacheContractModule(wasm: Uint8Array): void {
  install()
  if (!modules.has(wasm)) modules.set(wasm, new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>))
}

/** How many contract VMs were instantiated from cached modules so far (for tests and metrics). */
export function contractInstantiations(): number {
  return vmInstantiations
}

/** Whether `wasm` (this exact byte array) has a cached compiled module. */
export function isContractModuleCached(wasm: Uint8Array): boolean {
  return modules.has(wasm)
}

/**
 * Empties VeRT's undo log once a transaction is final, so memory stays flat over long runs. Call only between
 * transactions (never while one is being applied: its rollback needs the log).
 *
 * @example
 * import { clearUndoLog } from '@spaceos/chain-node'
 * await bc.applyTransaction(trx)
 * clearUndoLog(bc)
 */
export function clearUndoLog(bc: Blockchain): void {
  const store = bc.store as unknown as { changes: unknown[] }
  store.changes.length = 0
}

/** Entries in VeRT's undo log (for tests and metrics). */
export function undoLogSize(bc: Blockchain): number {
  return (bc.store as unknown as { changes: unknown[] }).changes.length
}
