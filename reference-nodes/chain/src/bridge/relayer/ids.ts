import { concat, type Hex, keccak256, pad, toBytes, toHex } from 'viem'

function nameToU64(name: string): bigint {
  const charmap = '.12345abcdefghijklmnopqrstuvwxyz'
  let value = 0n
  for (let i = 0; i < 13; i++) {
    const c = i < name.length ? BigInt(Math.max(charmap.indexOf(name[i] as string), 0)) : 0n
    value |= i < 12 ? (c & 0x1fn) << BigInt(64 - 5 * (i + 1)) : c & 0x0fn
  }
  return value
}

/**
 * The EVM deposit id of native deposit `id` on `contract`: name(contract) as u64 ‖ 16 zero bytes ‖ id as u64.
 *
 * @example
 * depositIdOf('eosio.evm', 3) // '0x5530ea015b900000000000000000000000000000000000000000000000000003'
 */
export function depositIdOf(contract: string, id: bigint | number): Hex {
  const name = nameToU64(contract)
  return `0x${name.toString(16).padStart(16, '0')}${'0'.repeat(32)}${BigInt(id).toString(16).padStart(16, '0')}`
}

/** The EVM verdict id of `spaceos.prov` verdict `id`: the id as a 32-byte big-endian number. */
export const verdictIdOf = (id: bigint | number): Hex => pad(toHex(BigInt(id)), { size: 32 })

/** The SpaceProviderBond device id of native device account `device`: keccak256 of its UTF-8 name. */
export const deviceIdOf = (device: string): Hex => keccak256(toBytes(device))

/** The deposit id used to mint back bridged tokens whose release failed (NP-BRDG-025). */
export const refundIdOf = (messageId: Hex): Hex => keccak256(concat([messageId, toHex('refund')]))
