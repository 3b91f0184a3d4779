import { gunzipSync } from 'node:zlib'
import { type AddressBook, abis } from '@spaceos/evm'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_EVM,
  BRIDGE_SCALE_SPACE,
  SPACE_SYMBOL,
  STABLE_NATIVE_DECIMALS,
} from '@spaceos/generated/parameters'
import { type Address, createPublicClient, http } from 'viem'
import { ChainNodeError } from '../errors.ts'
import type { AntelopeClient } from './antelopeClient.ts'

/** The result of {@link checkSupply}; amounts are decimal strings (wei on the EVM, native units natively). */
export type SupplyReport = {
  /** True when `evmTotal − releasedWei == lockedWei` [NP-BRDG-002] and every stablecoin balances too. */
  ok: boolean
  /** Every EVM account's balance summed (anvil's full state: fee recipient, reserved addresses included). */
  evmTotal: string
  /** Number of EVM accounts in the state. */
  evmAccounts: number
  /** Balance of NativeBridge's reserved bridge address: SPACE withdrawn from the EVM (released or in flight). */
  bridgeAddressBalance: string
  /** SPACE released natively by `eosio.evm` (native units, from its `releases` table). */
  released: string
  /** SPACE held natively by `eosio.evm` (native units): what backs the EVM. */
  locked: string
  /** `eosio.evm`'s own bookkeeping of the same (its `tokens` row): must equal `locked`. */
  lockedBook: string
  /** EVM SPACE outside the bridge address (wei). */
  circulating: string
  /** Withdrawn on the EVM, not yet released natively (wei). */
  inFlight: string
  /** `evmTotal − (locked + released) × 10^14` (wei): 0 when the books balance. */
  difference: string
  /**
   * Per bridged stablecoin: the `.s` supply BridgeTokenFactory accounts for (minted − burned) against the native
   * tokens `spaceos.brdg` holds, scaled to the token's decimals; `ok` when equal.
   */
  tokens: { symbol: string; evmSupply: string; locked: string; ok: boolean }[]
}

/**
 * Proves the supply integrity of the devnet bridge [NP-BRDG-002]: SPACE on the EVM exists only against SPACE locked
 * natively. Released SPACE stays at the reserved bridge address on the EVM (the devnet's burn: on the real chain
 * `eosio.evm` debits it), so the identity checked is
 *   Σ balances(EVM) = (locked(eosio.evm) + released(eosio.evm)) × BRIDGE_SCALE_SPACE,
 * i.e. circulating + in flight = locked × 10^14. Balances come from `anvil_dumpState` (every account that exists,
 * the zero-address fee recipient included, since base fee 0 sends every gas payment there).
 *
 * @example
 * const report = await checkSupply({ anvilUrl, native, addressBook: book })
 * if (!report.ok) throw new Error(`unbacked SPACE: ${report.difference} wei`)
 */
export async function checkSupply(options: {
  anvilUrl: string
  native: AntelopeClient
  addressBook: AddressBook
}): Promise<SupplyReport> {
  const res = await fetch(options.anvilUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'anvil_dumpState', params: [] }),
  })
  const body = (await res.json()) as { result?: string; error?: { message: string } }
  if (!body.result)
    throw new ChainNodeError('UNAVAILABLE', `anvil_dumpState failed: ${body.error?.message ?? 'no result'}`)
  const state = JSON.parse(gunzipSync(Buffer.from(body.result.slice(2), 'hex')).toString('utf8')) as {
    accounts: Record<string, { balance: string }>
  }
  let evmTotal = 0n
  for (const a of Object.values(state.accounts)) evmTotal += BigInt(a.balance)
  const evm = createPublicClient({ transport: http(options.anvilUrl), cacheTime: 0 })
  const bridgeAddress = (await evm.readContract({
    address: options.addressBook.contracts.NativeBridge,
    abi: abis.NativeBridge,
    functionName: 'bridgeAddress',
  })) as Address
  const bridgeAddressBalance = BigInt(state.accounts[bridgeAddress.toLowerCase()]?.balance ?? 0)
  const locked = await options.native.balance(ACCOUNT_EVM, SPACE_SYMBOL)
  const tokenRow = (await options.native.rows<{ locked: string }>(ACCOUNT_EVM, 'tokens')).find((t) =>
    t.locked.endsWith(` ${SPACE_SYMBOL}`),
  )
  const lockedBook = tokenRow ? BigInt(tokenRow.locked.split(' ')[0]?.replace('.', '') ?? 0) : 0n
  let released = 0n
  for (const r of await options.native.rows<{ quantity: string }>(ACCOUNT_EVM, 'releases')) {
    if (r.quantity.endsWith(` ${SPACE_SYMBOL}`)) released += BigInt(r.quantity.split(' ')[0]?.replace('.', '') ?? 0)
  }
  const difference = evmTotal - (locked + released) * BRIDGE_SCALE_SPACE
  const tokens: SupplyReport['tokens'] = []
  for (const [name, token] of Object.entries(options.addressBook.tokens)) {
    const symbol = name.replace(/\.s$/, '')
    const [evmSupply, decimals] = await Promise.all([
      evm.readContract({
        address: options.addressBook.contracts.BridgeTokenFactory,
        abi: abis.BridgeTokenFactory,
        functionName: 'bridgedSupply',
        args: [token],
      }),
      evm.readContract({ address: token, abi: abis.SpaceStablecoin, functionName: 'decimals' }),
    ])
    const held = await options.native.balance(ACCOUNT_BRIDGE, symbol)
    const scale = 10n ** BigInt(Number(decimals) - STABLE_NATIVE_DECIMALS)
    tokens.push({ symbol, evmSupply: String(evmSupply), locked: String(held), ok: evmSupply === held * scale })
  }
  return {
    ok: difference === 0n && locked === lockedBook && tokens.every((t) => t.ok),
    evmTotal: String(evmTotal),
    evmAccounts: Object.keys(state.accounts).length,
    bridgeAddressBalance: String(bridgeAddressBalance),
    released: String(released),
    locked: String(locked),
    lockedBook: String(lockedBook),
    circulating: String(evmTotal - bridgeAddressBalance),
    inFlight: String(bridgeAddressBalance - released * BRIDGE_SCALE_SPACE),
    difference: String(difference),
    tokens,
  }
}
