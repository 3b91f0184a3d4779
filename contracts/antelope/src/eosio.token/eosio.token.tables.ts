import { Asset, EMPTY_NAME, Name, Table } from 'proton-tsc'

/**
 * `accounts` (scope: owner) — one row per token symbol the owner holds. Primary key: the symbol code.
 */
@table('accounts')
export class Account extends Table {
  constructor(public balance: Asset = new Asset()) {
    super()
  }

  @primary
  get primary(): u64 {
    return this.balance.symbol.code()
  }
}

/**
 * `stat` (scope: symbol code) — the token's current supply, maximum supply and issuer. Primary key: the symbol code.
 */
@table('stat')
export class Stat extends Table {
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
