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

let vmInstantiations = 0

function install() {
  if (installed) return
  installed = true
  fixDoubleEndianness()
  recreateOnlyUsedVms()
  const original = WebAssembly.instantiate.bind(WebAssembly) as (
    source: unknown,
    imports?: WebAssembly.Imports,
  ) => Promise<unknown>
  const patched = (source: unknown, imports?: WebAssembly.Imports) => {
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
