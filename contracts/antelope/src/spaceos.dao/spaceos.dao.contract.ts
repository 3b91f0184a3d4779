/**
 * spaceos.dao — on-chain governance (white paper §12).
 *
 * - Four proposal types (§12.2) with quorum, voting duration and execution delay from the DAO_* parameters.
 * - Quadratic tally (§12.1): every SPACE holder votes; a vote records only the choice; `tally` re-reads eosio.token
 *   balances and counts sqrt(weight). SPACE moved after voting moves weight to the receiver's vote (if any); it is never
 *   counted twice, because one tally reads each balance once in one action.
 * - Quorum base: SPACE supply (eosio.token `stat`) minus the balances of the non-circulating system accounts
 *   (eosio and the ACCOUNT_* system accounts), read at tally time. Quorum counts linear weight (yes + no + abstain).
 * - Delegation: an account may delegate to one delegate; the delegate's vote carries the delegators' balances
 *   (those who did not vote themselves), capped at `delegation_cap_bps` of the quorum base.
 * - Phases (§12.3): v1 executes parameter changes and emergency pause; upgrades and treasury spends can be proposed,
 *   voted and tallied but not executed until `setphase 2`.
 * - Emergency pause (1 % quorum) executes in its tally, which may run while voting is still open; it can only set the
 *   `paused` flag. Unpausing is a parameter-change proposal `DAO_PAUSED = 0` with the normal timelock.
 * - Every other execution waits for its timelock; `execute` is an explicit action anyone may call (no deferred
 *   transactions, no permission checks beyond require_auth).
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
} from 'proton-tsc'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_DAO,
  ACCOUNT_EMISSION,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_REWARDS,
  ACCOUNT_TOKEN,
  ACCOUNT_TREASURY,
  ACCOUNT_VESTING,
  DAO_EMERGENCY_DURATION_S,
  DAO_EMERGENCY_EXEC_DELAY_S,
  DAO_EMERGENCY_QUORUM_BPS,
  DAO_PARAM_DURATION_S,
  DAO_PARAM_EXEC_DELAY_S,
  DAO_PARAM_QUORUM_BPS,
  DAO_TREASURY_DURATION_S,
  DAO_TREASURY_EXEC_DELAY_S,
  DAO_TREASURY_QUORUM_BPS,
  DAO_UPGRADE_DURATION_S,
  DAO_UPGRADE_EXEC_DELAY_S,
  DAO_UPGRADE_QUORUM_BPS,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
} from '../../../../generated/assemblyscript/parameters'
import {
  Choice,
  Delegation,
  Delegator,
  GovParam,
  Proposal,
  ProposalStatus,
  ProposalType,
  State,
  TokenAccount,
  TokenStat,
  Upgrade,
  Vote,
} from './spaceos.dao.tables'

const BPS: u64 = 10000
/** Pseudo-parameter a parameter-change proposal uses to lift an emergency pause (only value 0 is accepted). */
export const PAUSED_KEY: string = 'DAO_PAUSED'
/** The DAO's own governable parameter. */
export const DELEGATION_CAP_KEY: string = 'DAO_DELEGATION_CAP_BPS'

/** Inline `setparam(key, value)` on the contract owning a governable parameter. */
@packer
export class SetParam extends ActionData {
  constructor(
    public key: string = '',
    public value: u64 = 0,
  ) {
    super()
  }
}

/** Inline eosio.token transfer (treasury spend). */
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

/** Integer square root (floor), Newton's method — exact and deterministic. */
export function isqrt(n: u64): u64 {
  if (n < 2) return n
  let x: u64 = n
  let y: u64 = (x + 1) >> 1
  while (y < x) {
    x = y
    y = (x + n / x) >> 1
  }
  return x
}

function spaceSymbol(): Symbol {
  return new Symbol(SPACE_SYMBOL, <u8>SPACE_NATIVE_DECIMALS)
}

