import {
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
  SAME_PAYER,
  Singleton,
  TableStore,
  U128,
  unpackActionData,
  ActionData,
} from 'proton-tsc'
import {
  ACCOUNT_DAO,
  ACCOUNT_EMISSION,
  ACCOUNT_ORACLE,
  BPS_DENOMINATOR,
  INFLATION_BPS_PER_YEAR,
  SECONDS_PER_YEAR,
  TIER_BASIC_MULTIPLIER_BPS,
  TIER_ENTERPRISE_MULTIPLIER_BPS,
  TIER_FREE_MULTIPLIER_BPS,
  TIER_PRO_MULTIPLIER_BPS,
} from '../../../../generated/assemblyscript/parameters'
import { isDaoPaused } from '../spaceos.dao/dao.reader'
import { eip55Valid, isEvmAddressShape, ZERO_EVM_ADDRESS } from '../shared/evm'
import { MEMO_MAX_BYTES } from '../shared/limits'
import {
  sendIssue,
  sendTransfer,
  spaceAsset,
  spaceSymbol,
  TokenTransfer,
  tokenContract,
  tokenStat,
} from '../shared/token'
import {
  Config,
  DISTRIB_DONE,
  DISTRIB_PAYING,
  DISTRIB_WEIGHING,
  Distribution,
  EpochWork,
  GpuResource,
  GpuSigner,
  ModelPrice,
  Payee,
  Provider,
  STATUS_ACTIVE,
  STATUS_PAUSED,
  State,
  VERDICT_BAD_PROOF,
  VERDICT_DOWNTIME,
  Verdict,
  WorkEntry,
} from './tables'

const MAX_WORK_ENTRIES: i32 = 200
const MAX_TEXT_BYTES: i32 = 64
const MAX_ENDPOINT_BYTES: i32 = 256
const IDX_BY_OWNER: u8 = 0
const IDX_BY_PROOF: u8 = 0

/** spaceos.emit::recordmint payload (inflation bookkeeping, see notes/antelope-contracts.md). */
@packer
class RecordMint extends ActionData {
  constructor(
    public minter: Name = EMPTY_NAME,
    public quantity: Asset = new Asset(),
    public memo: string = '',
  ) {
    super()
  }
}

function bytes(s: string): i32 {
  return String.UTF8.byteLength(s)
}

function now(): u64 {
  return <u64>currentTimeSec()
}

/** Checks an EVM address argument (lower, upper or EIP-55 mixed case, not zero) and returns it in lower case. */
function evmAddressArg(value: string, field: string): string {
  check(isEvmAddressShape(value), `prov: ${field} must be 0x followed by 40 hex characters`)
  check(eip55Valid(value.substring(2)), `prov: ${field} has a bad EIP-55 checksum`)
  const lower = value.toLowerCase()
  check(lower != ZERO_EVM_ADDRESS, `prov: ${field} must not be the zero address`)
  return lower
}

/**
 * spaceos.prov — provider wallet staking and tiers (white paper §5.4, §9.1), the `gpuresource` table the router reads
 * (§5.2), GPU heartbeats (§6.2), reward distribution by served work × tier multiplier (`gpudistrib`), inflation minting
 * at 2%/year into the rewards pool (`gpuminflate`, §9.2), downtime verdicts and bad-proof slashing (§9.6).
 * Every failure is a `check` with a stable message (listed in contracts/antelope/README.md).
 */
@contract
export class ProvidersContract extends Contract {
  configSingleton: Singleton<Config> = new Singleton<Config>(this.receiver)
  stateSingleton: Singleton<State> = new Singleton<State>(this.receiver)
  providers: TableStore<Provider> = new TableStore<Provider>(this.receiver)
  devices: TableStore<GpuResource> = new TableStore<GpuResource>(this.receiver)
  distribs: TableStore<Distribution> = new TableStore<Distribution>(this.receiver)
  verdicts: TableStore<Verdict> = new TableStore<Verdict>(this.receiver)
  payees: TableStore<Payee> = new TableStore<Payee>(this.receiver)
  signers: TableStore<GpuSigner> = new TableStore<GpuSigner>(this.receiver)

