/**
 * What other contracts need from eosio.token: read-only views of its tables, the `transfer`/`issue` action payloads
 * (also used to unpack transfer notifications) and inline senders.
 */
import {
  ActionData,
  Asset,
  EMPTY_NAME,
  InlineAction,
  Name,
  PermissionLevel,
  Symbol,
  Table,
  TableStore,
} from 'proton-tsc'
import {
  ACCOUNT_TOKEN,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
} from '../../../../generated/assemblyscript/parameters'

/** The eosio.token account. */
export function tokenContract(): Name {
  return Name.fromString(ACCOUNT_TOKEN)
}

/** SPACE, 4 decimals. */
export function spaceSymbol(): Symbol {
  return new Symbol(SPACE_SYMBOL, <u8>SPACE_NATIVE_DECIMALS)
}

/** `amount` units of SPACE. */
export function spaceAsset(amount: u64): Asset {
  return new Asset(<i64>amount, spaceSymbol())
}

/** View of eosio.token `stat` (scope: symbol code). */
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

/** View of eosio.token `accounts` (scope: owner). */
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

/** The `stat` row of `sym` (fails with `message` when the token does not exist). */
export function tokenStat(sym: Symbol, message: string): TokenStat {
  return new TableStore<TokenStat>(tokenContract(), new Name(sym.code())).requireGet(sym.code(), message)
}

/** Balance of `owner` in `sym` (0 when there is no row). */
export function tokenBalance(owner: Name, sym: Symbol): Asset {
  const row = new TableStore<TokenAccount>(tokenContract(), owner).get(sym.code())
  return row ? row.balance : new Asset(0, sym)
}

/** eosio.token::transfer payload (also the notification payload). */
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

/** eosio.token::issue payload. */
@packer
export class TokenIssue extends ActionData {
  constructor(
    public to: Name = EMPTY_NAME,
    public quantity: Asset = new Asset(),
    public memo: string = '',
  ) {
    super()
  }
}

/** Inline eosio.token::transfer authorised by `from@active`. */
export function sendTransfer(from: Name, to: Name, quantity: Asset, memo: string): void {
  const a = new InlineAction<TokenTransfer>('transfer').act(tokenContract(), new PermissionLevel(from))
  a.send(new TokenTransfer(from, to, quantity, memo))
}

/** Inline eosio.token::issue to the issuer, authorised by `issuer@active`. */
export function sendIssue(issuer: Name, quantity: Asset, memo: string): void {
  const a = new InlineAction<TokenIssue>('issue').act(tokenContract(), new PermissionLevel(issuer))
  a.send(new TokenIssue(issuer, quantity, memo))
}