function quorumBps(type: u8): u64 {
  if (type == ProposalType.PARAM) return DAO_PARAM_QUORUM_BPS
  if (type == ProposalType.UPGRADE) return DAO_UPGRADE_QUORUM_BPS
  if (type == ProposalType.TREASURY) return DAO_TREASURY_QUORUM_BPS
  return DAO_EMERGENCY_QUORUM_BPS
}

function durationS(type: u8): u64 {
  if (type == ProposalType.PARAM) return DAO_PARAM_DURATION_S
  if (type == ProposalType.UPGRADE) return DAO_UPGRADE_DURATION_S
  if (type == ProposalType.TREASURY) return DAO_TREASURY_DURATION_S
  return DAO_EMERGENCY_DURATION_S
}

function execDelayS(type: u8): u64 {
  if (type == ProposalType.PARAM) return DAO_PARAM_EXEC_DELAY_S
  if (type == ProposalType.UPGRADE) return DAO_UPGRADE_EXEC_DELAY_S
  if (type == ProposalType.TREASURY) return DAO_TREASURY_EXEC_DELAY_S
  return DAO_EMERGENCY_EXEC_DELAY_S
}

/** Accounts whose SPACE is not circulating and is left out of the quorum base. */
function nonCirculating(): Name[] {
  return [
    Name.fromString('eosio'),
    Name.fromString(ACCOUNT_DAO),
    Name.fromString(ACCOUNT_VESTING),
    Name.fromString(ACCOUNT_EMISSION),
    Name.fromString(ACCOUNT_REWARDS),
    Name.fromString(ACCOUNT_TREASURY),
    Name.fromString(ACCOUNT_BRIDGE),
    Name.fromString(ACCOUNT_ORACLE),
    Name.fromString(ACCOUNT_PROVIDERS),
  ]
}

/** value × bps / 10000 without overflow, rounded down. */
function mulBps(value: u64, bps: u64): u64 {
  return (U128.fromU64(value) * U128.fromU64(bps) / U128.fromU64(BPS)).toU64()
}

@contract
export class DaoContract extends Contract {
  stateTable: Singleton<State> = new Singleton<State>(this.receiver)
  paramsTable: TableStore<GovParam> = new TableStore<GovParam>(this.receiver)
  proposalsTable: TableStore<Proposal> = new TableStore<Proposal>(this.receiver)
  delegationsTable: TableStore<Delegation> = new TableStore<Delegation>(this.receiver)
  upgradesTable: TableStore<Upgrade> = new TableStore<Upgrade>(this.receiver)

  // ---------------------------------------------------------------- reads

  /** SPACE balance of `owner` in smallest units (0 without a row). */
  balanceOf(owner: Name): u64 {
    const sym = spaceSymbol()
    const accounts = new TableStore<TokenAccount>(Name.fromString(ACCOUNT_TOKEN), owner)
    const row = accounts.get(sym.code())
    if (row == null) return 0
    return <u64>row.balance.amount
  }

  /** Circulating SPACE: supply minus the non-circulating system accounts. */
  quorumBase(): u64 {
    const sym = spaceSymbol()
    const stats = new TableStore<TokenStat>(Name.fromString(ACCOUNT_TOKEN), new Name(sym.code()))
    const st = stats.requireGet(sym.code(), 'dao: SPACE is not created on eosio.token')
    let base = <u64>st.supply.amount
    const excluded = nonCirculating()
    for (let i = 0; i < excluded.length; i++) {
      const b = this.balanceOf(excluded[i])
      base = b > base ? 0 : base - b
    }
    return base
  }

  /** Delegated SPACE `delegate` carries in proposal `id`: delegators who did not vote themselves, uncapped. */
  delegatedWeight(delegate: Name, votes: TableStore<Vote>): u64 {
    const delegators = new TableStore<Delegator>(this.receiver, delegate)
    let sum: u64 = 0
    let d = delegators.first()
    while (d != null) {
      if (!votes.exists(d.delegator.N)) sum += this.balanceOf(d.delegator)
      d = delegators.next(d)
    }
    return sum
  }

