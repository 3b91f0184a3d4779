/**
 * spaceos.orcl — the oracle network (white paper §14; `spaceos.oracle` exceeds the 12-character account limit).
 *
 * - Rewards: staked SPACE earns ORACLE_APY_BPS per year pro rata (NP-ORCL-006), paid by `claimrwd` from the reward
 *   pool, which transfers with memo `pool` fill (e.g. the oracle share of inference fees bridged from the EVM).
 * - Staking: an oracle stakes SPACE by transferring it to spaceos.orcl with memo `stake` (eosio.token notification);
 *   it is active while its stake is at least `min_stake` (ORACLE_MIN_STAKE, governable by the DAO via `setparam`).
 *   Unstaked SPACE is refundable only after the dispute window, so a pending slash can still reach it.
 * - Proof rounds for the four proof types (hardware, uptime, pin status, pricing): an active oracle opens a round
 *   about a subject (optionally with the provider's claimed value), active oracles `submit` values, `finalize` takes
 *   the stake-weighted median once the reporting stake is more than ORACLE_HONEST_THRESHOLD_BPS (51 %) of all active
 *   stake, and accepts it only if the reports within ORACLE_AGREEMENT_TOLERANCE_BPS of the median carry at least 51 %
 *   of the reporting stake (else NO_CONSENSUS, nobody is slashed).
 * - Dispute window ORACLE_DISPUTE_WINDOW_S (24 h): an active oracle or the subject may `dispute`; the DAO account
 *   `resolve`s (uphold, or replace the value). After the window (or the DAO's resolution) `settle` slashes
 *   ORACLE_SLASH_BPS (50 %) of every oracle whose report disagrees with the final value (to the treasury), and — as
 *   witness — sends spaceos.prov::slashproof(subject, round id, reason) when the provider's claim disagrees.
 */
import {
  ActionData,
  Asset,
  Checksum256,
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
  unpackActionData,
} from 'proton-tsc'
import { isDaoPaused } from '../spaceos.dao/dao.reader'
import {
  ACCOUNT_DAO,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_TOKEN,
  ACCOUNT_TREASURY,
  ORACLE_AGREEMENT_TOLERANCE_BPS,
  ORACLE_APY_BPS,
  ORACLE_DISPUTE_WINDOW_S,
  ORACLE_HONEST_THRESHOLD_BPS,
  ORACLE_SLASH_BPS,
  SECONDS_PER_YEAR,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
} from '../../../../generated/assemblyscript/parameters'
import { Config, Oracle, ProofType, Report, Round, RoundStatus } from './spaceos.orcl.tables'

const BPS: u64 = 10000

/** eosio.token transfer (notification payload and inline refunds / slashes). */
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