  /** Register `owner` as a provider (Free tier until it stakes). Auth: owner. [NP-PROV-001] */
  @action('regprovider')
  regprovider(owner: Name): void {
    requireAuth(owner)
    check(!this.providers.exists(owner.N), 'prov: provider already registered')
    const p = new Provider(owner)
    p.registered_at = now()
    this.providers.store(p, owner)
  }

  /**
   * Stake: a SPACE transfer from eosio.token to spaceos.prov with memo `stake` adds to the sender's wallet stake
   * (notification handler). Transfers sent by spaceos.prov itself (refunds, slashes) are ignored. [NP-PROV-002] [NP-PROV-003]
   */
  @action('transfer', notify)
  onTransfer(): void {
    const t = unpackActionData<TokenTransfer>()
    if (t.from == this.receiver) return
    check(this.firstReceiver == tokenContract(), 'prov: only SPACE from eosio.token can be staked')
    check(t.to == this.receiver, 'prov: transfer is not addressed to spaceos.prov')
    check(t.quantity.symbol == spaceSymbol(), 'prov: only SPACE can be staked')
    check(t.memo == 'stake', 'prov: transfers to spaceos.prov need the memo "stake"')
    check(!isDaoPaused(), 'prov: network is paused by a DAO emergency vote')
    const p = this.providers.requireGet(t.from.N, 'prov: provider is not registered: call regprovider first')
    p.stake = Asset.add(p.stake, t.quantity)
    this.setTier(p)
    this.providers.update(p, SAME_PAYER)
  }

  /** Start unstaking `quantity`; refundable after the unstake delay (a new unstake restarts it). Auth: owner. [NP-PROV-004] */
  @action('unstake')
  unstake(owner: Name, quantity: Asset): void {
    requireAuth(owner)
    check(!isDaoPaused(), 'prov: network is paused by a DAO emergency vote')
    check(quantity.isValid(), 'prov: invalid quantity')
    check(quantity.symbol == spaceSymbol(), 'prov: quantity must be SPACE with 4 decimals')
    check(quantity.amount > 0, 'prov: must unstake a positive quantity')
    const p = this.providers.requireGet(owner.N, 'prov: provider is not registered')
    check(quantity.amount <= p.stake.amount, 'prov: unstake exceeds the staked amount')
    p.stake = Asset.sub(p.stake, quantity)
    p.unstaking = Asset.add(p.unstaking, quantity)
    p.unstake_at = now() + this.config().unstake_delay_s
    this.setTier(p)
    this.providers.update(p, SAME_PAYER)
  }

  /** Pay out everything unstaking once the delay has passed. Auth: owner. [NP-PROV-005] */
  @action('refund')
  refund(owner: Name): void {
    requireAuth(owner)
    check(!isDaoPaused(), 'prov: network is paused by a DAO emergency vote')
    const p = this.providers.requireGet(owner.N, 'prov: provider is not registered')
    check(p.unstaking.amount > 0, 'prov: nothing is unstaking')
    check(now() >= p.unstake_at, 'prov: unstake delay has not passed')
    const amount = p.unstaking
    p.unstaking = spaceAsset(0)
    p.unstake_at = 0
    this.providers.update(p, SAME_PAYER)
    sendTransfer(this.receiver, owner, amount, 'provider stake refund')
  }

