import {
  Asset,
  Checksum256,
  Contract,
  check,
  currentTimeSec,
  isAccount,
  Name,
  requireAuth,
  SAME_PAYER,
  Singleton,
  Symbol,
  TableStore,
  U128,
  unpackActionData,
} from 'proton-tsc'
import {
  BRIDGE_SCALE_SPACE,
  LEGACY_STABLE_EVM_DECIMALS,
  SPACE_EVM_DECIMALS,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
  STABLE_NATIVE_DECIMALS,
  USD_EVM_DECIMALS,
} from '../../../../generated/assemblyscript/parameters'
import { isDaoPaused } from '../spaceos.dao/dao.reader'
import { eip55Valid, isHex } from '../shared/evm'
import { MEMO_MAX_BYTES } from '../shared/limits'
import { sendTransfer, TokenTransfer } from '../shared/token'
import { BridgeConfig, BridgedToken, Deposit, msgKey, Release } from './tables'

const IDX_BY_MSG: u8 = 0

/** 10^(evm_decimals − native decimals): 10^14 for 18-decimal tokens, 10^2 for 6-decimal ones. */
function scaleOf(evmDecimals: u8, nativeDecimals: u8): u64 {
  let s: u64 = 1
  for (let i: u8 = nativeDecimals; i < evmDecimals; i++) s *= 10
  return s
}

/**
 * spaceos.brdg — the native ↔ EVM bridge (white paper §8.1).
 * Native → EVM: a transfer of a bridged token to spaceos.brdg with memo `0x<40 hex>` locks it and records a pending
 * mint (`deposits`); SPACE is credited on the EVM as the gas token, stablecoins are minted as `.s` ERC-20s.
 * EVM → native: `release` by the bridge authority, once per EVM message ID, pays locked tokens out.
 * Decimal rules (same as @spaceos/units): native → EVM multiplies by 10^(evm_decimals − 4) exactly; EVM → native accepts
 * only whole native units (no rounding, no dust) and must equal quantity × scale. [NP-BRDG-011] [NP-BRDG-012]
 * [NP-BRDG-023] [NP-BRDG-024] [NP-BRDG-030] [NP-BRDG-031]
 */
@contract
export class BridgeContract extends Contract {
  configSingleton: Singleton<BridgeConfig> = new Singleton<BridgeConfig>(this.receiver)
  tokens: TableStore<BridgedToken> = new TableStore<BridgedToken>(this.receiver)
  deposits: TableStore<Deposit> = new TableStore<Deposit>(this.receiver)
  releases: TableStore<Release> = new TableStore<Release>(this.receiver)

  /**
   * Add or update a bridged token. Symbol, contract and decimals are fixed once the token has a locked balance.
   * Auth: spaceos.brdg.
   */
  @action('settoken')
  settoken(symbol: Symbol, contract: Name, evm_decimals: u8, evm_token: string, enabled: bool): void {
    requireAuth(this.receiver)
    check(symbol.isValid(), 'brdg: invalid symbol name')
    check(isAccount(contract), 'brdg: token contract account does not exist')
    check(
      evm_decimals == <u8>USD_EVM_DECIMALS || evm_decimals == <u8>LEGACY_STABLE_EVM_DECIMALS,
      'brdg: evm_decimals must be 18 or 6',
    )
    if (symbol.code() == new Symbol(SPACE_SYMBOL, <u8>SPACE_NATIVE_DECIMALS).code()) {
      check(symbol.precision() == <u8>SPACE_NATIVE_DECIMALS, 'brdg: SPACE must have 4 decimals')
      check(evm_decimals == <u8>SPACE_EVM_DECIMALS, 'brdg: SPACE has 18 decimals on the EVM')
      check(scaleOf(evm_decimals, symbol.precision()) == BRIDGE_SCALE_SPACE, 'brdg: SPACE bridge scale must be 10^14')
    } else {
      check(symbol.precision() == <u8>STABLE_NATIVE_DECIMALS, 'brdg: bridged stablecoins must have 4 decimals')
    }
    check(evm_token.length > 0 && evm_token.length <= 42, 'brdg: evm_token must be 1 to 42 characters')
    const existing = this.tokens.get(symbol.code())
    if (existing == null) {
      this.tokens.store(
        new BridgedToken(symbol, contract, evm_decimals, evm_token, enabled, new Asset(0, symbol)),
        this.receiver,
      )
      return
    }
    if (existing.locked.amount > 0) {
      check(
        existing.symbol == symbol && existing.contract == contract && existing.evm_decimals == evm_decimals,
        'brdg: cannot change symbol, contract or decimals of a token with a locked balance',
      )
    }
    existing.symbol = symbol
    existing.contract = contract
    existing.evm_decimals = evm_decimals
    existing.evm_token = evm_token
    existing.enabled = enabled
    existing.locked = new Asset(existing.locked.amount, symbol)
    this.tokens.update(existing, SAME_PAYER)
  }

  /** Set the bridge authority (the relayer account). Auth: spaceos.brdg. */
  @action('setauth')
  setauth(authority: Name): void {
    requireAuth(this.receiver)
    check(isAccount(authority), 'brdg: authority account does not exist')
    const c = this.configSingleton.get()
    c.authority = authority
    this.configSingleton.set(c, this.receiver)
  }

