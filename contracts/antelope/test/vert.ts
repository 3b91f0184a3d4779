/**
 * The VeRT (`@proton/vert`) layer every Antelope contract test uses — and that the devnet can reuse.
 *
 * VeRT runs the real compiled WASM in-process. What it lacks or does differently from nodeos, and what this module does
 * about it:
 * - Time starts at 0: {@link createChain} sets a fixed genesis time; {@link setTime}/{@link addSeconds} move it.
 * - `require_auth` only accepts `x@active`/`x@owner`: tests sign with `x@active` (the default of {@link send}).
 * - Inline actions must be authorised by `sender@eosio.code` in the actor's permission: contracts get their own
 *   `eosio.code` automatically; {@link grantCode} adds another contract's `eosio.code` to an account's `active` (e.g.
 *   `eosio@active` ← `spaceos.prov@eosio.code` so the provider contract can issue inflation), exactly as the devnet
 *   must do with `updateauth`.
 * - No deferred transactions, no `check_transaction_authorization`/`check_permission_authorization`: our contracts do
 *   not use them (design rule).
 * A failed transaction is rolled back by VeRT; {@link expectFailure} asserts both the exact `check` text and that the
 * whole table store is unchanged. This module does not depend on vitest, so the devnet can import it.
 */

import { deepStrictEqual } from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { Asset, Name, PermissionLevel, TimePointSec } from '@greymass/eosio'
import { type Account, Blockchain, nameToBigInt, PermissionLevelWeight, symbolCodeToBigInt } from '@proton/vert'
import { buildOutputs } from '../scripts/compiler.ts'

/** 2026-01-01T00:00:00Z — every chain starts here unless a test sets another time. */
export const GENESIS_UNIX_S = 1_767_225_600

/** A fresh in-process chain at {@link GENESIS_UNIX_S}. */
export function createChain(): Blockchain {
  const bc = new Blockchain()
  setTime(bc, GENESIS_UNIX_S)
  return bc
}

/** Deploy `build/<account>.{wasm,abi}` (run `npm run build -w @spaceos/contracts-antelope` or the globalSetup first). */
export function deploy(bc: Blockchain, account: string, as: string = account): Account {
  const out = buildOutputs(account)
  if (!existsSync(out.wasm)) throw new Error(`${out.wasm} is missing: the vitest globalSetup compiles contracts`)
  return bc.createAccount({
    name: as,
    wasm: readFileSync(out.wasm),
    abi: readFileSync(out.abi, 'utf8'),
    enableInline: true,
  })
}

/** Let `code`'s contract act as `account@active` in inline actions (`updateauth` adding `code@eosio.code`). */
export function grantCode(bc: Blockchain, account: string, code: string): void {
  const acc = bc.getAccount(Name.from(account))
  if (!acc) throw new Error(`no account ${account}`)
  const active = acc.permissions.find((p) => p.perm_name.equals(Name.from('active')))
  if (!active) throw new Error(`${account} has no active permission`)
  active.required_auth.accounts.push(
    PermissionLevelWeight.from({ weight: 1, permission: { actor: code, permission: 'eosio.code' } }),
  )
  active.required_auth.sort()
}

/** Chain time in unix seconds. */
export function now(bc: Blockchain): number {
  return Math.floor(bc.timestamp.toMilliseconds() / 1000)
}

/** Set chain time (unix seconds). */
export function setTime(bc: Blockchain, unixSeconds: number): void {
  bc.setTime(TimePointSec.fromInteger(unixSeconds))
}

/** Move chain time forward by `seconds`. */
export function addSeconds(bc: Blockchain, seconds: number): void {
  setTime(bc, now(bc) + seconds)
}

/** Send `contract::action(data)` signed by `auth` (`"alice"` → `alice@active`). */
export function send(contract: Account, action: string, data: Record<string, unknown>, auth: string | string[]) {
  const action_ = contract.actions[action]
  if (!action_) throw new Error(`${contract.name} has no action ${action}`)
  const perms = (Array.isArray(auth) ? auth : [auth]).map((a) => (a.includes('@') ? a : `${a}@active`))
  return action_(data).send(perms.length === 1 ? perms[0] : perms.map((p) => PermissionLevel.from(p)))
}