  /**
   * Register or refresh a GPU device and assert its liveness (every 5 minutes, §6.2). Auth: owner (a registered provider).
   * `models` are the served models with their price per 1M tokens in USD (4 decimals). [NP-PROV-010]…[NP-PROV-014]
   */
  @action('gpuheartbeat')
  gpuheartbeat(
    owner: Name,
    device: Name,
    gpu_model: string,
    vram_mb: u64,
    cuda_cores: u64,
    tflops_milli: u64,
    models: ModelPrice[],
    endpoint: string,
    region: string,
  ): void {
    requireAuth(owner)
    const cfg = this.config()
    const p = this.providers.requireGet(owner.N, 'prov: provider is not registered: call regprovider first')
    check(device != EMPTY_NAME, 'prov: device name must not be empty')
    check(gpu_model.length > 0 && bytes(gpu_model) <= MAX_TEXT_BYTES, 'prov: gpu_model must be 1 to 64 bytes')
    check(vram_mb > 0, 'prov: vram_mb must be positive')
    check(tflops_milli > 0, 'prov: tflops_milli must be positive')
    check(models.length > 0, 'prov: at least one served model is required')
    check(<u64>models.length <= cfg.max_models, 'prov: too many served models')
    let minPrice: i64 = -1
    for (let i = 0; i < models.length; i++) {
      const m = models[i]
      check(m.model.length > 0 && bytes(m.model) <= MAX_TEXT_BYTES, 'prov: model name must be 1 to 64 bytes')
      for (let j = 0; j < i; j++) check(models[j].model != m.model, 'prov: duplicate served model')
      check(m.price.isValid(), 'prov: invalid model price')
      check(m.price.symbol.toString() == '4,USD', 'prov: model price must be in USD with 4 decimals')
      check(m.price.amount > 0, 'prov: model price must be positive')
      if (minPrice < 0 || m.price.amount < minPrice) minPrice = m.price.amount
    }
    check(
      (endpoint.startsWith('https://') || endpoint.startsWith('http://')) && bytes(endpoint) <= MAX_ENDPOINT_BYTES,
      'prov: endpoint must be an http(s) URL of at most 256 bytes',
    )
    check(region.length > 0 && bytes(region) <= 32, 'prov: region must be 1 to 32 bytes')

    const t = now()
    const epoch = this.epochOf(cfg, t)
    let d = this.devices.get(device.N)
    const isNew = d == null
    if (d == null) {
      d = new GpuResource(device, owner)
      d.registered_at = t
      d.beat_epoch = epoch
    } else {
      check(d.owner == owner, 'prov: device belongs to another provider')
    }
    if (d.beat_epoch != epoch) {
      d.prev_beats = d.beat_epoch + 1 == epoch ? d.beats : 0
      d.beats = 0
      d.beat_epoch = epoch
    }
    if (isNew || t / cfg.heartbeat_interval_s != d.last_heartbeat / cfg.heartbeat_interval_s) d.beats += 1
    d.gpu_model = gpu_model
    d.vram_mb = vram_mb
    d.cuda_cores = cuda_cores
    d.tflops_milli = tflops_milli
    d.models = models
    d.min_price = <u64>minPrice
    d.endpoint = endpoint
    d.region = region
    d.last_heartbeat = t
    d.tier = p.tier
    if (isNew) this.devices.store(d, owner)
    else this.devices.update(d, owner)
  }

  /** Pause (1) or resume (0) a device; the router skips paused devices. Auth: owner. */
  @action('gpustatus')
  gpustatus(owner: Name, device: Name, status: u8): void {
    requireAuth(owner)
    check(status == STATUS_ACTIVE || status == STATUS_PAUSED, 'prov: status must be 0 (active) or 1 (paused)')
    const d = this.devices.requireGet(device.N, 'prov: device is not registered')
    check(d.owner == owner, 'prov: device belongs to another provider')
    d.status = status
    this.devices.update(d, SAME_PAYER)
  }

  /** Remove a device from `gpuresource`, and its receipt signer. Auth: owner. [NP-PROV-015] [NP-PROV-018] */
  @action('gpuremove')
  gpuremove(owner: Name, device: Name): void {
    requireAuth(owner)
    const d = this.devices.requireGet(device.N, 'prov: device is not registered')
    check(d.owner == owner, 'prov: device belongs to another provider')
    this.devices.remove(d)
    const s = this.signers.get(device.N)
    if (s != null) this.signers.remove(s)
  }

