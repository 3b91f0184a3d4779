/**
 * spaceos.emit — issuance and inflation bookkeeping (white paper §6.3, §9.2).
 *
 * What it does
 * - Keeps the annual inflation budget: INFLATION_BPS_PER_YEAR of the SPACE supply per SECONDS_PER_YEAR, accrued pro
 *   rata of elapsed time (`budget` singleton). Unminted budget carries over, so over any period the total minted is at
 *   most the pro-rata inflation of that period, and never past SPACE_MAX_SUPPLY.
 * - Records what registered minters (spaceos.prov's `gpuminflate`) minted: the minter sends `recordmint` inline after
 *   its eosio.token issue; a mint over the accrued budget or past the max supply fails — and with it the minter's whole
 *   transaction — so the 2 %/year cap is enforced here a second time.
 *
 * What it does NOT do
 * - Burn fees. Protocol fees are burned exactly once, on the EVM, by InferenceSettlement (§9.5: 20 % of the treasury
 *   share). This contract never retires SPACE for fees; burning them here again would double the deflation.
 */
import {
  Asset,
  Contract,
  check,
  currentTimeSec,
  EMPTY_NAME,
  isAccount,
  Name,
  requireAuth,
  Singleton,
  Symbol,
  Table,
  TableStore,
  U128,
} from 'proton-tsc'
import {
  ACCOUNT_TOKEN,
  INFLATION_BPS_PER_YEAR,
  SECONDS_PER_YEAR,
  SPACE_MAX_SUPPLY,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
} from '../../../../generated/assemblyscript/parameters'

const BPS: u64 = 10000

/** eosio.token `stat` row (scope = symbol code), read-only here. */
@table('stat', noabigen)
export class TokenStat extends Table {
  constructor(
    public supply: Asset = new Asset(),
    public max_supply: Asset = new Asset(),
    public issuer: Name = EMPTY_NAME,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.supply.symbol.code()
  }
}

/**
 * Inflation budget state (singleton `budget`).
 * - `started`: true after `init`; `genesis`: time of `init` (seconds).
 * - Inflation years run back to back from `genesis`, SECONDS_PER_YEAR each. `year_start` is the start of the current
 *   one; `year_base` its base supply: the SPACE supply at `init` for the first year, then the previous base plus the
 *   previous year's full budget (2 % compounding yearly, independent of what was actually minted or burned).
 * - `year_target`: the current year's budget accrued so far — floor(year_base × INFLATION_BPS_PER_YEAR × elapsed /
 *   (10000 × SECONDS_PER_YEAR)), cumulative within the year, so rounding never adds up past the exact pro-rata budget.
 * - `closed_total`: the budgets of all finished years; `minted_total`: everything recorded as minted.
 *   Available to mint = closed_total + year_target − minted_total (unminted budget carries over).
 * This is the same arithmetic as spaceos.prov's `gpuminflate`; with `init` in the same block as the first
 * `gpuminflate`, the two agree to the unit and every prov mint fits the budget.
 */
@table('budget', singleton)
export class Budget extends Table {
  constructor(
    public started: bool = false,
    public genesis: u64 = 0,
    public year_start: u64 = 0,
    public year_base: u64 = 0,
    public year_target: u64 = 0,
    public closed_total: u64 = 0,
    public minted_total: u64 = 0,
    public last_accrual: u64 = 0,
  ) {
    super()
  }
}

/** A registered minter (table `minters`, scope self): an account allowed to `recordmint`, and what it minted. */
@table('minters')
export class Minter extends Table {
  constructor(
    public account: Name = EMPTY_NAME,
    public minted: u64 = 0,
    public mints: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.account.N
  }
}

/** One recorded mint (table `mints`, scope self), auto-incrementing `id`. */
@table('mints')
export class MintRecord extends Table {
  constructor(
    public id: u64 = 0,
    public minter: Name = EMPTY_NAME,
    public quantity: Asset = new Asset(),
    public time: u64 = 0,
    public supply_after: u64 = 0,
    public memo: string = '',
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.id
  }
}

function spaceSymbol(): Symbol {
  return new Symbol(SPACE_SYMBOL, <u8>SPACE_NATIVE_DECIMALS)
}

/** Budget accrued over `elapsed` seconds on `supply`: supply × bps × elapsed / (10000 × year), rounded down. */
export function accrual(supply: u64, elapsed: u64): u64 {
  const num = U128.fromU64(supply) * U128.fromU64(INFLATION_BPS_PER_YEAR) * U128.fromU64(elapsed)
  const den = U128.fromU64(BPS) * U128.fromU64(SECONDS_PER_YEAR)
  return (num / den).toU64()
}

