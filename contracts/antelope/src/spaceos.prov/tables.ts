import { Asset, EMPTY_NAME, Name, Table, U128 } from 'proton-tsc'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_ORACLE,
  ACCOUNT_REWARDS,
  ACCOUNT_TREASURY,
  BAD_PROOF_SLASH_BPS,
  DOWNTIME_MISSED_HEARTBEAT_BPS,
  DOWNTIME_SLASH_BPS,
  EPOCH_LENGTH_S,
  GPU_HEARTBEAT_INTERVAL_S,
  PROVIDER_MAX_MODELS,
  PROVIDER_UNSTAKE_DELAY_S,
  TIER_BASIC_STAKE,
  TIER_ENTERPRISE_STAKE,
  TIER_PRO_STAKE,
} from '../../../../generated/assemblyscript/parameters'
import { spaceAsset } from '../shared/token'

/** Device status in `gpuresource.status`. */
export const STATUS_ACTIVE: u8 = 0
/** The owner paused the device (the router skips it). */
export const STATUS_PAUSED: u8 = 1

/** Verdict kinds in `verdicts.kind`. */
export const VERDICT_DOWNTIME: u8 = 1
export const VERDICT_BAD_PROOF: u8 = 2

/** One served model and its price (USD, 4 decimals, per 1M prompt or completion tokens; positive). */
@packer
export class ModelPrice {
  constructor(
    public model: string = '',
    public price: Asset = new Asset(),
  ) {}
}

/** One row of a served-work report: inferences a device served in the reported epoch. */
@packer
export class WorkEntry {
  constructor(
    public device: Name = EMPTY_NAME,
    public inferences: u64 = 0,
  ) {}
}

/**
 * `config` singleton (scope: spaceos.prov). Absent → the defaults below, all from generated parameters. The governable
 * fields are set by spaceos.dao through `setparam`; `reporter`/`relayer` by the contract account through `setauth`.
 * Epoch schedule: epoch `epoch_base` starts at `epoch_origin` and epochs last `epoch_length_s` from there; before
 * `epoch_origin` the previous schedule (`prev_*`) applies. A change of EPOCH_LENGTH_S takes effect at the next epoch
 * boundary, so epoch numbers never jump and the running epoch keeps its length.
 */
@table('config', singleton)
export class Config extends Table {
  constructor(
    public epoch_length_s: u64 = EPOCH_LENGTH_S,
    public heartbeat_interval_s: u64 = GPU_HEARTBEAT_INTERVAL_S,
    public unstake_delay_s: u64 = PROVIDER_UNSTAKE_DELAY_S,
    public tier_basic_stake: u64 = TIER_BASIC_STAKE,
    public tier_pro_stake: u64 = TIER_PRO_STAKE,
    public tier_enterprise_stake: u64 = TIER_ENTERPRISE_STAKE,
    public downtime_missed_bps: u64 = DOWNTIME_MISSED_HEARTBEAT_BPS,
    public downtime_slash_bps: u64 = DOWNTIME_SLASH_BPS,
    public bad_proof_slash_bps: u64 = BAD_PROOF_SLASH_BPS,
    public max_models: u64 = PROVIDER_MAX_MODELS,
    public reporter: Name = Name.fromString(ACCOUNT_ORACLE),
    public relayer: Name = Name.fromString(ACCOUNT_BRIDGE),
    public rewards: Name = Name.fromString(ACCOUNT_REWARDS),
    public treasury: Name = Name.fromString(ACCOUNT_TREASURY),
    public epoch_origin: u64 = 0,
    public epoch_base: u64 = 0,
    public prev_length_s: u64 = EPOCH_LENGTH_S,
    public prev_origin: u64 = 0,
    public prev_base: u64 = 0,
  ) {
    super()
  }
}

/**
 * `state` singleton (scope: spaceos.prov) — inflation and reward-pool bookkeeping.
 * - `infl_year_start`/`infl_base_supply`: the current inflation year and the SPACE supply at its start (the 2% base).
 * - `infl_minted_year`: minted so far in that year; `infl_last`: time of the last mint.
 * - `pool`: minted into the rewards pool and not yet distributed.
 */
@table('state', singleton)
export class State extends Table {
  constructor(
    public infl_year_start: u64 = 0,
    public infl_base_supply: u64 = 0,
    public infl_minted_year: u64 = 0,
    public infl_last: u64 = 0,
    public minted_total: Asset = spaceAsset(0),
    public pool: Asset = spaceAsset(0),
    public next_verdict: u64 = 1,
  ) {
    super()
  }
}

/** `providers` (scope: spaceos.prov), one row per registered provider wallet. Primary key: owner. */
@table('providers')
export class Provider extends Table {
  constructor(
    public owner: Name = EMPTY_NAME,
    public stake: Asset = spaceAsset(0),
    public unstaking: Asset = spaceAsset(0),
    public unstake_at: u64 = 0,
    public tier: u8 = 0,
    public slashed: Asset = spaceAsset(0),
    public registered_at: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.owner.N
  }
}

