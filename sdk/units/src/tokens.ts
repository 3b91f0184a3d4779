import {
  LEGACY_STABLE_EVM_DECIMALS,
  SPACE_EVM_DECIMALS,
  SPACE_NATIVE_DECIMALS,
  SPACE_SYMBOL,
  STABLE_NATIVE_DECIMALS,
  USD_EVM_DECIMALS,
} from '@spaceos/generated/parameters'
import { UnknownTokenError } from './errors.ts'

/** A token that exists on both sides of the native ↔ EVM bridge (white paper §8.1, §8.2). */
export type BridgeToken = {
  /** Symbol on the native (Antelope) chain, e.g. `USD`. */
  readonly nativeSymbol: string
  /** Symbol of the ERC-20 (or gas token) on the EVM, e.g. `USD.s`. */
  readonly evmSymbol: string
  /** Decimals on the native chain (4 for every token, §6.1/§8.1). */
  readonly nativeDecimals: number
  /** Decimals on the EVM: 18 for SPACE, USD.s, EUR.s, GBP.s; 6 for USDT.s and USDC.s. */
  readonly evmDecimals: number
}

const stable18 = (symbol: string): BridgeToken => ({
  nativeSymbol: symbol,
  evmSymbol: `${symbol}.s`,
  nativeDecimals: STABLE_NATIVE_DECIMALS,
  evmDecimals: USD_EVM_DECIMALS,
})
const stable6 = (symbol: string): BridgeToken => ({
  nativeSymbol: symbol,
  evmSymbol: `${symbol}.s`,
  nativeDecimals: STABLE_NATIVE_DECIMALS,
  evmDecimals: LEGACY_STABLE_EVM_DECIMALS,
})

/**
 * Every token the bridge converts, keyed by native symbol. Decimals come from `@spaceos/generated/parameters`.
 *
 * @example
 * ```ts
 * import { tokens } from '@spaceos/units'
 * tokens.USDT.evmDecimals // 6
 * ```
 */
export const tokens = {
  SPACE: {
    nativeSymbol: SPACE_SYMBOL,
    evmSymbol: SPACE_SYMBOL,
    nativeDecimals: SPACE_NATIVE_DECIMALS,
    evmDecimals: SPACE_EVM_DECIMALS,
  },
  USD: stable18('USD'),
  EUR: stable18('EUR'),
  GBP: stable18('GBP'),
  USDT: stable6('USDT'),
  USDC: stable6('USDC'),
} as const satisfies Record<string, BridgeToken>

/** Native symbol of a known bridge token. */
export type TokenName = keyof typeof tokens

/** A known token name (`'SPACE'`, `'USD'`, `'USD.s'` …) or a token description. */
export type TokenLike = TokenName | BridgeToken | (string & {})

/**
 * Resolves a token by native symbol (`USD`), EVM symbol (`USD.s`) or passes a description through.
 *
 * @example
 * ```ts
 * import { getToken } from '@spaceos/units'
 * getToken('USDC.s').nativeSymbol // 'USDC'
 * ```
 */
export function getToken(token: TokenLike): BridgeToken {
  if (typeof token !== 'string') return token
  for (const candidate of Object.values(tokens) as BridgeToken[]) {
    if (candidate.nativeSymbol === token || candidate.evmSymbol === token) return candidate
  }
  throw new UnknownTokenError({ token, known: Object.keys(tokens) })
}

/**
 * The factor between a token's EVM units and native units: `10^(evmDecimals − nativeDecimals)`
 * (10^14 for SPACE/USD.s, 10^2 for USDT.s/USDC.s).
 *
 * @example
 * ```ts
 * import { getScale } from '@spaceos/units'
 * getScale('SPACE') // 100000000000000n
 * ```
 */
export function getScale(token: TokenLike): bigint {
  const { evmDecimals, nativeDecimals } = getToken(token)
  if (evmDecimals < nativeDecimals) throw new RangeError('EVM decimals must not be below native decimals')
  return 10n ** BigInt(evmDecimals - nativeDecimals)
}
