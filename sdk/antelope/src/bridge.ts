import { BridgeMemoInvalidError } from './errors.ts'

const memoPattern = /^0x[0-9a-fA-F]{40}$/

/**
 * The memo that sends native tokens across the bridge to an EVM address (§8.1): `0x` + the 20-byte address, lower
 * case. SPACE goes to `eosio.evm`, stablecoins to `spaceos.brdg`, each with this memo.
 *
 * @example
 * import { bridgeMemo } from '@spaceos/antelope'
 * bridgeMemo('0x8Ba1f109551bD432803012645Ac136ddd64DBA72') // '0x8ba1f109551bd432803012645ac136ddd64dba72'
 */
export function bridgeMemo(evmAddress: string): string {
  const trimmed = evmAddress.trim()
  if (!memoPattern.test(trimmed)) throw new BridgeMemoInvalidError(evmAddress)
  return trimmed.toLowerCase()
}

/**
 * Reads the EVM address out of a bridge memo, or throws {@link BridgeMemoInvalidError}. Exactly the memos
 * {@link bridgeMemo} writes are accepted: no spaces, no missing `0x`, no short or long addresses.
 *
 * @example
 * import { parseBridgeMemo } from '@spaceos/antelope'
 * parseBridgeMemo('0x8ba1f109551bd432803012645ac136ddd64dba72')
 */
export function parseBridgeMemo(memo: string): `0x${string}` {
  if (!memoPattern.test(memo)) throw new BridgeMemoInvalidError(memo)
  return memo.toLowerCase() as `0x${string}`
}