/**
 * `gpuresource` (scope: spaceos.prov) — one row per GPU device, written by `gpuheartbeat`; the router's provider list.
 * Primary key: device. Secondary indexes (get_table_rows `index_position`, key_type i64):
 * 2 `byowner` (owner), 3 `byheartbeat` (last_heartbeat — the router reads rows newer than now − 600 s),
 * 4 `byvram` (vram_mb — "can it fit the model"), 5 `byminprice` (cheapest model price — the `auto` strategy's
 * cheapest-first scan; the per-model price is in `models`).
 */
@table('gpuresource')
export class GpuResource extends Table {
  constructor(
    public device: Name = EMPTY_NAME,
    public owner: Name = EMPTY_NAME,
    public gpu_model: string = '',
    public vram_mb: u64 = 0,
    public cuda_cores: u64 = 0,
    public tflops_milli: u64 = 0,
    public models: ModelPrice[] = [],
    public endpoint: string = '',
    public region: string = '',
    public last_heartbeat: u64 = 0,
    public status: u8 = 0,
    public tier: u8 = 0,
    public min_price: u64 = 0,
    public registered_at: u64 = 0,
    public beat_epoch: u64 = 0,
    public beats: u64 = 0,
    public prev_beats: u64 = 0,
    public judged_until: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.device.N
  }

  @secondary
  get byowner(): u64 {
    return this.owner.N
  }
  set byowner(value: u64) {
    this.owner = Name.fromU64(value)
  }

  @secondary
  get byheartbeat(): u64 {
    return this.last_heartbeat
  }
  set byheartbeat(value: u64) {
    this.last_heartbeat = value
  }

  @secondary
  get byvram(): u64 {
    return this.vram_mb
  }
  set byvram(value: u64) {
    this.vram_mb = value
  }

  @secondary
  get byminprice(): u64 {
    return this.min_price
  }
  set byminprice(value: u64) {
    this.min_price = value
  }
}

/**
 * `payees` (scope: spaceos.prov) — the EVM address that settlement pays a provider's share to (`UsageRecord.provider`),
 * set by the owner with `setpayee`. Primary key: owner. `evm_payee` is stored in lower case.
 */
@table('payees')
export class Payee extends Table {
  constructor(
    public owner: Name = EMPTY_NAME,
    public evm_payee: string = '',
    public updated_at: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.owner.N
  }
}

/**
 * `gpusigners` (scope: spaceos.prov) — the EVM address of the secp256k1 key that signs a device's usage receipts, set
 * by the device's owner with `gpusigner`; erased by `gpuremove`. Primary key: device. `signer` is stored in lower case.
 */
@table('gpusigners')
export class GpuSigner extends Table {
  constructor(
    public device: Name = EMPTY_NAME,
    public owner: Name = EMPTY_NAME,
    public signer: string = '',
    public updated_at: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.device.N
  }
}

/**
 * `epochwork` (scope: epoch number) — served inferences per device reported for an epoch; `weight` (inferences × tier
 * multiplier) is set by `gpudistrib`'s weighing pass; rows are erased as they are paid.
 */
@table('epochwork')
export class EpochWork extends Table {
  constructor(
    public device: Name = EMPTY_NAME,
    public owner: Name = EMPTY_NAME,
    public inferences: u64 = 0,
    public weight: U128 = new U128(),
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.device.N
  }
}

/** `distribs.status`: weighing the reported work, paying it, done. */
export const DISTRIB_WEIGHING: u8 = 0
export const DISTRIB_PAYING: u8 = 1
export const DISTRIB_DONE: u8 = 2

/**
 * `distribs` (scope: spaceos.prov) — one row per epoch whose distribution started (replay guard, progress and audit).
 * Primary key: epoch. `pool` is reserved from the reward pool when the distribution starts; `cursor` is the next
 * device to weigh; `devices` counts paid rows; the unpaid remainder returns to the pool when `status` becomes done.
 */
@table('distribs')
export class Distribution extends Table {
  constructor(
    public epoch: u64 = 0,
    public pool: Asset = spaceAsset(0),
    public paid: Asset = spaceAsset(0),
    public total_weight: U128 = new U128(),
    public devices: u64 = 0,
    public distributed_at: u64 = 0,
    public status: u8 = 0,
    public cursor: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.epoch
  }
}

/**
 * `verdicts` (scope: spaceos.prov) — penalties against providers. Primary key: id (increasing).
 * kind 1 downtime: `slash_bps` of the device's bond on the EVM (SpaceProviderBond) is due; the bridge relayer carries
 * rows with `relayed == false` to the EVM and acknowledges them with `verdictack`.
 * kind 2 bad proof: `slashed` was taken from the wallet stake here (witness spaceos.orcl); nothing to relay.
 * Secondary index 2 `byproof` (proof_id) is the bad-proof replay guard.
 */
@table('verdicts')
export class Verdict extends Table {
  constructor(
    public id: u64 = 0,
    public kind: u8 = 0,
    public owner: Name = EMPTY_NAME,
    public device: Name = EMPTY_NAME,
    public epoch: u64 = 0,
    public missed: u64 = 0,
    public expected: u64 = 0,
    public slash_bps: u64 = 0,
    public slashed: Asset = spaceAsset(0),
    public proof_id: u64 = 0,
    public reason: string = '',
    public created_at: u64 = 0,
    public relayed: bool = false,
    public evm_ref: string = '',
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.id
  }

  @secondary
  get byproof(): u64 {
    return this.proof_id
  }
  set byproof(value: u64) {
    this.proof_id = value
  }
}