  findParam(key: string): GovParam | null {
    let p = this.paramsTable.first()
    while (p != null) {
      if (p.key == key) return p
      p = this.paramsTable.next(p)
    }
    return null
  }

  // ---------------------------------------------------------------- registry

  /**
   * Registers a governable parameter (from spec/parameters.yaml: key, owning contract, min, max, default value).
   * Auth: spaceos.dao. Only before `seal`.
   * @example cleos push action spaceos.dao regparam '["TIER_BASIC_STAKE","spaceos.prov",1000000,100000000,10000000]' -p spaceos.dao
   */
  @action('regparam')
  regparam(key: string, contract: Name, min: u64, max: u64, value: u64): void {
    requireAuth(this.receiver)
    const st = this.stateTable.get()
    check(!st.sealed, 'dao: parameter registry is sealed')
    check(key.length > 0 && key.length <= 64, 'dao: parameter key must be 1 to 64 characters')
    check(key != PAUSED_KEY, 'dao: DAO_PAUSED is built in')
    check(isAccount(contract), 'dao: parameter contract account does not exist')
    check(min <= max, 'dao: parameter min is greater than max')
    check(value >= min && value <= max, 'dao: parameter default lies outside [min, max]')
    check(this.findParam(key) == null, 'dao: parameter already registered')
    const id = this.paramsTable.availablePrimaryKey
    this.paramsTable.store(new GovParam(id, key, contract, min, max, value), this.receiver)
    if (key == DELEGATION_CAP_KEY) {
      st.delegation_cap_bps = value
      this.stateTable.set(st, this.receiver)
    }
  }

  /**
   * Freezes the parameter registry for good. Auth: spaceos.dao.
   */
  @action('seal')
  seal(): void {
    requireAuth(this.receiver)
    const st = this.stateTable.get()
    check(!st.sealed, 'dao: parameter registry is already sealed')
    st.sealed = true
    this.stateTable.set(st, this.receiver)
  }

  /**
   * Moves governance to phase 2 (v2: upgrades and treasury spends execute). Forward only. Auth: spaceos.dao.
   */
  @action('setphase')
  setphase(phase: u8): void {
    requireAuth(this.receiver)
    const st = this.stateTable.get()
    check(phase == 1 || phase == 2, 'dao: phase must be 1 or 2')
    check(phase > st.phase, 'dao: phase can only move forward')
    st.phase = phase
    this.stateTable.set(st, this.receiver)
  }

  /**
   * Sets the treasury council account (the 3-of-5 council multisig of §12.1) whose authority a v2 treasury spend needs
   * in addition to the vote. Auth: spaceos.dao.
   */
  @action('setcouncil')
  setcouncil(council: Name): void {
    requireAuth(this.receiver)
    check(isAccount(council), 'dao: council account does not exist')
    const st = this.stateTable.get()
    st.council = council
    this.stateTable.set(st, this.receiver)
  }

  // ---------------------------------------------------------------- proposals

  private newProposal(proposer: Name, type: u8, title: string): Proposal {
    requireAuth(proposer)
    check(title.length > 0, 'dao: title is empty')
    check(title.length <= 256, 'dao: title has more than 256 bytes')
    check(this.balanceOf(proposer) > 0, 'dao: proposer holds no SPACE')
    const st = this.stateTable.get()
    const now = <u64>currentTimeSec()
    const p = new Proposal()
    p.id = st.next_id
    p.type = type
    p.proposer = proposer
    p.title = title
    p.created = now
    p.voting_ends = now + durationS(type)
    p.status = ProposalStatus.VOTING
    p.code_hash = new Checksum256()
    p.quantity = new Asset(0, spaceSymbol())
    st.next_id += 1
    this.stateTable.set(st, this.receiver)
    return p
  }