  /**
   * Native → EVM: a transfer notification with memo `0x<40 hex>` locks the tokens and records a pending mint.
   * Transfers sent by spaceos.brdg itself (releases) are ignored.
   */
  @action('transfer', notify)
  onTransfer(): void {
    const t = unpackActionData<TokenTransfer>()
    if (t.from == this.receiver) return
    check(t.to == this.receiver, 'brdg: transfer is not addressed to spaceos.brdg')
    check(!isDaoPaused(), 'brdg: network is paused by a DAO emergency vote')
    const token = this.tokens.requireGet(t.quantity.symbol.code(), `brdg: token is not bridged: ${t.quantity.symbol.toString()}`)
    check(this.firstReceiver == token.contract, 'brdg: token must come from its registered contract')
    check(token.enabled, 'brdg: bridging of this token is disabled')
    check(t.quantity.symbol == token.symbol, 'brdg: symbol precision mismatch')
    const memo = t.memo
    let ok = memo.length == 42 && memo.startsWith('0x')
    for (let i = 2; ok && i < memo.length; i++) ok = isHex(memo.charCodeAt(i))
    check(ok, 'brdg: memo must be the EVM address: 0x followed by 40 hex characters')
    // EIP-55: lower, upper or checksummed mixed case [NP-BRDG-013] [NP-BRDG-014]
    check(eip55Valid(memo.substring(2)), 'brdg: memo EVM address has a bad EIP-55 checksum')
    const evmTo = memo.toLowerCase()
    check(evmTo != '0x0000000000000000000000000000000000000000', 'brdg: EVM address must not be zero')
    const c = this.configSingleton.get()
    const id = c.next_deposit
    c.next_deposit = id + 1
    this.configSingleton.set(c, this.receiver)
    const evmAmount = U128.fromU64(<u64>t.quantity.amount) * U128.fromU64(scaleOf(token.evm_decimals, token.symbol.precision()))
    this.deposits.store(
      new Deposit(id, t.from, evmTo, t.quantity, evmAmount, token.evm_decimals, <u64>currentTimeSec()),
      this.receiver,
    )
    token.locked = Asset.add(token.locked, t.quantity)
    this.tokens.update(token, SAME_PAYER)
  }

  /** Mark a deposit as minted on the EVM (`evm_tx`: the mint transaction hash). Auth: the bridge authority. */
  @action('mintdone')
  mintdone(id: u64, evm_tx: string): void {
    requireAuth(this.authority())
    const d = this.deposits.requireGet(id, 'brdg: deposit does not exist')
    check(!d.minted, 'brdg: deposit already marked minted')
    check(evm_tx.length > 0 && evm_tx.length <= 128, 'brdg: evm_tx must be 1 to 128 characters')
    d.minted = true
    d.evm_tx = evm_tx
    this.deposits.update(d, SAME_PAYER)
  }

  /**
   * EVM → native: release `quantity` to `to` for the EVM message `msg_id` (which burned `evm_amount` on the EVM).
   * Accepted once per `msg_id`; `evm_amount` must be exactly quantity × 10^(evm_decimals − 4). Auth: the bridge authority.
   */
  @action('release')
  release(msg_id: Checksum256, to: Name, quantity: Asset, evm_amount: U128, memo: string): void {
    requireAuth(this.authority())
    check(!isDaoPaused(), 'brdg: network is paused by a DAO emergency vote')
    check(quantity.isValid(), 'brdg: invalid quantity')
    check(quantity.amount > 0, 'brdg: must release a positive quantity')
    const token = this.tokens.requireGet(quantity.symbol.code(), `brdg: token is not bridged: ${quantity.symbol.toString()}`)
    check(quantity.symbol == token.symbol, 'brdg: symbol precision mismatch')
    check(String.UTF8.byteLength(memo) <= MEMO_MAX_BYTES, 'brdg: memo has more than 256 bytes')
    check(isAccount(to), 'brdg: to account does not exist')
    check(to != this.receiver, 'brdg: cannot release to spaceos.brdg')
    const scale = U128.fromU64(scaleOf(token.evm_decimals, token.symbol.precision()))
    check(evm_amount % scale == U128.Zero, 'brdg: evm_amount is not a whole number of native units')
    check(evm_amount == U128.fromU64(<u64>quantity.amount) * scale, 'brdg: evm_amount does not equal quantity × 10^(evm decimals − 4)')
    let seen = this.releases.getBySecondaryU64(msgKey(msg_id), IDX_BY_MSG)
    while (seen != null && msgKey(seen.msg_id) == msgKey(msg_id)) {
      check(seen.msg_id != msg_id, 'brdg: bridge message already processed')
      seen = this.releases.nextBySecondaryU64(seen, IDX_BY_MSG)
    }
    check(quantity.amount <= token.locked.amount, 'brdg: release exceeds the locked amount')
    const c = this.configSingleton.get()
    const id = c.next_release
    c.next_release = id + 1
    this.configSingleton.set(c, this.receiver)
    this.releases.store(new Release(id, msg_id, to, quantity, evm_amount, <u64>currentTimeSec()), this.receiver)
    token.locked = Asset.sub(token.locked, quantity)
    this.tokens.update(token, SAME_PAYER)
    sendTransfer(this.receiver, to, quantity, memo)
  }

  private authority(): Name {
    const c = this.configSingleton.get()
    return c.authority == Name.fromU64(0) ? this.receiver : c.authority
  }
}
