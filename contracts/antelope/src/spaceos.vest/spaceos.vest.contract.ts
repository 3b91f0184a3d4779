/**
 * spaceos.vest — token vesting for the §9.3 allocations.
 *
 * | allocation  | share (ALLOC_*)      | vesting (kind)                                  | authority      |
 * |-------------|----------------------|-------------------------------------------------|----------------|
 * | providers   | ALLOC_PROVIDERS_BPS  | linear over VEST_PROVIDERS_LINEAR_S (3 years)   | config.authority |
 * | devgrants   | ALLOC_DEV_GRANTS_BPS | milestone: released by the authority            | config.authority |
 * | treasury    | ALLOC_TREASURY_BPS   | milestone: released by governance vote          | spaceos.dao    |
 * | team        | ALLOC_TEAM_BPS       | cliff: all at VEST_TEAM_CLIFF_S (4 years)       | config.authority |
 * | liquidity   | ALLOC_LIQUIDITY_BPS  | immediate                                       | config.authority |
 *
 * Each allocation is capped at its share of SPACE_MAX_SUPPLY. Schedules are funded from SPACE held by spaceos.vest
 * (anyone may transfer it in; a schedule needs that much unpromised SPACE). Beneficiaries `claim` what has vested;
 * the authority may `revoke` a schedule created `revocable` (never an immediate one): what vested stays claimable, the
 * rest goes back to the allocation. Claims stop while the DAO emergency pause is in force.
 */
import {
  ActionData,
  Asset,
  Contract,
  check,
  currentTimeSec,
  EMPTY_NAME,
  InlineAction,
  isAccount,
  Name,
  PermissionLevel,
  requireAuth,
  Singleton,
  Symbol,
  TableStore,
  U128,
} from 'proton-tsc'
import { isDaoPaused } from '../spaceos.dao/dao.reader'
import {
  ACCOUNT_DAO,
  ACCOUNT_TOKEN,
  ALLOC_DEV_GRANTS_BPS,
  ALLOC_LIQUIDITY_BPS,
  ALLOC_PROVIDERS_BPS,
  ALLOC_TEAM_BPS,
  ALLOC_TREASURY_BPS,
  SPACE_MAX_SUPPLY,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
  VEST_PROVIDERS_LINEAR_S,
  VEST_TEAM_CLIFF_S,
} from '../../../../generated/assemblyscript/parameters'
import { Alloc, Config, Kind, Schedule, TokenAccount } from './spaceos.vest.tables'

const BPS: u64 = 10000

@packer
export class TokenTransfer extends ActionData {
  constructor(
    public from: Name = EMPTY_NAME,
    public to: Name = EMPTY_NAME,
    public quantity: Asset = new Asset(),
    public memo: string = '',
  ) {
    super()
  }
}

function spaceSymbol(): Symbol {
  return new Symbol(SPACE_SYMBOL, <u8>SPACE_NATIVE_DECIMALS)
}

function space(units: u64): Asset {
  return new Asset(<i64>units, spaceSymbol())
}

function now(): u64 {
  return <u64>currentTimeSec()
}

/** Share of SPACE_MAX_SUPPLY an allocation may promise, in bps; 0 for an unknown allocation. */
function allocBps(allocation: Name): u64 {
  if (allocation == Name.fromString('providers')) return ALLOC_PROVIDERS_BPS
  if (allocation == Name.fromString('devgrants')) return ALLOC_DEV_GRANTS_BPS
  if (allocation == Name.fromString('treasury')) return ALLOC_TREASURY_BPS
  if (allocation == Name.fromString('team')) return ALLOC_TEAM_BPS
  if (allocation == Name.fromString('liquidity')) return ALLOC_LIQUIDITY_BPS
  return 0
}

function allocKind(allocation: Name): u8 {
  if (allocation == Name.fromString('providers')) return Kind.LINEAR
  if (allocation == Name.fromString('team')) return Kind.CLIFF
  if (allocation == Name.fromString('liquidity')) return Kind.IMMEDIATE
  return Kind.MILESTONE
}