/** A deep copy of every table row of the chain (for "a failed action changes no table"). */
export function snapshot(bc: Blockchain): unknown {
  return JSON.parse(JSON.stringify(bc.getStorage(), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
}

/**
 * Assert that `action` fails with exactly `eosio_assert: <message>` (or, for non-`check` errors, the given text) and that
 * no table changed.
 */
export async function expectFailure(bc: Blockchain, action: Promise<unknown>, message: string): Promise<void> {
  const before = snapshot(bc)
  let error: unknown
  try {
    await action
  } catch (e) {
    error = e
  }
  if (!(error instanceof Error)) throw new Error(`expected failure "${message}", but the action succeeded`)
  const expected = message.startsWith('missing required authority') ? message : `eosio_assert: ${message}`
  if (error.message !== expected) {
    throw new Error(`expected failure "${expected}", got "${error.message}"`, { cause: error })
  }
  deepStrictEqual(snapshot(bc), before, `"${message}" changed the table store`)
}

/** Rows of `contract`'s `table` in `scope`: a name, a symbol code such as `SPACE`, or a raw u64 (e.g. an epoch number). */
export function rows(
  contract: Account,
  table: string,
  scope: string | bigint = contract.name.toString(),
): Record<string, unknown>[] {
  const t = contract.tables[table]
  if (!t) throw new Error(`${contract.name} has no table ${table}`)
  const scopeKey =
    typeof scope === 'bigint'
      ? scope
      : /^[A-Z]{1,7}$/.test(scope)
        ? symbolCodeToBigInt(Asset.SymbolCode.from(scope))
        : nameToBigInt(Name.from(scope))
  return t(scopeKey).getTableRows() as Record<string, unknown>[]
}

/** The `accounts` balance of `owner` in `eosio.token` for `symbol` (e.g. `"SPACE"`), or undefined. */
export function balance(token: Account, owner: string, symbol = 'SPACE'): string | undefined {
  const row = rows(token, 'accounts', owner).find((r) => String(r.balance).endsWith(` ${symbol}`))
  return row ? String(row.balance) : undefined
}

/** The `stat` row of a token symbol. */
export function stat(token: Account, symbol = 'SPACE'): Record<string, unknown> | undefined {
  return rows(token, 'stat', symbol)[0]
}

/**
 * Write a row straight into a contract's table (test set-up for state another contract would produce, e.g. the DAO's
 * `state` singleton with `paused: true`). Singletons use the table name as primary key.
 */
export function setRow(
  contract: Account,
  table: string,
  row: Record<string, unknown>,
  primaryKey: bigint = nameToBigInt(Name.from(table)),
  scope: bigint = nameToBigInt(contract.name),
): void {
  const t = contract.tables[table]
  if (!t) throw new Error(`${contract.name} has no table ${table}`)
  t(scope).set(primaryKey, contract.name, row)
}

/** A row of `table` with every field at its zero value (false, 0, '', empty name/array), from the contract's ABI. */
export function zeroRow(contract: Account, table: string): Record<string, unknown> {
  const abi = contract.abi
  const tableDef = abi?.tables.find((t) => t.name.toString() === table)
  const struct = abi?.structs.find((s) => s.name === tableDef?.type)
  if (!struct) throw new Error(`${contract.name} has no table ${table}`)
  const row: Record<string, unknown> = {}
  for (const f of struct.fields) {
    row[f.name] = f.type.endsWith('[]')
      ? []
      : f.type === 'bool'
        ? false
        : f.type === 'string' || f.type === 'name'
          ? ''
          : /^u?int\d+$|^float\d+$/.test(f.type)
            ? 0
            : (() => {
                throw new Error(`zeroRow: no zero value for ${f.type}`)
              })()
  }
  return row
}
