/**
 * spaceos.orcl tables (white paper §14). The white paper's `spaceos.oracle` exceeds the 12-character account limit.
 */
import { Asset, Checksum256, EMPTY_NAME, Name, Table } from 'proton-tsc'
import { ORACLE_MIN_STAKE } from '../../../../generated/assemblyscript/parameters'

/** The four proof types of §14. */
export namespace ProofType {
  /** GPU model / VRAM of a provider's device (value: e.g. VRAM in MB). Verified by ZK benchmark. */
  export const HARDWARE: u8 = 0
  /** Uptime SLA of a provider (value: uptime in bps). Verified by heartbeat oracles. */
  export const UPTIME: u8 = 1
  /** IPFS pin availability at a provider (value: 1 available / 0 not). Verified by multi-node fetch. */
  export const PIN: u8 = 2
  /** Market price (value: price in the smallest unit of the quote). Verified by DEX feeds + bids. No claim. */
  export const PRICING: u8 = 3
}

/** Round status. */
export namespace RoundStatus {
  /** Accepting reports. */
  export const OPEN: u8 = 0
  /** Aggregated; within the dispute window (or resolved by the DAO); `settle` slashes bad data afterwards. */
  export const FINAL: u8 = 1
  /** Disputed inside the window; waits for the DAO's `resolve`. */
  export const DISPUTED: u8 = 2
  /** Settled: bad data slashed, provider claim judged. Final. */
  export const SETTLED: u8 = 3
  /** No honest majority: the reports agreeing with the median carried less than the threshold. Final, no slashing. */
  export const NO_CONSENSUS: u8 = 4
}

/**
 * Configuration (singleton `config`).
 * - `min_stake`: smallest stake of an active oracle (ORACLE_MIN_STAKE; governable by the DAO through `setparam`).
 * - `next_round`: id of the next round (starts at 1, so a round id can be a spaceos.prov `proof_id`).
 * - `pool`: SPACE available to pay oracle rewards (transfers with memo `pool`: the oracle share of fees, grants).
 */
@table('config', singleton)
export class Config extends Table {
  constructor(
    public min_stake: u64 = ORACLE_MIN_STAKE,
    public next_round: u64 = 1,
    public pool: u64 = 0,
  ) {
    super()
  }
}

/**
 * An oracle operator (table `oracles`). Staked by transferring SPACE to spaceos.orcl with memo `stake`.
 * - `stake`: active stake (an oracle is active while `stake >= min_stake`).
 * - `unstaking`, `unstake_at`: SPACE leaving; refundable after the dispute window so a slash can still reach it.
 * - `slashed`: total slashed for bad data; `reports`: reports submitted.
 * - `reward`: ORACLE_APY_BPS reward accrued on `stake` and not yet paid; `accrued_at`: time of the last accrual.
 */
@table('oracles')
export class Oracle extends Table {
  constructor(
    public account: Name = EMPTY_NAME,
    public stake: Asset = new Asset(),
    public unstaking: Asset = new Asset(),
    public unstake_at: u64 = 0,
    public slashed: Asset = new Asset(),
    public reports: u64 = 0,
    public reward: Asset = new Asset(),
    public accrued_at: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.account.N
  }
}

/**
 * A proof round (table `rounds`): oracles report a value about `subject`; `finalize` takes the stake-weighted median.
 * - `proof_type`: ProofType; `subject`: the provider (hardware, uptime, pin) or market (pricing) the proof is about.
 * - `has_claim`, `claimed`: the value the provider claims (e.g. VRAM from its gpuresource row); a claim outside the
 *   agreement tolerance of the final value is a bad proof → spaceos.prov::slashproof(subject, id, …) at `settle`.
 * - `ref`: free reference (CID, device name, market pair…), ≤ 128 bytes.
 * - Aggregation (set by `finalize`): `value` (median), `total_stake` (all active stake), `reporting_stake`,
 *   `agreeing_stake`, `finalized_at`, `dispute_until`.
 * - `disputer`, `resolved_by_dao`; `slashed`: bad-data stake slashed at settle; `provider_slashed`: claim judged bad.
 */
@table('rounds')
export class Round extends Table {
  constructor(
    public id: u64 = 0,
    public proof_type: u8 = 0,
    public subject: Name = EMPTY_NAME,
    public has_claim: bool = false,
    public claimed: u64 = 0,
    public ref: string = '',
    public opener: Name = EMPTY_NAME,
    public opened_at: u64 = 0,
    public status: u8 = 0,
    public value: u64 = 0,
    public total_stake: u64 = 0,
    public reporting_stake: u64 = 0,
    public agreeing_stake: u64 = 0,
    public finalized_at: u64 = 0,
    public dispute_until: u64 = 0,
    public disputer: Name = EMPTY_NAME,
    public resolved_by_dao: bool = false,
    public slashed: Asset = new Asset(),
    public provider_slashed: bool = false,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.id
  }
}

/** One oracle's report in a round (table `reports`, scope = round id). */
@table('reports')
export class Report extends Table {
  constructor(
    public oracle: Name = EMPTY_NAME,
    public value: u64 = 0,
    public data_hash: Checksum256 = new Checksum256(),
    public time: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.oracle.N
  }
}