  /**
   * Set the EVM address that settlement pays the owner's provider share to (`UsageRecord.provider`); lower, upper or
   * EIP-55 mixed case, never zero; stored in lower case; RAM paid by the owner. Auth: owner (a registered provider).
   * [NP-PROV-017]
   */
  @action('setpayee')
  setpayee(owner: Name, evm_payee: string): void {
    requireAuth(owner)
    this.providers.requireGet(owner.N, 'prov: provider is not registered: call regprovider first')
    const payee = evmAddressArg(evm_payee, 'evm_payee')
    const row = this.payees.get(owner.N)
    if (row == null) {
      this.payees.store(new Payee(owner, payee, now()), owner)
    } else {
      row.evm_payee = payee
      row.updated_at = now()
      this.payees.update(row, owner)
    }
  }

  /**
   * Set the EVM address of the secp256k1 key that signs the device's usage receipts (spec/GPU_PROVIDER.md); lower,
   * upper or EIP-55 mixed case, never zero; stored in lower case; RAM paid by the owner. Auth: the device's owner.
   * [NP-PROV-018]
   */
  @action('gpusigner')
  gpusigner(owner: Name, device: Name, signer: string): void {
    requireAuth(owner)
    const d = this.devices.requireGet(device.N, 'prov: device is not registered')
    check(d.owner == owner, 'prov: device belongs to another provider')
    const address = evmAddressArg(signer, 'signer')
    const row = this.signers.get(device.N)
    if (row == null) {
      this.signers.store(new GpuSigner(device, owner, address, now()), owner)
    } else {
      row.owner = owner
      row.signer = address
      row.updated_at = now()
      this.signers.update(row, owner)
    }
  }

  /**
   * Report inferences served per device in an ended epoch (summed over several reports). Auth: the reporter
   * (settlement/oracle authority, config.reporter, default spaceos.orcl). [NP-PROV-020]
   */
  @action('reportwork')
  reportwork(epoch: u64, work: WorkEntry[]): void {
    const cfg = this.config()
    requireAuth(cfg.reporter)
    check(epoch < this.epochOf(cfg, now()), 'prov: epoch has not ended')
    const dist = this.distribs.get(epoch)
    check(dist == null || dist.status != DISTRIB_DONE, 'prov: epoch already distributed')
    check(dist == null, 'prov: epoch distribution has started')
    check(work.length > 0, 'prov: work report is empty')
    check(work.length <= MAX_WORK_ENTRIES, 'prov: work report has more than 200 entries')
    const table = new TableStore<EpochWork>(this.receiver, Name.fromU64(epoch))
    for (let i = 0; i < work.length; i++) {
      const w = work[i]
      check(w.inferences > 0, 'prov: inferences must be positive')
      const d = this.devices.requireGet(w.device.N, `prov: unknown device ${w.device.toString()}`)
      const row = table.get(w.device.N)
      if (row == null) {
        table.store(new EpochWork(w.device, d.owner, w.inferences), this.receiver)
      } else {
        check(row.inferences + w.inferences > row.inferences, 'prov: inference count overflows')
        row.inferences += w.inferences
        table.update(row, SAME_PAYER)
      }
    }
  }

