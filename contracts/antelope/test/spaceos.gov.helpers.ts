/**
 * Small helpers shared by the governance/economics contract tests (spaceos.dao, spaceos.vest, spaceos.emit,
 * spaceos.orcl), on top of ANT-core's VeRT layer (vert.ts) and fixtures (fixtures.ts).
 */
import type { Account } from '@proton/vert'
import { units } from './fixtures.ts'
import { balance, stat } from './vert.ts'

/** SPACE balance of `owner` in integer units (0 without a row). */
export function balanceUnits(token: Account, owner: string): bigint {
  const b = balance(token, owner)
  return b === undefined ? 0n : units(b)
}

/** SPACE supply in integer units. */
export function supplyUnits(token: Account): bigint {
  const s = stat(token)
  if (!s) throw new Error('SPACE is not created')
  return units(String(s.supply))
}

/** Integer square root (floor) of a bigint — the reference for the contract's quadratic tally. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = n
  let y = (x + 1n) >> 1n
  while (y < x) {
    x = y
    y = (x + n / x) >> 1n
  }
  return x
}

/** A table row with every number turned into a string (VeRT returns small u64 as numbers, large ones as strings). */
export function norm(row: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!row) throw new Error('row is missing')
  return JSON.parse(JSON.stringify(row, (_k, v) => (typeof v === 'number' ? String(v) : v))) as Record<string, unknown>
}

/** All rows, normalised with {@link norm}. */
export function normAll(list: Record<string, unknown>[]): Record<string, unknown>[] {
  return list.map((r) => norm(r))
}
