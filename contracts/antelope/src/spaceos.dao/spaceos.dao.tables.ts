/**
 * spaceos.dao tables (white paper §12). Every table is documented field by field; the ABI is generated from these classes.
 */
import { Asset, Checksum256, EMPTY_NAME, Name, Table } from 'proton-tsc'
import { DAO_DELEGATION_CAP_BPS } from '../../../../generated/assemblyscript/parameters'

/** Proposal types, §12.2. */
export namespace ProposalType {
  /** Parameter change: 5 % quorum, 7 days voting, 1 day execution delay. Executable in v1. */
  export const PARAM: u8 = 0
  /** Contract upgrade: 20 % quorum, 14 days, 7 days delay. Executable only in v2 (§12.3). */
  export const UPGRADE: u8 = 1
  /** Treasury spend: 10 % quorum, 7 days, 3 days delay. Executable only in v2 (§12.3). */
  export const TREASURY: u8 = 2
  /** Emergency pause: 1 % quorum, 24 h, executes immediately; can only halt. */
  export const EMERGENCY: u8 = 3
}

/** Proposal status. */
export namespace ProposalStatus {
  /** Open for votes until `voting_ends`. */
  export const VOTING: u8 = 0
  /** Tallied, quorum met and yes > no: executable from `eta` (the timelock). */
  export const PASSED: u8 = 1
  /** Tallied, quorum missed or yes <= no. Final. */
  export const REJECTED: u8 = 2
  /** Executed. Final. */
  export const EXECUTED: u8 = 3
}

/** Vote choices. */
export namespace Choice {
  export const YES: u8 = 1
  export const NO: u8 = 2
  /** Counts toward quorum, not toward the outcome. */
  export const ABSTAIN: u8 = 3
}

/**
 * Governance state (singleton `state`, scope spaceos.dao). Other contracts read `paused` (see dao.reader.ts).
 * - `phase`: 1 = v1 (parameter changes and emergency pause execute), 2 = v2 (also upgrades and treasury spends).
 * - `paused`: set by an executed emergency-pause proposal; cleared only by an executed `DAO_PAUSED = 0` parameter proposal.
 * - `paused_by`: id of the emergency proposal that paused (0 when never paused).
 * - `sealed`: once true, the governable-parameter registry (`govparams`) is frozen.
 * - `delegation_cap_bps`: most delegated SPACE one delegate may carry, share of the quorum base (DAO_DELEGATION_CAP_BPS).
 * - `next_id`: id of the next proposal.
 * - `council`: the treasury council account (a `DAO_COUNCIL_MULTISIG_THRESHOLD`-of-`DAO_COUNCIL_SIZE` multisig); a v2
 *   treasury spend executes only with its authority too (§12.1, NP-DAO-016). Empty until `setcouncil`.
 */
@table('state', singleton)
export class State extends Table {
  constructor(
    public phase: u8 = 1,
    public paused: bool = false,
    public paused_by: u64 = 0,
    public sealed: bool = false,
    public delegation_cap_bps: u64 = DAO_DELEGATION_CAP_BPS,
    public next_id: u64 = 1,
    public council: Name = EMPTY_NAME,
  ) {
    super()
  }
}

/**
 * A parameter a v1 parameter-change proposal may set (table `govparams`, scope self), seeded from the `governable`
 * entries of spec/parameters.yaml (with their min/max) by `regparam` before `seal`.
 * - `key`: the parameters.yaml name, e.g. `TIER_BASIC_STAKE`.
 * - `contract`: the account whose `setparam(key, value)` applies it (spaceos.dao applies its own keys itself).
 * - `min`, `max`: inclusive bounds; `value`: the value in force (default, then the last executed change).
 */
@table('govparams')
export class GovParam extends Table {
  constructor(
    public id: u64 = 0,
    public key: string = '',
    public contract: Name = EMPTY_NAME,
    public min: u64 = 0,
    public max: u64 = 0,
    public value: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.id
  }
}

/**
 * A proposal (table `proposals`, scope self).
 * - `type`: ProposalType; `proposer`; `title`: free text (≤ 256 bytes).
 * - Payload by type — PARAM: `key`, `value`; UPGRADE: `target` (contract account), `code_hash`;
 *   TREASURY: `target` (recipient), `quantity`; EMERGENCY: none.
 * - `created`, `voting_ends`: seconds; `status`: ProposalStatus.
 * - Tally (set by `tally`): `quorum_base` (circulating SPACE, smallest units), `weight` (linear SPACE that voted incl.
 *   capped delegations), `yes`, `no`, `abstain` (quadratic votes, centi-votes: isqrt of 4-dp units = sqrt(SPACE) × 100),
 *   `eta` (earliest execution time: tally time + execution delay for emergency, `voting_ends` + delay otherwise),
 *   `executed_at`.
 */
@table('proposals')
export class Proposal extends Table {
  constructor(
    public id: u64 = 0,
    public type: u8 = 0,
    public proposer: Name = EMPTY_NAME,
    public title: string = '',
    public key: string = '',
    public value: u64 = 0,
    public target: Name = EMPTY_NAME,
    public quantity: Asset = new Asset(),
    public code_hash: Checksum256 = new Checksum256(),
    public created: u64 = 0,
    public voting_ends: u64 = 0,
    public status: u8 = 0,
    public quorum_base: u64 = 0,
    public weight: u64 = 0,
    public yes: u64 = 0,
    public no: u64 = 0,
    public abstain: u64 = 0,
    public eta: u64 = 0,
    public executed_at: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.id
  }
}

/**
 * A vote (table `votes`, scope = proposal id). Only the choice is recorded — the weight is read from eosio.token at
 * tally time, so SPACE moved after voting moves its weight instead of counting twice.
 */
@table('votes')
export class Vote extends Table {
  constructor(
    public voter: Name = EMPTY_NAME,
    public choice: u8 = 0,
    public time: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.voter.N
  }
}

/** Who an account delegates its vote to (table `delegations`, scope self). */
@table('delegations')
export class Delegation extends Table {
  constructor(
    public delegator: Name = EMPTY_NAME,
    public delegate: Name = EMPTY_NAME,
    public since: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.delegator.N
  }
}

/** Reverse index of delegations (table `delegators`, scope = the delegate). */
@table('delegators')
export class Delegator extends Table {
  constructor(public delegator: Name = EMPTY_NAME) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.delegator.N
  }
}

/**
 * An upgrade a v2 upgrade proposal approved (table `upgrades`, scope self). Installing code needs the target account's
 * own authority (setcode cannot be sent inline with a WASM the proposal does not carry); the installer must deploy
 * exactly `code_hash`, which anyone can verify against the chain's code hash.
 */
@table('upgrades')
export class Upgrade extends Table {
  constructor(
    public proposal: u64 = 0,
    public contract: Name = EMPTY_NAME,
    public code_hash: Checksum256 = new Checksum256(),
    public approved_at: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.proposal
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

/** eosio.token `stat` row (scope = symbol code), read-only. */
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
