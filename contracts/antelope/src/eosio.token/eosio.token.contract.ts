import {
  Asset,
  Contract,
  check,
  hasAuth,
  isAccount,
  Name,
  requireAuth,
  requireRecipient,
  SAME_PAYER,
  Symbol,
  TableStore,
} from 'proton-tsc'
import { MEMO_MAX_BYTES } from '../shared/limits'
import { Account, Stat } from './eosio.token.tables'

/**
 * eosio.token — the standard Antelope token contract (create / issue / retire / transfer / open / close) holding SPACE
 * (4 decimals, max 1,000,000,000.0000, 100,000,000.0000 issued to `eosio` at genesis — white paper §6.1) and the bridged
 * stablecoins. Every failure is a `check` with a stable message listed in contracts/antelope/README.md.
 */
@contract
export class TokenContract extends Contract {
  /**
   * Create token `maximum_supply.symbol` with `issuer` allowed to issue up to `maximum_supply`.
   * Auth: the token contract itself.
   */
  @action('create')
  create(issuer: Name, maximum_supply: Asset): void {
    requireAuth(this.receiver)
    const sym = maximum_supply.symbol
    check(sym.isValid(), 'invalid symbol name')
    check(maximum_supply.isValid(), 'invalid supply')
    check(maximum_supply.amount > 0, 'max-supply must be positive')
    check(isAccount(issuer), 'issuer account does not exist')
    const statstable = new TableStore<Stat>(this.receiver, new Name(sym.code()))
    check(!statstable.exists(sym.code()), 'token with symbol already exists')
    statstable.store(new Stat(new Asset(0, sym), maximum_supply, issuer), this.receiver)
  }

  /**
   * Issue `quantity` new tokens to the issuer `to` (who then transfers them). Auth: the issuer.
   */
  @action('issue')
  issue(to: Name, quantity: Asset, memo: string): void {
    const sym = quantity.symbol
    check(sym.isValid(), 'invalid symbol name')
    check(String.UTF8.byteLength(memo) <= MEMO_MAX_BYTES, 'memo has more than 256 bytes')
    const statstable = new TableStore<Stat>(this.receiver, new Name(sym.code()))
    const st = statstable.requireGet(sym.code(), 'token with symbol does not exist, create token before issue')
    check(to == st.issuer, 'tokens can only be issued to issuer account')
    requireAuth(st.issuer)
    check(quantity.isValid(), 'invalid quantity')
    check(quantity.amount > 0, 'must issue positive quantity')
    check(quantity.symbol == st.supply.symbol, 'symbol precision mismatch')
    check(quantity.amount <= st.max_supply.amount - st.supply.amount, 'quantity exceeds available supply')
    st.supply = Asset.add(st.supply, quantity)
    statstable.update(st, SAME_PAYER)
    this.addBalance(st.issuer, quantity, st.issuer)
  }

  /**
   * Take `quantity` out of circulation from the issuer's balance (supply shrinks). Auth: the issuer.
   */
  @action('retire')
  retire(quantity: Asset, memo: string): void {
    const sym = quantity.symbol
    check(sym.isValid(), 'invalid symbol name')
    check(String.UTF8.byteLength(memo) <= MEMO_MAX_BYTES, 'memo has more than 256 bytes')
    const statstable = new TableStore<Stat>(this.receiver, new Name(sym.code()))
    const st = statstable.requireGet(sym.code(), 'token with symbol does not exist')
    requireAuth(st.issuer)
    check(quantity.isValid(), 'invalid quantity')
    check(quantity.amount > 0, 'must retire positive quantity')
    check(quantity.symbol == st.supply.symbol, 'symbol precision mismatch')
    this.subBalance(st.issuer, quantity)
    st.supply = Asset.sub(st.supply, quantity)
    statstable.update(st, SAME_PAYER)
  }

  /**
   * Move `quantity` from `from` to `to`; both are notified (`require_recipient`), which is how contracts such as
   * spaceos.prov and spaceos.brdg receive deposits. Auth: `from`.
   */
  @action('transfer')
  transfer(from: Name, to: Name, quantity: Asset, memo: string): void {
    check(from != to, 'cannot transfer to self')
    requireAuth(from)
    check(isAccount(to), 'to account does not exist')
    const sym = quantity.symbol
    check(sym.isValid(), 'invalid symbol name')
    const statstable = new TableStore<Stat>(this.receiver, new Name(sym.code()))
    const st = statstable.requireGet(sym.code(), 'token with symbol does not exist')
    check(quantity.isValid(), 'invalid quantity')
    check(quantity.amount > 0, 'must transfer positive quantity')
    check(quantity.symbol == st.supply.symbol, 'symbol precision mismatch')
    check(String.UTF8.byteLength(memo) <= MEMO_MAX_BYTES, 'memo has more than 256 bytes')
    requireRecipient(from)
    requireRecipient(to)
    const payer = hasAuth(to) ? to : from
    this.subBalance(from, quantity)
    this.addBalance(to, quantity, payer)
  }

  /**
   * Create a zero balance row for `owner` in `symbol`, paid by `ram_payer`. Auth: `ram_payer`.
   */
  @action('open')
  open(owner: Name, symbol: Symbol, ram_payer: Name): void {
    requireAuth(ram_payer)
    check(isAccount(owner), 'owner account does not exist')
    const statstable = new TableStore<Stat>(this.receiver, new Name(symbol.code()))
    const st = statstable.requireGet(symbol.code(), 'symbol does not exist')
    check(st.supply.symbol == symbol, 'symbol precision mismatch')
    const acnts = new TableStore<Account>(this.receiver, owner)
    if (!acnts.exists(symbol.code())) acnts.store(new Account(new Asset(0, symbol)), ram_payer)
  }

  /**
   * Delete `owner`'s zero balance row for `symbol`. Auth: `owner`.
   */
  @action('close')
  close(owner: Name, symbol: Symbol): void {
    requireAuth(owner)
    const acnts = new TableStore<Account>(this.receiver, owner)
    const account = acnts.requireGet(symbol.code(), 'balance row already deleted or never existed')
    check(account.balance.symbol == symbol, 'symbol precision mismatch')
    check(account.balance.amount == 0, 'cannot close because the balance is not zero')
    acnts.remove(account)
  }

  private subBalance(owner: Name, value: Asset): void {
    const acnts = new TableStore<Account>(this.receiver, owner)
    const account = acnts.requireGet(value.symbol.code(), 'no balance object found')
    check(account.balance.amount >= value.amount, 'overdrawn balance')
    account.balance = Asset.sub(account.balance, value)
    acnts.update(account, SAME_PAYER)
  }

  private addBalance(owner: Name, value: Asset, ramPayer: Name): void {
    const acnts = new TableStore<Account>(this.receiver, owner)
    const to = acnts.get(value.symbol.code())
    if (!to) {
      acnts.store(new Account(value), ramPayer)
    } else {
      to.balance = Asset.add(to.balance, value)
      acnts.update(to, SAME_PAYER)
    }
  }
}