/** spaceos.prov::slashproof payload. */
@packer
export class SlashProof extends ActionData {
  constructor(
    public owner: Name = EMPTY_NAME,
    public proof_id: u64 = 0,
    public reason: string = '',
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

/** `a` is at least `bps` of `b`: a × 10000 >= b × bps (b = 0 is never reached). */
function atLeastShare(a: u64, b: u64, bps: u64): bool {
  if (b == 0) return false
  return U128.fromU64(a) * U128.fromU64(BPS) >= U128.fromU64(b) * U128.fromU64(bps)
}

/** `a` is more than `bps` of `b`: a × 10000 > b × bps (b = 0 is never reached). */
function moreThanShare(a: u64, b: u64, bps: u64): bool {
  if (b == 0) return false
  return U128.fromU64(a) * U128.fromU64(BPS) > U128.fromU64(b) * U128.fromU64(bps)
}

/** `v` agrees with `m`: |v − m| × 10000 <= m × ORACLE_AGREEMENT_TOLERANCE_BPS (exact match when m = 0). */
export function agrees(v: u64, m: u64): bool {
  const diff = v > m ? v - m : m - v
  return U128.fromU64(diff) * U128.fromU64(BPS) <= U128.fromU64(m) * U128.fromU64(ORACLE_AGREEMENT_TOLERANCE_BPS)
}

function sendTransfer(from: Name, to: Name, quantity: Asset, memo: string): void {
  new InlineAction<TokenTransfer>('transfer')
    .act(Name.fromString(ACCOUNT_TOKEN), new PermissionLevel(from))
    .send(new TokenTransfer(from, to, quantity, memo))
}

/** Witness: asks spaceos.prov to slash the provider whose claim the oracles found bad (proof_id = round id). */
function sendSlashProof(r: Round): void {
  const reason = 'orcl round ' + r.id.toString() + ': claimed ' + r.claimed.toString() + ', oracles found ' + r.value.toString()
  const payload = new SlashProof(r.subject, r.id, reason)
  const act = new InlineAction<SlashProof>('slashproof').act(Name.fromString(ACCOUNT_PROVIDERS), new PermissionLevel(Name.fromString(ACCOUNT_ORACLE)))
  act.send(payload)
}

/** Accrues ORACLE_APY_BPS on `o.stake` from `o.accrued_at` to now (floor, NP-ORCL-006). */
function accrueReward(o: Oracle): void {
  const t = now()
  if (o.accrued_at > 0 && t > o.accrued_at) {
    const num = U128.fromU64(<u64>o.stake.amount) * U128.fromU64(ORACLE_APY_BPS) * U128.fromU64(t - o.accrued_at)
    const earned = (num / (U128.fromU64(BPS) * U128.fromU64(SECONDS_PER_YEAR))).toU64()
    o.reward = space(<u64>o.reward.amount + earned)
  }
  o.accrued_at = t
}

@contract
export class OracleContract extends Contract {
  configTable: Singleton<Config> = new Singleton<Config>(this.receiver)
  oracles: TableStore<Oracle> = new TableStore<Oracle>(this.receiver)
  rounds: TableStore<Round> = new TableStore<Round>(this.receiver)

  private activeStake(account: Name, minStake: u64): u64 {
    const o = this.oracles.get(account.N)
    if (o == null) return 0
    const s = <u64>o.stake.amount
    return s >= minStake ? s : 0
  }

  /** Slashes ORACLE_SLASH_BPS of `account`'s stake + unstaking (stake first); returns the amount. */
  private slashOracle(account: Name): u64 {
    const o = this.oracles.get(account.N)
    if (o == null) return 0
    accrueReward(o)
    const held: u64 = <u64>o.stake.amount + <u64>o.unstaking.amount
    const amount: u64 = ((U128.fromU64(held) * U128.fromU64(ORACLE_SLASH_BPS)) / U128.fromU64(BPS)).toU64()
    const staked: u64 = <u64>o.stake.amount
    const fromStake: u64 = amount <= staked ? amount : staked
    const fromUnstaking: u64 = amount - fromStake
    o.stake = space(staked - fromStake)
    o.unstaking = space(<u64>o.unstaking.amount - fromUnstaking)
    o.slashed = Asset.add(o.slashed, space(amount))
    this.oracles.update(o, this.receiver)
    return amount
  }

  private requireActive(account: Name): Oracle {
    const o = this.oracles.requireGet(account.N, 'orcl: not an oracle: stake SPACE with memo "stake" first')
    check(<u64>o.stake.amount >= this.configTable.get().min_stake, 'orcl: oracle stake is below the minimum')
    return o
  }

  /**
   * Stake: a SPACE transfer from eosio.token to spaceos.orcl with memo `stake` adds to the sender's oracle stake.
   * Transfers sent by spaceos.orcl itself (refunds, slashes) are ignored.
   */
  @action('transfer', notify)
  onTransfer(): void {
    const t = unpackActionData<TokenTransfer>()
    if (t.from == this.receiver) return
    check(this.firstReceiver == Name.fromString(ACCOUNT_TOKEN), 'orcl: only SPACE from eosio.token can be staked')
    check(t.to == this.receiver, 'orcl: transfer is not addressed to spaceos.orcl')
    check(t.quantity.symbol == spaceSymbol(), 'orcl: only SPACE can be staked')
    check(t.memo == 'stake' || t.memo == 'pool', 'orcl: transfers to spaceos.orcl need the memo "stake" or "pool"')
    if (t.memo == 'pool') {
      const c = this.configTable.get()
      c.pool += <u64>t.quantity.amount
      this.configTable.set(c, this.receiver)
      return
    }
    check(!isDaoPaused(), 'orcl: network is paused by a DAO emergency vote')
    const o = this.oracles.get(t.from.N)
    if (o == null) {
      const fresh = new Oracle(t.from, t.quantity, space(0), 0, space(0), 0, space(0), now())
      this.oracles.store(fresh, this.receiver)
    } else {
      accrueReward(o)
      o.stake = Asset.add(o.stake, t.quantity)
      this.oracles.update(o, this.receiver)
    }
  }

  /**
   * Pays `oracle` its accrued ORACLE_APY_BPS reward, as far as the reward pool allows (the rest stays accrued).
   * Auth: oracle.
   */
  @action('claimrwd')
  claimrwd(oracle: Name): void {
    requireAuth(oracle)
    check(!isDaoPaused(), 'orcl: network is paused by a DAO emergency vote')
    const o = this.oracles.requireGet(oracle.N, 'orcl: not an oracle: stake SPACE with memo "stake" first')
    accrueReward(o)
    const c = this.configTable.get()
    const owed = <u64>o.reward.amount
    const amount = owed < c.pool ? owed : c.pool
    check(amount > 0, 'orcl: no reward to pay (nothing accrued or the reward pool is empty)')
    o.reward = space(owed - amount)
    this.oracles.update(o, this.receiver)
    c.pool -= amount
    this.configTable.set(c, this.receiver)
    sendTransfer(this.receiver, oracle, space(amount), 'oracle reward')
  }

  /**
   * Moves `quantity` from stake to unstaking; refundable after ORACLE_DISPUTE_WINDOW_S (a new unstake restarts it).
   * Auth: oracle.
   */
  @action('unstake')
  unstake(oracle: Name, quantity: Asset): void {
    requireAuth(oracle)
    check(quantity.symbol == spaceSymbol(), 'orcl: quantity must be SPACE with 4 decimals')
    check(quantity.isValid() && quantity.amount > 0, 'orcl: quantity must be positive')
    const o = this.oracles.requireGet(oracle.N, 'orcl: not an oracle: stake SPACE with memo "stake" first')
    check(quantity.amount <= o.stake.amount, 'orcl: unstake exceeds the stake')
    accrueReward(o)
    o.stake = Asset.sub(o.stake, quantity)
    o.unstaking = Asset.add(o.unstaking, quantity)
    o.unstake_at = now() + ORACLE_DISPUTE_WINDOW_S
    this.oracles.update(o, this.receiver)
  }

  /** Pays out everything unstaking once the dispute window has passed. Auth: oracle. */
  @action('refund')
  refund(oracle: Name): void {
    requireAuth(oracle)
    check(!isDaoPaused(), 'orcl: network is paused by a DAO emergency vote')
    const o = this.oracles.requireGet(oracle.N, 'orcl: not an oracle: stake SPACE with memo "stake" first')
    check(o.unstaking.amount > 0, 'orcl: nothing is unstaking')
    check(now() >= o.unstake_at, 'orcl: dispute window of the unstake has not passed')
    const q = o.unstaking
    o.unstaking = space(0)
    this.oracles.update(o, this.receiver)
    sendTransfer(this.receiver, oracle, q, 'oracle unstake refund')
  }

  /**
   * Sets a governable parameter (only ORACLE_MIN_STAKE; bounds checked by spaceos.dao). Auth: spaceos.dao.
   */
  @action('setparam')
  setparam(key: string, value: u64): void {
    requireAuth(Name.fromString(ACCOUNT_DAO))
    check(key == 'ORACLE_MIN_STAKE', 'orcl: unknown parameter key')
    check(value > 0, 'orcl: ORACLE_MIN_STAKE must be positive')
    const c = this.configTable.get()
    c.min_stake = value
    this.configTable.set(c, this.receiver)
  }

  /**
   * Opens a proof round about `subject`. `has_claim`/`claimed`: the provider's claimed value (not for pricing).
   * Auth: opener, an active oracle.
   * @example cleos push action spaceos.orcl openround '["oracle1",0,"provider1",true,24576,"gpu0"]' -p oracle1
   */
  @action('openround')
  openround(opener: Name, proof_type: u8, subject: Name, has_claim: bool, claimed: u64, ref: string): void {
    requireAuth(opener)
    this.requireActive(opener)
    check(proof_type <= ProofType.PRICING, 'orcl: proof_type must be 0 (hardware), 1 (uptime), 2 (pin) or 3 (pricing)')
    check(subject != EMPTY_NAME, 'orcl: subject must not be empty')
    check(ref.length <= 128, 'orcl: ref has more than 128 bytes')
    if (proof_type == ProofType.PRICING) {
      check(!has_claim, 'orcl: pricing rounds carry no provider claim')
    } else {
      check(isAccount(subject), 'orcl: subject provider account does not exist')
    }
    if (!has_claim) {
      check(claimed == 0, 'orcl: claimed must be 0 without a claim')
    }
    const c = this.configTable.get()
    const r = new Round()
    r.id = c.next_round
    r.proof_type = proof_type
    r.subject = subject
    r.has_claim = has_claim
    r.claimed = claimed
    r.ref = ref
    r.opener = opener
    r.opened_at = now()
    r.status = RoundStatus.OPEN
    r.slashed = space(0)
    c.next_round += 1
    this.configTable.set(c, this.receiver)
    this.rounds.store(r, opener)
  }

  /**
   * Reports `value` (and the hash of the evidence) for an open round; one report per oracle. Auth: oracle (active).
   */
  @action('submit')
  submit(oracle: Name, round: u64, value: u64, data_hash: Checksum256): void {
    requireAuth(oracle)
    const o = this.requireActive(oracle)
    const r = this.rounds.requireGet(round, 'orcl: round not found')
    check(r.status == RoundStatus.OPEN, 'orcl: round is not open')
    const reports = new TableStore<Report>(this.receiver, new Name(round))
    check(!reports.exists(oracle.N), 'orcl: oracle already reported in this round')
    reports.store(new Report(oracle, value, data_hash, now()), oracle)
    o.reports += 1
    this.oracles.update(o, this.receiver)
  }

  /**
   * Aggregates an open round: needs reporting stake > 51 % of all active stake (NP-ORCL-008) (else fails, nothing changes). Takes the
   * stake-weighted median (lower median), then FINAL with a 24 h dispute window if the agreeing stake is >= 51 % of the
   * reporting stake, else NO_CONSENSUS. Stakes are read now. Anyone may call.
   */
  @action('finalize')
  finalizeRound(round: u64): void {
    const r = this.rounds.requireGet(round, 'orcl: round not found')
    check(r.status == RoundStatus.OPEN, 'orcl: round is not open')
    const minStake = this.configTable.get().min_stake
    let total: u64 = 0
    let o = this.oracles.first()
    while (o != null) {
      if (<u64>o.stake.amount >= minStake) total += <u64>o.stake.amount
      o = this.oracles.next(o)
    }
    const values: u64[] = []
    const stakes: u64[] = []
    let reporting: u64 = 0
    const reports = new TableStore<Report>(this.receiver, new Name(round))
    let rep = reports.first()
    while (rep != null) {
      const s = this.activeStake(rep.oracle, minStake)
      if (s > 0) {
        // insertion sort by value
        let i = values.length
        values.push(rep.value)
        stakes.push(s)
        while (i > 0 && values[i - 1] > rep.value) {
          values[i] = values[i - 1]
          stakes[i] = stakes[i - 1]
          i -= 1
        }
        values[i] = rep.value
        stakes[i] = s
        reporting += s
      }
      rep = reports.next(rep)
    }
    check(
      moreThanShare(reporting, total, ORACLE_HONEST_THRESHOLD_BPS),
      'orcl: reporting stake is below the honest threshold of all active stake',
    )
    let median: u64 = 0
    let cum: u64 = 0
    for (let i = 0; i < values.length; i++) {
      cum += stakes[i]
      if (cum * 2 >= reporting) {
        median = values[i]
        break
      }
    }
    let agreeing: u64 = 0
    for (let i = 0; i < values.length; i++) {
      if (agrees(values[i], median)) agreeing += stakes[i]
    }
    r.value = median
    r.total_stake = total
    r.reporting_stake = reporting
    r.agreeing_stake = agreeing
    r.finalized_at = now()
    if (atLeastShare(agreeing, reporting, ORACLE_HONEST_THRESHOLD_BPS)) {
      r.status = RoundStatus.FINAL
      r.dispute_until = now() + ORACLE_DISPUTE_WINDOW_S
    } else {
      r.status = RoundStatus.NO_CONSENSUS
    }
    this.rounds.update(r, this.receiver)
  }

  /**
   * Disputes a FINAL round inside its dispute window; settlement waits for the DAO's `resolve`.
   * Auth: disputer — an active oracle or the round's subject.
   */
  @action('dispute')
  dispute(disputer: Name, round: u64, reason: string): void {
    requireAuth(disputer)
    const r = this.rounds.requireGet(round, 'orcl: round not found')
    check(r.status == RoundStatus.FINAL && !r.resolved_by_dao, 'orcl: round is not disputable')
    check(now() < r.dispute_until, 'orcl: dispute window has closed')
    check(reason.length > 0 && reason.length <= 256, 'orcl: reason must be 1 to 256 bytes')
    if (disputer != r.subject) this.requireActive(disputer)
    r.status = RoundStatus.DISPUTED
    r.disputer = disputer
    this.rounds.update(r, this.receiver)
  }

  /**
   * Resolves a disputed round: `uphold` keeps the aggregated value, otherwise `value` replaces it. The round becomes
   * FINAL and settles at once. Auth: spaceos.dao (its vote happens there).
   */
  @action('resolve')
  resolve(round: u64, uphold: bool, value: u64): void {
    requireAuth(Name.fromString(ACCOUNT_DAO))
    const r = this.rounds.requireGet(round, 'orcl: round not found')
    check(r.status == RoundStatus.DISPUTED, 'orcl: round is not disputed')
    if (uphold) {
      check(value == r.value, 'orcl: an upheld round keeps its value')
    } else {
      r.value = value
    }
    r.status = RoundStatus.FINAL
    r.resolved_by_dao = true
    r.dispute_until = now()
    this.rounds.update(r, this.receiver)
  }

  /**
   * Settles a FINAL round after its dispute window: slashes ORACLE_SLASH_BPS of the stake (then unstaking) of every
   * reporter whose value disagrees with the final value (sent to the treasury) and, when the provider's claim
   * disagrees, sends spaceos.prov::slashproof(subject, round id, reason) as witness. Anyone may call.
   */
  @action('settle')
  settle(round: u64): void {
    const r = this.rounds.requireGet(round, 'orcl: round not found')
    check(r.status == RoundStatus.FINAL, 'orcl: round is not final')
    check(now() >= r.dispute_until, 'orcl: dispute window has not closed')
    let slashedTotal: u64 = 0
    const reports = new TableStore<Report>(this.receiver, new Name(round))
    let rep = reports.first()
    while (rep != null) {
      if (!agrees(rep.value, r.value)) slashedTotal += this.slashOracle(rep.oracle)
      rep = reports.next(rep)
    }
    r.slashed = space(slashedTotal)
    r.status = RoundStatus.SETTLED
    if (r.has_claim && !agrees(r.claimed, r.value)) {
      r.provider_slashed = true
      sendSlashProof(r)
    }
    this.rounds.update(r, this.receiver)
    if (slashedTotal > 0) {
      const memo = 'orcl round ' + r.id.toString() + ' bad data'
      sendTransfer(this.receiver, Name.fromString(ACCOUNT_TREASURY), space(slashedTotal), memo)
    }
  }
}
