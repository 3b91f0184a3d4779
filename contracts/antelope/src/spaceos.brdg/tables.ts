import { Asset, Checksum256, EMPTY_NAME, Name, Symbol, Table, U128 } from 'proton-tsc'

/**
 * `config` singleton (scope: spaceos.brdg). `authority`: the only account that may `release` tokens (EVM → native) and
 * acknowledge mints (`mintdone`) — the bridge relayer. Absent → the contract account itself.
 */
@table('config', singleton)
export class BridgeConfig extends Table {
  constructor(
    public authority: Name = EMPTY_NAME,
    public next_deposit: u64 = 1,
    public next_release: u64 = 1,
  ) {
    super()
  }
}

/**
 * `tokens` (scope: spaceos.brdg) — bridged tokens. Primary key: symbol code. `evm_decimals` 18 (SPACE, USD, EUR, GBP)
 * or 6 (legacy USDT/USDC); `locked`: native tokens held by the bridge against the EVM supply.
 * `evm_token`: the ERC-20 address on the EVM (`.s` token), or `native` for SPACE (credited as the gas token).
 */
@table('tokens')
export class BridgedToken extends Table {
  constructor(
    public symbol: Symbol = new Symbol(),
    public contract: Name = EMPTY_NAME,
    public evm_decimals: u8 = 0,
    public evm_token: string = '',
    public enabled: bool = false,
    public locked: Asset = new Asset(),
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.symbol.code()
  }
}

/**
 * `deposits` (scope: spaceos.brdg) — native → EVM transfers waiting for (or done with) their EVM mint. Primary key: id
 * (the EVM `depositId` is this id). `evm_amount` = quantity × 10^(evm_decimals − 4), exact.
 */
@table('deposits')
export class Deposit extends Table {
  constructor(
    public id: u64 = 0,
    public from: Name = EMPTY_NAME,
    public evm_to: string = '',
    public quantity: Asset = new Asset(),
    public evm_amount: U128 = new U128(),
    public evm_decimals: u8 = 0,
    public created_at: u64 = 0,
    public minted: bool = false,
    public evm_tx: string = '',
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.id
  }
}

/**
 * `releases` (scope: spaceos.brdg) — EVM → native releases. Primary key: id. Secondary index 2 `bymsg` (first 8 bytes
 * of `msg_id`, big-endian) backs the replay check on the EVM message ID.
 */
@table('releases')
export class Release extends Table {
  constructor(
    public id: u64 = 0,
    public msg_id: Checksum256 = new Checksum256(),
    public to: Name = EMPTY_NAME,
    public quantity: Asset = new Asset(),
    public evm_amount: U128 = new U128(),
    public released_at: u64 = 0,
  ) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.id
  }

  @secondary
  get bymsg(): u64 {
    return msgKey(this.msg_id)
  }
  set bymsg(_value: u64) {}
}

/** The first 8 bytes of a message ID as a big-endian u64. */
export function msgKey(id: Checksum256): u64 {
  let k: u64 = 0
  for (let i = 0; i < 8; i++) k = (k << 8) | <u64>id.data[i]
  return k
}