  /**
   * Distribute the reward pool over the providers that served work in `epoch`, in pages of at most `max_rows` rows so
   * that any number of devices fits a real chain's CPU limit. The first call reserves the whole undistributed pool;
   * a weighing pass sets each row's weight = inferences × the owner's tier multiplier (at distribution time); a paying
   * pass sends each device row pool × weight / Σweight (floored) by inline eosio.token::transfer from the rewards
   * account; when all rows are paid the remainder returns to the pool. Repeat the call until `status` is done.
   * Auth: the reporter. [NP-PROV-021] [NP-ECON-031]
   */
  @action('gpudistrib')
  gpudistrib(epoch: u64, max_rows: u64): void {
    const cfg = this.config()
    requireAuth(cfg.reporter)
    check(!isDaoPaused(), 'prov: network is paused by a DAO emergency vote')
    check(max_rows > 0, 'prov: max_rows must be positive')
    check(epoch < this.epochOf(cfg, now()), 'prov: epoch has not ended')
    const table = new TableStore<EpochWork>(this.receiver, Name.fromU64(epoch))
    let dist = this.distribs.get(epoch)
    if (dist == null) {
      check(!table.isEmpty(), 'prov: no served work reported for the epoch')
      const st = this.state()
      check(st.pool.amount > 0, 'prov: reward pool is empty')
      dist = new Distribution(epoch, st.pool)
      st.pool = spaceAsset(0)
      this.stateSingleton.set(st, this.receiver)
      this.distribs.store(dist, this.receiver)
    }
    check(dist.status != DISTRIB_DONE, 'prov: epoch already distributed')
    let n: u64 = 0
    if (dist.status == DISTRIB_WEIGHING) {
      let row = table.lowerBound(dist.cursor)
      while (row != null && n < max_rows) {
        row.weight = U128.fromU64(row.inferences) * U128.fromU64(this.multiplierOf(row.owner))
        dist.total_weight = dist.total_weight + row.weight
        table.update(row, SAME_PAYER)
        n += 1
        const next = table.next(row)
        if (next == null) {
          dist.status = DISTRIB_PAYING
          dist.cursor = 0
        } else {
          dist.cursor = next.device.N
        }
        row = next
      }
    }
    if (dist.status == DISTRIB_PAYING) {
      const pool = U128.fromU64(<u64>dist.pool.amount)
      let paid = <u64>dist.paid.amount
      let row = table.first()
      while (row != null && n < max_rows) {
        const share = ((pool * row.weight) / dist.total_weight).toU64()
        if (share > 0) {
          paid += share
          sendTransfer(cfg.rewards, row.owner, spaceAsset(share), `provider reward epoch ${epoch.toString()}`)
        }
        dist.devices += 1
        n += 1
        const next = table.next(row)
        table.remove(row)
        row = next
      }
      dist.paid = spaceAsset(paid)
      if (table.isEmpty()) {
        dist.status = DISTRIB_DONE
        dist.distributed_at = now()
        const st = this.state()
        st.pool = Asset.add(st.pool, spaceAsset(<u64>dist.pool.amount - paid))
        this.stateSingleton.set(st, this.receiver)
      }
    }
    this.distribs.update(dist, SAME_PAYER)
  }

  /**
   * Mint the inflation due since the last call into the rewards pool: 2%/year of the SPACE supply at the start of the
   * current inflation year, pro rata of elapsed seconds, never more than the yearly amount, never past the max supply.
   * The first call starts the first inflation year. Inline: eosio.token::issue to the issuer, transfer to the rewards
   * account (both as the issuer, whose active permission includes spaceos.prov@eosio.code), and
   * spaceos.emit::recordmint when that account exists. Anyone may call. [NP-PROV-022] [NP-PROV-023]
   */
  @action('gpuminflate')
  gpuminflate(): void {
    check(!isDaoPaused(), 'prov: network is paused by a DAO emergency vote')
    const cfg = this.config()
    const st = this.state()
    const stat = tokenStat(spaceSymbol(), 'prov: SPACE is not created on eosio.token')
    const t = now()
    if (st.infl_year_start == 0) {
      st.infl_year_start = t
      st.infl_base_supply = <u64>stat.supply.amount
      st.infl_last = t
      this.stateSingleton.set(st, this.receiver)
      return
    }
    check(t > st.infl_last, 'prov: inflation already minted at this time')
    let due: u64 = 0
    // Close every inflation year that has ended, then accrue in the current one.
    while (true) {
      const yearEnd = st.infl_year_start + SECONDS_PER_YEAR
      const until = t < yearEnd ? t : yearEnd
      const target = (
        (U128.fromU64(st.infl_base_supply) * U128.fromU64(INFLATION_BPS_PER_YEAR) * U128.fromU64(until - st.infl_year_start)) /
        U128.fromU64(BPS_DENOMINATOR * SECONDS_PER_YEAR)
      ).toU64()
      if (target > st.infl_minted_year) {
        due += target - st.infl_minted_year
        st.infl_minted_year = target
      }
      if (t < yearEnd) break
      st.infl_year_start = yearEnd
      st.infl_base_supply += st.infl_minted_year
      st.infl_minted_year = 0
    }
    const room = <u64>(stat.max_supply.amount - stat.supply.amount)
    if (due > room) due = room
    check(due > 0, 'prov: no inflation due yet')
    st.infl_last = t
    const quantity = spaceAsset(due)
    st.minted_total = Asset.add(st.minted_total, quantity)
    st.pool = Asset.add(st.pool, quantity)
    this.stateSingleton.set(st, this.receiver)
    sendIssue(stat.issuer, quantity, 'inflation')
    sendTransfer(stat.issuer, cfg.rewards, quantity, 'inflation to the rewards pool')
    const emit = Name.fromString(ACCOUNT_EMISSION)
    if (isAccount(emit)) {
      new InlineAction<RecordMint>('recordmint')
        .act(emit, new PermissionLevel(this.receiver))
        .send(new RecordMint(this.receiver, quantity, 'gpuminflate'))
    }
  }