  /**
   * Proposes setting governable parameter `key` to `value` (bounds checked now and at execution).
   * `DAO_PAUSED` with value 0 lifts an emergency pause. Auth: proposer (must hold SPACE).
   * @example cleos push action spaceos.dao propparam '["alice","Raise Basic tier","TIER_BASIC_STAKE",20000000]' -p alice
   */
  @action('propparam')
  propparam(proposer: Name, title: string, key: string, value: u64): void {
    if (key == PAUSED_KEY) {
      check(value == 0, 'dao: DAO_PAUSED can only be set to 0 (unpause)')
    } else {
      const gp = this.findParam(key)
      check(gp != null, 'dao: unknown governable parameter')
      check(value >= gp!.min && value <= gp!.max, 'dao: parameter value out of bounds')
    }
    const p = this.newProposal(proposer, ProposalType.PARAM, title)
    p.key = key
    p.value = value
    this.proposalsTable.store(p, proposer)
  }

  /**
   * Proposes an upgrade of `contract` to the WASM with `code_hash` (v2 only executes it). Auth: proposer.
   */
  @action('propupgrade')
  propupgrade(proposer: Name, title: string, contract: Name, code_hash: Checksum256): void {
    check(isAccount(contract), 'dao: upgrade contract account does not exist')
    const p = this.newProposal(proposer, ProposalType.UPGRADE, title)
    p.target = contract
    p.code_hash = code_hash
    this.proposalsTable.store(p, proposer)
  }

  /**
   * Proposes a treasury spend of `quantity` SPACE from the treasury account to `to` (v2 only executes it). Auth: proposer.
   */
  @action('proptreasury')
  proptreasury(proposer: Name, title: string, to: Name, quantity: Asset): void {
    check(isAccount(to), 'dao: recipient account does not exist')
    check(quantity.symbol == spaceSymbol(), 'dao: quantity must be SPACE with 4 decimals')
    check(quantity.isValid(), 'dao: invalid quantity')
    check(quantity.amount > 0, 'dao: quantity must be positive')
    const p = this.newProposal(proposer, ProposalType.TREASURY, title)
    p.target = to
    p.quantity = quantity
    this.proposalsTable.store(p, proposer)
  }

  /**
   * Proposes an emergency pause (halts; changes nothing else). Auth: proposer.
   */
  @action('proppause')
  proppause(proposer: Name, title: string): void {
    check(!this.stateTable.get().paused, 'dao: network is already paused')
    const p = this.newProposal(proposer, ProposalType.EMERGENCY, title)
    this.proposalsTable.store(p, proposer)
  }

  /**
   * Casts or changes `voter`'s vote (1 yes, 2 no, 3 abstain) while voting is open. Only the choice is stored; the
   * weight is read at tally time. Auth: voter.
   * @example cleos push action spaceos.dao vote '["alice",1,1]' -p alice
   */
  @action('vote')
  vote(voter: Name, proposal: u64, choice: u8): void {
    requireAuth(voter)
    check(choice >= Choice.YES && choice <= Choice.ABSTAIN, 'dao: choice must be 1 (yes), 2 (no) or 3 (abstain)')
    const p = this.proposalsTable.requireGet(proposal, 'dao: proposal not found')
    check(p.status == ProposalStatus.VOTING, 'dao: proposal is not open for voting')
    const now = <u64>currentTimeSec()
    check(now < p.voting_ends, 'dao: voting period has ended')
    const votes = new TableStore<Vote>(this.receiver, new Name(proposal))
    const existing = votes.get(voter.N)
    if (existing == null) {
      votes.store(new Vote(voter, choice, now), voter)
    } else {
      existing.choice = choice
      existing.time = now
      votes.update(existing, voter)
    }
  }

