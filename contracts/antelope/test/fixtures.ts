/**
 * Shared set-ups for the VeRT tests: the SPACE token as at genesis (white paper §6.1, numbers from the generated
 * parameters) and asset formatting.
 */

import type { Account, Blockchain } from '@proton/vert'
import {
  ACCOUNT_TOKEN,
  SPACE_INITIAL_ISSUE,
  SPACE_MAX_SUPPLY,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
} from '@spaceos/generated/parameters'
import { deploy, send } from './vert.ts'

/** `"1.2345 SPACE"` from integer units (4 dp). */
export function space(units: number | bigint): string {
  return asset(units, SPACE_SYMBOL, SPACE_NATIVE_DECIMALS)
}

/** Format integer `units` of a `decimals`-precision token as an Antelope asset string. */
export function asset(units: number | bigint, symbol: string, decimals: number): string {
  const v = BigInt(units)
  const neg = v < 0n
  const abs = neg ? -v : v
  const s = abs.toString().padStart(decimals + 1, '0')
  const body = decimals > 0 ? `${s.slice(0, -decimals)}.${s.slice(-decimals)}` : s
  return `${neg ? '-' : ''}${body} ${symbol}`
}

/** Integer units of an asset string (`"1.2345 SPACE"` → 12345n). */
export function units(assetText: string): bigint {
  const [amount = ''] = assetText.split(' ')
  return BigInt(amount.replace('.', ''))
}

/** Deploy eosio.token, create SPACE (max 1,000,000,000.0000, issuer eosio) and issue 100,000,000.0000 to eosio. */
export async function genesisToken(bc: Blockchain): Promise<Account> {
  if (!bc.getAccount('eosio' as never)) bc.createAccount('eosio')
  const token = deploy(bc, ACCOUNT_TOKEN)
  await send(token, 'create', { issuer: 'eosio', maximum_supply: space(SPACE_MAX_SUPPLY) }, ACCOUNT_TOKEN)
  await send(token, 'issue', { to: 'eosio', quantity: space(SPACE_INITIAL_ISSUE), memo: 'genesis' }, 'eosio')
  return token
}