  /**
   * Judge a device's heartbeats in an ended epoch: if more than `downtime_missed_bps` of the expected heartbeats
   * (one per heartbeat interval since registration) were missed, record a downtime verdict (kind 1) for the bridge
   * relayer to carry to SpaceProviderBond. Epochs are judged in order, at most once. Anyone may call.
   * [NP-PROV-030] [NP-PROV-031]
   */
  @action('gpudowntime')
  gpudowntime(device: Name, epoch: u64): void {
    const cfg = this.config()
    const d = this.devices.requireGet(device.N, 'prov: device is not registered')
    check(epoch < this.epochOf(cfg, now()), 'prov: epoch has not ended')
    check(epoch >= this.epochOf(cfg, d.registered_at), 'prov: device was not registered in that epoch')
    check(epoch >= d.judged_until, 'prov: epoch already judged for this device')
    check(epoch >= cfg.prev_base, 'prov: epoch predates the last epoch-length change')
    let beats: u64 = 0
    if (d.beat_epoch == epoch) beats = d.beats
    else if (d.beat_epoch == epoch + 1) beats = d.prev_beats
    else check(d.beat_epoch < epoch, 'prov: heartbeat record for that epoch is no longer kept')
    const epochStart = this.epochStart(cfg, epoch)
    const start = epochStart > d.registered_at ? epochStart : d.registered_at
    const end = this.epochStart(cfg, epoch + 1)
    const expected = (end - 1) / cfg.heartbeat_interval_s - start / cfg.heartbeat_interval_s + 1
    const missed = expected > beats ? expected - beats : 0
    check(
      U128.fromU64(missed) * U128.fromU64(BPS_DENOMINATOR) > U128.fromU64(expected) * U128.fromU64(cfg.downtime_missed_bps),
      `prov: no downtime breach: ${missed.toString()} of ${expected.toString()} heartbeats missed`,
    )
    d.judged_until = epoch + 1
    this.devices.update(d, SAME_PAYER)
    const v = new Verdict(this.nextVerdictId(), VERDICT_DOWNTIME, d.owner, device, epoch, missed, expected)
    v.slash_bps = cfg.downtime_slash_bps
    v.created_at = now()
    this.verdicts.store(v, this.receiver)
  }