  /**
   * Withdraws `voter`'s vote while voting is open. Auth: voter.
   */
  @action('unvote')
  unvote(voter: Name, proposal: u64): void {
    requireAuth(voter)
    const p = this.proposalsTable.requireGet(proposal, 'dao: proposal not found')
    check(p.status == ProposalStatus.VOTING, 'dao: proposal is not open for voting')
    check(<u64>currentTimeSec() < p.voting_ends, 'dao: voting period has ended')
    const votes = new TableStore<Vote>(this.receiver, new Name(proposal))
    const v = votes.requireGet(voter.N, 'dao: no vote to withdraw')
    votes.remove(v)
  }

  /**
   * Delegates `delegator`'s voting weight to `delegate` (replaces an earlier delegation). Fails when the delegate
   * already carries the cap (`delegation_cap_bps` of the quorum base); the cap is enforced again at tally. Auth: delegator.
   */
  @action('delegate')
  delegate(delegator: Name, delegate: Name): void {
    requireAuth(delegator)
    check(delegator != delegate, 'dao: cannot delegate to self')
    check(isAccount(delegate), 'dao: delegate account does not exist')
    const existing = this.delegationsTable.get(delegator.N)
    if (existing != null) {
      check(existing.delegate != delegate, 'dao: already delegated to this delegate')
      const oldRev = new TableStore<Delegator>(this.receiver, existing.delegate)
      const r = oldRev.get(delegator.N)
      if (r != null) oldRev.remove(r)
      this.delegationsTable.remove(existing)
    }
    const rev = new TableStore<Delegator>(this.receiver, delegate)
    // Cap check on current balances.
    let carried: u64 = this.balanceOf(delegator)
    let d = rev.first()
    while (d != null) {
      carried += this.balanceOf(d.delegator)
      d = rev.next(d)
    }
    const cap = mulBps(this.quorumBase(), this.stateTable.get().delegation_cap_bps)
    check(carried <= cap, 'dao: delegation cap reached for this delegate')
    this.delegationsTable.store(new Delegation(delegator, delegate, <u64>currentTimeSec()), delegator)
    rev.store(new Delegator(delegator), delegator)
  }

  /**
   * Ends `delegator`'s delegation. Auth: delegator.
   */
  @action('undelegate')
  undelegate(delegator: Name): void {
    requireAuth(delegator)
    const existing = this.delegationsTable.requireGet(delegator.N, 'dao: no delegation to remove')
    const rev = new TableStore<Delegator>(this.receiver, existing.delegate)
    const r = rev.get(delegator.N)
    if (r != null) rev.remove(r)
    this.delegationsTable.remove(existing)
  }

  /**
   * Counts the votes of `proposal` on the balances of now. Non-emergency proposals: after `voting_ends`, sets PASSED
   * (with `eta` = voting_ends + delay) or REJECTED. Emergency pause: may run while voting is open — if it passes it
   * pauses at once (EXECUTED); before `voting_ends` a tally that does not pass fails and changes nothing. Anyone may call.
   * @example cleos push action spaceos.dao tally '[1]' -p anyone
   */
  @action('tally')
  tally(proposal: u64): void {
    const p = this.proposalsTable.requireGet(proposal, 'dao: proposal not found')
    check(p.status == ProposalStatus.VOTING, 'dao: proposal is already tallied')
    const now = <u64>currentTimeSec()
    const emergency = p.type == ProposalType.EMERGENCY
    const open = now < p.voting_ends
    check(emergency || !open, 'dao: voting period has not ended')

    const st = this.stateTable.get()
    const base = this.quorumBase()
    const cap = mulBps(base, st.delegation_cap_bps)
    const votes = new TableStore<Vote>(this.receiver, new Name(proposal))
    let weight: u64 = 0
    let yes: u64 = 0
    let no: u64 = 0
    let abstain: u64 = 0
    let v = votes.first()
    while (v != null) {
      let delegated = this.delegatedWeight(v.voter, votes)
      if (delegated > cap) delegated = cap
      const w = this.balanceOf(v.voter) + delegated
      const q = isqrt(w)
      weight += w
      if (v.choice == Choice.YES) yes += q
      else if (v.choice == Choice.NO) no += q
      else abstain += q
      v = votes.next(v)
    }
    // quorum: weight / base >= quorum_bps / 10000  (base 0 never reaches quorum)
    const quorate = base > 0 && U128.fromU64(weight) * U128.fromU64(BPS) >= U128.fromU64(base) * U128.fromU64(quorumBps(p.type))
    const passed = quorate && yes > no
    if (emergency && open) check(passed, 'dao: emergency pause has not reached quorum and majority yet')

    p.quorum_base = base
    p.weight = weight
    p.yes = yes
    p.no = no
    p.abstain = abstain
    if (!passed) {
      p.status = ProposalStatus.REJECTED
    } else if (emergency) {
      // A second emergency proposal passing while the network is already halted changes nothing: the halt is in force.
      if (!st.paused) {
        st.paused = true
        st.paused_by = p.id
        this.stateTable.set(st, this.receiver)
      }
      p.status = ProposalStatus.EXECUTED
      p.eta = now + execDelayS(p.type)
      p.executed_at = now
    } else {
      p.status = ProposalStatus.PASSED
      p.eta = p.voting_ends + execDelayS(p.type)
    }
    this.proposalsTable.update(p, this.receiver)
  }

