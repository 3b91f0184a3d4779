/**
 * Small helpers shared by the governance/economics contract tests (spaceos.dao, spaceos.vest, spaceos.emit,
 * spaceos.orcl), on top of ANT-core's VeRT layer (vert.ts) and fixtures (fixtures.ts).
 */
import { API, Name } from '@greymass/eosio'
import type { Account, Blockchain } from '@proton/vert'
import { ACCOUNT_DAO, ACCOUNT_ORACLE, ACCOUNT_PROVIDERS, PARAMETERS } from '@spaceos/generated/parameters'
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

/** One row of spaceos.dao's governable-parameter registry, as `regparam` takes it. */
export interface GovernableRow {
  key: string
  contract: string
  min: number
  max: number
  value: number
}

/**
 * Which contract applies each governable parameter of spec/parameters.yaml (the `setparam(key, value)` target).
 * spaceos.prov takes the keys its `setparam` knows; spaceos.orcl takes ORACLE_MIN_STAKE. The rest is recorded by
 * spaceos.dao itself (its `govparams.value`): DAO_DELEGATION_CAP_BPS (applied by the DAO), PROTOCOL_FEE_BPS and
 * TREASURY_BURN_BPS (InferenceSettlement on the EVM; the bridge authority relays the executed value),
 * STAKING_BASE_APR_BPS and TIER_FREE_STAKE (spaceos.prov does not use them on chain yet; min = max = 0 for the latter).
 */
export const PROV_PARAM_KEYS = [
  'EPOCH_LENGTH_S',
  'PROVIDER_UNSTAKE_DELAY_S',
  'TIER_BASIC_STAKE',
  'TIER_PRO_STAKE',
  'TIER_ENTERPRISE_STAKE',
  'DOWNTIME_MISSED_HEARTBEAT_BPS',
  'DOWNTIME_SLASH_BPS',
  'BAD_PROOF_SLASH_BPS',
]

export function governableOwner(key: string): string {
  if (PROV_PARAM_KEYS.includes(key)) return ACCOUNT_PROVIDERS
  if (key === 'ORACLE_MIN_STAKE') return ACCOUNT_ORACLE
  return ACCOUNT_DAO
}

/** Every `governable` parameter of spec/parameters.yaml with its bounds, default and owning contract. */
export function governableRegistry(): GovernableRow[] {
  const out: GovernableRow[] = []
  for (const [key, meta] of Object.entries(PARAMETERS) as [string, Record<string, unknown>][]) {
    if (meta.governable !== true) continue
    out.push({
      key,
      contract: governableOwner(key),
      min: Number(meta.min),
      max: Number(meta.max),
      value: Number(meta.value),
    })
  }
  return out
}

/**
 * Adds `code@eosio.code` to `account@active` (what a deployment does with updateauth so `code` can send inline actions
 * as `account`). Builds a proper AccountPermission (vert.ts `grantCode` pushes a plain object that VeRT's authority
 * check cannot read — reported to ANT-core).
 */
export function allowInline(bc: Blockchain, account: string, code: string): void {
  const acc = bc.getAccount(Name.from(account))
  if (!acc) throw new Error(`no account ${account}`)
  acc.setPermissions(
    acc.permissions.map((p) => {
      if (!p.perm_name.equals(Name.from('active'))) return p
      const raw = JSON.parse(JSON.stringify(p)) as {
        required_auth: { accounts: { permission: { actor: string; permission: string }; weight: number }[] }
      }
      raw.required_auth.accounts.push({ permission: { actor: code, permission: 'eosio.code' }, weight: 1 })
      return API.v1.AccountPermission.from(raw)
    }),
  )
}
