/**
 * spaceos.vest tables (white paper §9.3 distribution and vesting).
 */
import { Asset, EMPTY_NAME, Name, Table } from 'proton-tsc'

/** How a schedule vests; fixed per allocation by §9.3. */
export namespace Kind {
  /** Providers / Edge: linear over VEST_PROVIDERS_LINEAR_S (3 years) from `start`. */
  export const LINEAR: u8 = 0
  /** Developer grants and Treasury / DAO: only what the allocation authority `release`s (milestones / votes). */
  export const MILESTONE: u8 = 1
  /** Team / Ecosystem: everything at `start` + VEST_TEAM_CLIFF_S (4-year cliff), nothing before. */
  export const CLIFF: u8 = 2
  /** Liquidity: vested at once. */
  export const IMMEDIATE: u8 = 3
}

/**
 * Configuration (singleton `config`). `authority`: the account (the allocation multisig) that creates, releases and
 * revokes schedules of every allocation except `treasury`, whose authority is spaceos.dao (§9.3 "governance vote").
 */
@table('config', singleton)
export class Config extends Table {
  constructor(
    public initialised: bool = false,
    public authority: Name = EMPTY_NAME,
    public next_id: u64 = 1,
    public outstanding: u64 = 0,
  ) {
    super()
  }
}

/**
 * Per-allocation bookkeeping (table `allocs`): `cap` = ALLOC_*_BPS of SPACE_MAX_SUPPLY; `scheduled` = SPACE promised
 * by its schedules (revoked unvested parts given back).
 */
@table('allocs')
export class Alloc extends Table {
  constructor(
    public allocation: Name = EMPTY_NAME,
    public cap: u64 = 0,
    public scheduled: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.allocation.N
  }
}

/**
 * A vesting schedule (table `schedules`).
 * - `allocation`: providers | devgrants | treasury | team | liquidity; `kind`: Kind (derived from the allocation).
 * - `total`: SPACE promised (after a revoke: what had vested by then); `claimed`: paid out; `released`: milestone
 *   releases so far (MILESTONE only).
 * - `start`, `cliff_s`, `duration_s`: seconds; `revocable`, `revoked`, `revoked_at`; `memo` (≤ 256 bytes).
 */
@table('schedules')
export class Schedule extends Table {
  constructor(
    public id: u64 = 0,
    public allocation: Name = EMPTY_NAME,
    public kind: u8 = 0,
    public beneficiary: Name = EMPTY_NAME,
    public total: Asset = new Asset(),
    public claimed: Asset = new Asset(),
    public released: Asset = new Asset(),
    public start: u64 = 0,
    public cliff_s: u64 = 0,
    public duration_s: u64 = 0,
    public revocable: bool = false,
    public revoked: bool = false,
    public revoked_at: u64 = 0,
    public memo: string = '',
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.id
  }

  @secondary
  get byBeneficiary(): u64 {
    return this.beneficiary.N
  }

  set byBeneficiary(value: u64) {
    this.beneficiary.N = value
  }
}

/** eosio.token `accounts` row (scope = owner), read-only. */
@table('accounts', noabigen)
export class TokenAccount extends Table {
  constructor(public balance: Asset = new Asset()) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.balance.symbol.code()
  }
}