  /**
   * Executes a PASSED proposal once its timelock (`eta`) has passed. v1: parameter changes only (upgrades and treasury
   * spends wait for phase 2). Anyone may call; a treasury spend also needs the council's authority (NP-DAO-016).
   * @example cleos push action spaceos.dao execute '[1]' -p anyone
   */
  @action('execute')
  execute(proposal: u64): void {
    const p = this.proposalsTable.requireGet(proposal, 'dao: proposal not found')
    check(p.status != ProposalStatus.EXECUTED, 'dao: proposal already executed')
    check(p.status == ProposalStatus.PASSED, 'dao: proposal has not passed')
    const now = <u64>currentTimeSec()
    check(now >= p.eta, 'dao: timelock has not expired')
    const st = this.stateTable.get()
    if (p.type == ProposalType.UPGRADE || p.type == ProposalType.TREASURY) {
      check(st.phase >= 2, 'dao: upgrade and treasury proposals execute only in phase v2')
    }

    if (p.type == ProposalType.PARAM) {
      if (p.key == PAUSED_KEY) {
        check(st.paused, 'dao: network is not paused')
        st.paused = false
        this.stateTable.set(st, this.receiver)
      } else {
        const gp = this.findParam(p.key)
        check(gp != null, 'dao: unknown governable parameter')
        const g = gp!
        check(p.value >= g.min && p.value <= g.max, 'dao: parameter value out of bounds')
        g.value = p.value
        this.paramsTable.update(g, this.receiver)
        if (g.contract == this.receiver) {
          if (g.key == DELEGATION_CAP_KEY) {
            st.delegation_cap_bps = p.value
            this.stateTable.set(st, this.receiver)
          }
        } else {
          const act = new InlineAction<SetParam>('setparam').act(g.contract, new PermissionLevel(this.receiver))
          act.send(new SetParam(g.key, p.value))
        }
      }
    } else if (p.type == ProposalType.TREASURY) {
      check(st.council != EMPTY_NAME, 'dao: no treasury council is set')
      requireAuth(st.council)
      const act = new InlineAction<TokenTransfer>('transfer').act(
        Name.fromString(ACCOUNT_TOKEN),
        new PermissionLevel(Name.fromString(ACCOUNT_TREASURY)),
      )
      act.send(new TokenTransfer(Name.fromString(ACCOUNT_TREASURY), p.target, p.quantity, `dao proposal ${p.id}`))
    } else if (p.type == ProposalType.UPGRADE) {
      this.upgradesTable.store(new Upgrade(p.id, p.target, p.code_hash, now), this.receiver)
    }
    p.status = ProposalStatus.EXECUTED
    p.executed_at = now
    this.proposalsTable.update(p, this.receiver)
  }
}