/** What schedule `s` has vested at time `t` (smallest units). */
export function vestedAt(s: Schedule, t: u64): u64 {
  const total = <u64>s.total.amount
  if (s.revoked) return total
  if (s.kind == Kind.IMMEDIATE) return total
  if (s.kind == Kind.MILESTONE) return <u64>s.released.amount
  if (t < s.start + s.cliff_s) return 0
  if (s.kind == Kind.CLIFF) return total
  const elapsed = t - s.start
  if (elapsed >= s.duration_s) return total
  return ((U128.fromU64(total) * U128.fromU64(elapsed)) / U128.fromU64(s.duration_s)).toU64()
}

@contract
export class VestContract extends Contract {
  configTable: Singleton<Config> = new Singleton<Config>(this.receiver)
  allocs: TableStore<Alloc> = new TableStore<Alloc>(this.receiver)
  schedules: TableStore<Schedule> = new TableStore<Schedule>(this.receiver)

  private config(): Config {
    const c = this.configTable.get()
    check(c.initialised, 'vest: not initialised')
    return c
  }

  /** The account that manages `allocation`'s schedules. */
  private authorityOf(allocation: Name, c: Config): Name {
    if (allocation == Name.fromString('treasury')) return Name.fromString(ACCOUNT_DAO)
    return c.authority
  }

  private ownBalance(): u64 {
    const rows = new TableStore<TokenAccount>(Name.fromString(ACCOUNT_TOKEN), this.receiver)
    const row = rows.get(spaceSymbol().code())
    if (row == null) return 0
    return <u64>row.balance.amount
  }

  /**
   * Sets the allocation authority (the multisig that manages every allocation but `treasury`). Auth: spaceos.vest.
   * @example cleos push action spaceos.vest init '["vest.msig"]' -p spaceos.vest
   */
  @action('init')
  init(authority: Name): void {
    requireAuth(this.receiver)
    check(isAccount(authority), 'vest: authority account does not exist')
    const c = this.configTable.get()
    c.initialised = true
    c.authority = authority
    this.configTable.set(c, this.receiver)
  }

  /**
   * Creates a schedule of `allocation` for `beneficiary` (kind, cliff and duration follow from the allocation).
   * `start` 0 means now. Needs `total` of unpromised SPACE in spaceos.vest and room under the allocation cap.
   * Auth: the allocation's authority.
   * @example cleos push action spaceos.vest addsched '["providers","alice","1000.0000 SPACE",0,true,"edge pool"]' -p vest.msig
   */
  @action('addsched')
  addsched(allocation: Name, beneficiary: Name, total: Asset, start: u64, revocable: bool, memo: string): void {
    const c = this.config()
    const bps = allocBps(allocation)
    check(bps > 0, 'vest: unknown allocation (providers, devgrants, treasury, team, liquidity)')
    requireAuth(this.authorityOf(allocation, c))
    check(isAccount(beneficiary), 'vest: beneficiary account does not exist')
    check(total.symbol == spaceSymbol(), 'vest: total must be SPACE with 4 decimals')
    check(total.isValid() && total.amount > 0, 'vest: total must be positive')
    check(memo.length <= 256, 'vest: memo has more than 256 bytes')
    const kind = allocKind(allocation)
    check(!(revocable && kind == Kind.IMMEDIATE), 'vest: an immediate schedule cannot be revocable')
    const amount = <u64>total.amount
    let a = this.allocs.get(allocation.N)
    if (a == null) a = new Alloc(allocation, (U128.fromU64(SPACE_MAX_SUPPLY) * U128.fromU64(bps) / U128.fromU64(BPS)).toU64(), 0)
    check(a.scheduled + amount <= a.cap, 'vest: allocation cap exceeded')
    const balance = this.ownBalance()
    check(balance >= c.outstanding && amount <= balance - c.outstanding, 'vest: not enough unpromised SPACE in spaceos.vest')
    const s = new Schedule()
    s.id = c.next_id
    s.allocation = allocation
    s.kind = kind
    s.beneficiary = beneficiary
    s.total = total
    s.claimed = space(0)
    s.released = space(0)
    s.start = start == 0 ? now() : start
    s.cliff_s = kind == Kind.CLIFF ? VEST_TEAM_CLIFF_S : 0
    s.duration_s = kind == Kind.LINEAR ? VEST_PROVIDERS_LINEAR_S : 0
    s.revocable = revocable
    s.memo = memo
    this.schedules.store(s, this.receiver)
    a.scheduled += amount
    if (this.allocs.exists(allocation.N)) this.allocs.update(a, this.receiver)
    else this.allocs.store(a, this.receiver)
    c.next_id += 1
    c.outstanding += amount
    this.configTable.set(c, this.receiver)
  }