  /**
   * Slash `bad_proof_slash_bps` (50%) of `owner`'s wallet stake (staked first, then unstaking) for a bad proof, with
   * spaceos.orcl as witness; the slashed SPACE goes to the treasury. `proof_id` (> 0) can be used once. Auth: spaceos.orcl.
   * [NP-PROV-033] [NP-PROV-034] [NP-PROV-035] [NP-PROV-038]
   */
  @action('slashproof')
  slashproof(owner: Name, proof_id: u64, reason: string): void {
    requireAuth(Name.fromString(ACCOUNT_ORACLE))
    const cfg = this.config()
    check(proof_id > 0, 'prov: proof_id must be positive')
    check(reason.length > 0 && bytes(reason) <= MEMO_MAX_BYTES, 'prov: reason must be 1 to 256 bytes')
    const p = this.providers.requireGet(owner.N, 'prov: provider is not registered')
    check(this.verdicts.getBySecondaryU64(proof_id, IDX_BY_PROOF) == null, 'prov: proof already slashed')
    const held = <u64>(p.stake.amount + p.unstaking.amount)
    const amount = ((U128.fromU64(held) * U128.fromU64(cfg.bad_proof_slash_bps)) / U128.fromU64(BPS_DENOMINATOR)).toU64()
    const fromStake = amount <= <u64>p.stake.amount ? amount : <u64>p.stake.amount
    p.stake = spaceAsset(<u64>p.stake.amount - fromStake)
    p.unstaking = spaceAsset(<u64>p.unstaking.amount - (amount - fromStake))
    p.slashed = Asset.add(p.slashed, spaceAsset(amount))
    this.setTier(p)
    this.providers.update(p, SAME_PAYER)
    const v = new Verdict(this.nextVerdictId(), VERDICT_BAD_PROOF, owner, EMPTY_NAME, this.epochOf(cfg, now()))
    v.slash_bps = cfg.bad_proof_slash_bps
    v.slashed = spaceAsset(amount)
    v.proof_id = proof_id
    v.reason = reason
    v.created_at = now()
    v.relayed = true
    this.verdicts.store(v, this.receiver)
    if (amount > 0) sendTransfer(this.receiver, cfg.treasury, spaceAsset(amount), `bad proof slash ${proof_id.toString()}`)
  }

  /** Mark a downtime verdict as carried to the EVM (`evm_ref`: the EVM tx hash). Auth: the relayer. [NP-PROV-032] */
  @action('verdictack')
  verdictack(id: u64, evm_ref: string): void {
    requireAuth(this.config().relayer)
    const v = this.verdicts.requireGet(id, 'prov: verdict does not exist')
    check(!v.relayed, 'prov: verdict already relayed')
    check(evm_ref.length > 0 && bytes(evm_ref) <= 128, 'prov: evm_ref must be 1 to 128 bytes')
    v.relayed = true
    v.evm_ref = evm_ref
    this.verdicts.update(v, SAME_PAYER)
  }

  /**
   * Set a governable parameter by its parameters.yaml name (bounds are checked by spaceos.dao; this contract keeps the
   * values consistent). Auth: spaceos.dao. [NP-PROV-036]
   */
  @action('setparam')
  setparam(key: string, value: u64): void {
    requireAuth(Name.fromString(ACCOUNT_DAO))
    const c = this.config()
    if (key == 'EPOCH_LENGTH_S') {
      check(value > 0 && value % c.heartbeat_interval_s == 0, 'prov: EPOCH_LENGTH_S must be a positive multiple of the heartbeat interval')
      const t = now()
      if (t >= c.epoch_origin) {
        // start the new schedule at the next boundary of the running epoch; keep the old one for times before it
        const next = this.epochOf(c, t) + 1
        const origin = this.epochStart(c, next)
        c.prev_length_s = c.epoch_length_s
        c.prev_origin = c.epoch_origin
        c.prev_base = c.epoch_base
        c.epoch_base = next
        c.epoch_origin = origin
      }
      c.epoch_length_s = value
    } else if (key == 'PROVIDER_UNSTAKE_DELAY_S') c.unstake_delay_s = value
    else if (key == 'TIER_BASIC_STAKE') c.tier_basic_stake = value
    else if (key == 'TIER_PRO_STAKE') c.tier_pro_stake = value
    else if (key == 'TIER_ENTERPRISE_STAKE') c.tier_enterprise_stake = value
    else if (key == 'DOWNTIME_MISSED_HEARTBEAT_BPS') c.downtime_missed_bps = value
    else if (key == 'DOWNTIME_SLASH_BPS') c.downtime_slash_bps = value
    else if (key == 'BAD_PROOF_SLASH_BPS') c.bad_proof_slash_bps = value
    else check(false, 'prov: unknown parameter key')
    check(
      c.tier_basic_stake > 0 && c.tier_basic_stake < c.tier_pro_stake && c.tier_pro_stake < c.tier_enterprise_stake,
      'prov: tier stakes must increase: 0 < Basic < Pro < Enterprise',
    )
    check(
      c.downtime_missed_bps <= BPS_DENOMINATOR && c.downtime_slash_bps <= BPS_DENOMINATOR && c.bad_proof_slash_bps <= BPS_DENOMINATOR,
      'prov: basis points must be at most 10000',
    )
    this.configSingleton.set(c, this.receiver)
  }