@contract
export class EmitContract extends Contract {
  budgetTable: Singleton<Budget> = new Singleton<Budget>(this.receiver)
  mintersTable: TableStore<Minter> = new TableStore<Minter>(this.receiver)
  mintsTable: TableStore<MintRecord> = new TableStore<MintRecord>(this.receiver)

  private currentSupply(): u64 {
    const sym = spaceSymbol()
    const stats = new TableStore<TokenStat>(Name.fromString(ACCOUNT_TOKEN), new Name(sym.code()))
    const st = stats.requireGet(sym.code(), 'SPACE is not created on eosio.token')
    return <u64>st.supply.amount
  }

  /** Accrues the budget up to now, closing every inflation year that has ended. */
  private accrue(b: Budget): void {
    const now = <u64>currentTimeSec()
    while (true) {
      const yearEnd = b.year_start + SECONDS_PER_YEAR
      const until = now < yearEnd ? now : yearEnd
      const target = accrual(b.year_base, until - b.year_start)
      if (target > b.year_target) b.year_target = target
      if (now < yearEnd) break
      b.closed_total += b.year_target
      b.year_base += b.year_target
      b.year_start = yearEnd
      b.year_target = 0
    }
    if (now > b.last_accrual) b.last_accrual = now
  }

  /**
   * Starts the inflation clock at the current time on the current SPACE supply. Auth: spaceos.emit.
   * @example cleos push action spaceos.emit init '[]' -p spaceos.emit
   */
  @action('init')
  init(): void {
    requireAuth(this.receiver)
    const b = this.budgetTable.get()
    check(!b.started, 'emit: already initialised')
    const now = <u64>currentTimeSec()
    const fresh = new Budget(true, now, now, this.currentSupply(), 0, 0, 0, now)
    this.budgetTable.set(fresh, this.receiver)
  }

  /**
   * Allows `account` to record mints (spaceos.prov). Auth: spaceos.emit.
   * @example cleos push action spaceos.emit addminter '["spaceos.prov"]' -p spaceos.emit
   */
  @action('addminter')
  addminter(account: Name): void {
    requireAuth(this.receiver)
    check(isAccount(account), 'emit: minter account does not exist')
    check(!this.mintersTable.exists(account.N), 'emit: minter already registered')
    this.mintersTable.store(new Minter(account, 0, 0), this.receiver)
  }

  /**
   * Removes a minter (its history stays in `mints`). Auth: spaceos.emit.
   */
  @action('rmminter')
  rmminter(account: Name): void {
    requireAuth(this.receiver)
    const m = this.mintersTable.requireGet(account.N, 'emit: minter not registered')
    this.mintersTable.remove(m)
  }

  /**
   * Records a mint `minter` made (sent inline right after its eosio.token issue, so the supply already includes it).
   * Fails when the quantity exceeds the budget accrued so far or the supply is past the max supply.
   * Auth: `minter`, which must be registered.
   * @example spaceos.prov: inline spaceos.emit::recordmint(["spaceos.prov", "12.3456 SPACE", "epoch 42"])
   */
  @action('recordmint')
  recordmint(minter: Name, quantity: Asset, memo: string): void {
    requireAuth(minter)
    const m = this.mintersTable.requireGet(minter.N, 'emit: minter not registered')
    const sym = spaceSymbol()
    check(quantity.symbol == sym, 'emit: quantity must be SPACE with 4 decimals')
    check(quantity.isValid(), 'emit: invalid quantity')
    check(quantity.amount > 0, 'emit: quantity must be positive')
    check(memo.length <= 256, 'emit: memo has more than 256 bytes')
    const b = this.budgetTable.get()
    check(b.started, 'emit: not initialised')
    const supply = this.currentSupply()
    check(supply <= SPACE_MAX_SUPPLY, 'emit: supply is past the maximum supply')
    const q = <u64>quantity.amount
    this.accrue(b)
    check(q <= b.closed_total + b.year_target - b.minted_total, 'emit: mint exceeds the inflation budget accrued so far')
    b.minted_total += q
    this.budgetTable.set(b, this.receiver)
    m.minted += q
    m.mints += 1
    this.mintersTable.update(m, this.receiver)
    const id = this.mintsTable.availablePrimaryKey
    this.mintsTable.store(new MintRecord(id, minter, quantity, b.last_accrual, supply, memo), this.receiver)
  }

  /**
   * Accrues the budget up to now without minting (keeps `budget` readable for clients). Anyone may call.
   */
  @action('accrue')
  accrueNow(): void {
    const b = this.budgetTable.get()
    check(b.started, 'emit: not initialised')
    this.accrue(b)
    this.budgetTable.set(b, this.receiver)
  }
}