  /**
   * Releases `quantity` of a milestone schedule (devgrants: the authority; treasury: spaceos.dao). Auth: that authority.
   */
  @action('release')
  release(id: u64, quantity: Asset, memo: string): void {
    const c = this.config()
    const s = this.schedules.requireGet(id, 'vest: schedule not found')
    requireAuth(this.authorityOf(s.allocation, c))
    check(s.kind == Kind.MILESTONE, 'vest: only milestone schedules are released')
    check(!s.revoked, 'vest: schedule is revoked')
    check(quantity.symbol == spaceSymbol(), 'vest: quantity must be SPACE with 4 decimals')
    check(quantity.isValid() && quantity.amount > 0, 'vest: quantity must be positive')
    check(memo.length <= 256, 'vest: memo has more than 256 bytes')
    check(s.released.amount + quantity.amount <= s.total.amount, 'vest: release exceeds the schedule')
    s.released = Asset.add(s.released, quantity)
    this.schedules.update(s, this.receiver)
  }

  /**
   * Pays `beneficiary` everything schedule `id` has vested and not yet paid. Auth: beneficiary.
   * @example cleos push action spaceos.vest claim '["alice",1]' -p alice
   */
  @action('claim')
  claim(beneficiary: Name, id: u64): void {
    requireAuth(beneficiary)
    check(!isDaoPaused(), 'vest: network is paused by a DAO emergency vote')
    const c = this.config()
    const s = this.schedules.requireGet(id, 'vest: schedule not found')
    check(s.beneficiary == beneficiary, 'vest: schedule belongs to another beneficiary')
    const vested = vestedAt(s, now())
    const claimed = <u64>s.claimed.amount
    check(vested > claimed, 'vest: nothing to claim yet')
    const amount = vested - claimed
    s.claimed = space(vested)
    this.schedules.update(s, this.receiver)
    c.outstanding -= amount
    this.configTable.set(c, this.receiver)
    const memo = 'vesting schedule ' + id.toString()
    const payload = new TokenTransfer(this.receiver, beneficiary, space(amount), memo)
    const act = new InlineAction<TokenTransfer>('transfer').act(Name.fromString(ACCOUNT_TOKEN), new PermissionLevel(this.receiver))
    act.send(payload)
  }

  /**
   * Revokes a revocable schedule: what has vested stays claimable, the unvested rest returns to the allocation.
   * Auth: the allocation's authority.
   */
  @action('revoke')
  revoke(id: u64): void {
    const c = this.config()
    const s = this.schedules.requireGet(id, 'vest: schedule not found')
    requireAuth(this.authorityOf(s.allocation, c))
    check(s.revocable, 'vest: schedule is not revocable')
    check(!s.revoked, 'vest: schedule is already revoked')
    const t = now()
    const vested = vestedAt(s, t)
    const unvested = <u64>s.total.amount - vested
    s.total = space(vested)
    s.revoked = true
    s.revoked_at = t
    this.schedules.update(s, this.receiver)
    const a = this.allocs.requireGet(s.allocation.N, 'vest: allocation not found')
    a.scheduled -= unvested
    this.allocs.update(a, this.receiver)
    c.outstanding -= unvested
    this.configTable.set(c, this.receiver)
  }
}
