import { CaseFailedError, skipCase } from '../../case.ts'
import type { ActionSpec, AntelopeClient, BuildOptions, ChainAnswer, SendOptions } from './antelope.ts'
import { asset, nonce } from './antelope.ts'
import type { EvmClient } from './evm.ts'

export const role = 'chain'

/** An account the suite may sign for. */
export type SuiteAccount = { name: string; privateKey: string }

/** What every chain case gets. */
export type ChainContext = {
  antelope: AntelopeClient
  evm: EvmClient
  chainId: string
  /** The two spender accounts (non-system, funded). */
  alice: SuiteAccount
  bob: SuiteAccount
  /** Every account given, by name (system ones included). */
  accounts: ReadonlyMap<string, SuiteAccount>
  contracts: Readonly<Record<string, string>>
  bridgeTimeoutMs: number
  /** A devnet's bridge endpoint, when given. */
  bridgeUrl?: string
  /** The target serves the devnet's time-travel endpoint (started with the development flag). */
  devTimeTravel: boolean
  /** Privileged EVM keys by role name (may be empty). */
  evmKeys: Readonly<Record<string, string>>
}

/** Names the spec reserves for system accounts (never used as spenders). */
export const SYSTEM_ACCOUNTS = new Set([
  'eosio',
  'eosio.token',
  'eosio.evm',
  'spaceos.prov',
  'spaceos.dao',
  'spaceos.brdg',
  'spaceos.vest',
  'spaceos.emit',
  'spaceos.orcl',
  'spaceos.rwds',
  'spaceos.tsry',
])

/** The account with the given name, or skip the case (it needs authority the operator did not hand over). */
export function privileged(ctx: ChainContext, name: string): SuiteAccount {
  const account = ctx.accounts.get(name)
  if (!account) skipCase(`needs the key of ${name} (pass --antelope-account ${name}=…)`)
  return account
}

let sequence = 0

/**
 * Builds, signs and sends one transaction. The expiration steps by a second per call (within the hour nodeos allows),
 * so two identical actions sent in the same block still get different transaction IDs.
 */
export async function transact(
  ctx: ChainContext,
  actions: ActionSpec[],
  signers: SuiteAccount[],
  options: BuildOptions & SendOptions = {},
): Promise<ChainAnswer> {
  sequence = (sequence + 1) % 3000
  const trx = await ctx.antelope.build(actions, { expireInS: 120 + sequence, ...options })
  const signed = ctx.antelope.sign(
    trx,
    ctx.chainId,
    signers.map((s) => s.privateKey),
  )
  return ctx.antelope.send(signed, options)
}

/** A SPACE transfer action with a unique memo (unless given). */
export function transfer(from: string, to: string, amount: bigint, memo?: string, actor = from): ActionSpec {
  return {
    account: 'eosio.token',
    name: 'transfer',
    authorization: [{ actor, permission: 'active' }],
    data: { from, to, quantity: asset(amount), memo: memo ?? nonce('conformance') },
  }
}

/** The answer must be a success (HTTP 200 with a transaction id). */
export function expectExecuted(answer: ChainAnswer, what: string): void {
  if (answer.status !== 200 || typeof answer.body?.transaction_id !== 'string') {
    throw new CaseFailedError(what, {
      expected: 'HTTP 200 with transaction_id',
      actual: `HTTP ${answer.status} ${describeError(answer)}`,
    })
  }
}

/** One line of a nodeos error answer. */
export function describeError(answer: ChainAnswer): string {
  const e = answer.body?.error
  if (!e) return answer.text.slice(0, 300)
  return `${e.code} ${e.name}: ${String(e.details?.[0]?.message ?? e.what ?? '').slice(0, 240)}`
}

/**
 * The answer must be a nodeos error of `code` (and HTTP `status` when given), in nodeos' shape [NP-CHAIN-031]; returns
 * the first detail message.
 */
export function expectNodeosError(
  answer: ChainAnswer,
  code: number,
  what: string,
  options: { status?: number; name?: string } = {},
): string {
  const e = answer.body?.error
  if (answer.status === 200 || !e) {
    throw new CaseFailedError(what, {
      expected: `nodeos error ${code}${options.name ? ` ${options.name}` : ''}`,
      actual: `HTTP ${answer.status} ${answer.text.slice(0, 200)}`,
    })
  }
  expectNodeosShape(answer, what)
  if (e.code !== code || (options.name !== undefined && e.name !== options.name)) {
    throw new CaseFailedError(what, {
      expected: `error.code ${code}${options.name ? ` (${options.name})` : ''}`,
      actual: describeError(answer),
    })
  }
  if (options.status !== undefined && answer.status !== options.status) {
    throw new CaseFailedError(`${what}: HTTP status`, {
      expected: String(options.status),
      actual: String(answer.status),
    })
  }
  return String(e.details[0].message)
}

/** nodeos' error shape: `code` = HTTP status, `message`, `error { code, name, what, details[].message }`. */
export function expectNodeosShape(answer: ChainAnswer, what: string): void {
  const b = answer.body
  const e = b?.error
  const ok =
    b !== undefined &&
    b.code === answer.status &&
    typeof b.message === 'string' &&
    e !== undefined &&
    Number.isInteger(e.code) &&
    typeof e.name === 'string' &&
    typeof e.what === 'string' &&
    Array.isArray(e.details) &&
    e.details.length > 0 &&
    typeof e.details[0].message === 'string' &&
    e.details[0].message.length > 0
  if (!ok) {
    throw new CaseFailedError(`${what}: nodeos error shape`, {
      expected: '{ code: <HTTP status>, message, error: { code, name, what, details: [{ message }] } }',
      actual: `HTTP ${answer.status} ${answer.text.slice(0, 300)}`,
    })
  }
}

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new CaseFailedError(what, { expected: String(expected), actual: String(actual) })
}

/** Polls `read` until `done(value)` or the timeout; returns the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let value = await read()
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    value = await read()
  }
  return value
}