  /** Set the served-work reporter and the verdict relayer accounts. Auth: spaceos.prov itself. */
  @action('setauth')
  setauth(reporter: Name, relayer: Name): void {
    requireAuth(this.receiver)
    check(isAccount(reporter), 'prov: reporter account does not exist')
    check(isAccount(relayer), 'prov: relayer account does not exist')
    const c = this.config()
    c.reporter = reporter
    c.relayer = relayer
    this.configSingleton.set(c, this.receiver)
  }

  private config(): Config {
    return this.configSingleton.get()
  }

  private state(): State {
    return this.stateSingleton.get()
  }

  /** The epoch number of unix time `t` under the epoch schedule (see Config). */
  private epochOf(c: Config, t: u64): u64 {
    if (t >= c.epoch_origin) return c.epoch_base + (t - c.epoch_origin) / c.epoch_length_s
    if (t < c.prev_origin) return c.prev_base
    return c.prev_base + (t - c.prev_origin) / c.prev_length_s
  }

  /** Unix time at which `epoch` starts (epochs at or after `prev_base`). */
  private epochStart(c: Config, epoch: u64): u64 {
    if (epoch >= c.epoch_base) return c.epoch_origin + (epoch - c.epoch_base) * c.epoch_length_s
    return c.prev_origin + (epoch - c.prev_base) * c.prev_length_s
  }

  private nextVerdictId(): u64 {
    const st = this.state()
    const id = st.next_verdict
    st.next_verdict = id + 1
    this.stateSingleton.set(st, this.receiver)
    return id
  }

  private tierOf(stake: u64): u8 {
    const c = this.config()
    if (stake >= c.tier_enterprise_stake) return 3
    if (stake >= c.tier_pro_stake) return 2
    if (stake >= c.tier_basic_stake) return 1
    return 0
  }

  private multiplierOf(owner: Name): u64 {
    const p = this.providers.get(owner.N)
    const tier: u8 = p == null ? 0 : p.tier
    if (tier == 3) return TIER_ENTERPRISE_MULTIPLIER_BPS
    if (tier == 2) return TIER_PRO_MULTIPLIER_BPS
    if (tier == 1) return TIER_BASIC_MULTIPLIER_BPS
    return TIER_FREE_MULTIPLIER_BPS
  }

  /** Recompute the provider's tier from its stake and copy it to its devices' rows. */
  private setTier(p: Provider): void {
    const tier = this.tierOf(<u64>p.stake.amount)
    if (tier == p.tier) return
    p.tier = tier
    let d = this.devices.getBySecondaryU64(p.owner.N, IDX_BY_OWNER)
    while (d != null && d.owner == p.owner) {
      d.tier = tier
      this.devices.update(d, SAME_PAYER)
      d = this.devices.nextBySecondaryU64(d, IDX_BY_OWNER)
    }
  }
}
