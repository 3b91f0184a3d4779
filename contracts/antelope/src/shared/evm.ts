import { keccak } from 'proton-tsc'

/** An ASCII hexadecimal digit (either case). */
export function isHex(c: i32): bool {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

/** `0x` followed by exactly 40 hexadecimal characters (any case). */
export function isEvmAddressShape(text: string): bool {
  let ok = text.length == 42 && text.startsWith('0x')
  for (let i = 2; ok && i < text.length; i++) ok = isHex(text.charCodeAt(i))
  return ok
}

/** The all-zero EVM address in lower case. */
export const ZERO_EVM_ADDRESS = '0x0000000000000000000000000000000000000000'

/**
 * EIP-55: an all-lower-case or all-upper-case address is accepted as is; a mixed-case one must carry the checksum
 * (letter i upper-case iff nibble i of keccak256(lower-case hex) ≥ 8). `hex40` is the address without `0x`.
 */
export function eip55Valid(hex40: string): bool {
  let lower = false
  let upper = false
  for (let i = 0; i < 40; i++) {
    const c = hex40.charCodeAt(i)
    if (c >= 97 && c <= 102) lower = true
    if (c >= 65 && c <= 70) upper = true
  }
  if (!(lower && upper)) return true
  const lc = hex40.toLowerCase()
  const ascii = new Array<u8>(40)
  for (let i = 0; i < 40; i++) ascii[i] = <u8>lc.charCodeAt(i)
  const hash = keccak(ascii).data
  for (let i = 0; i < 40; i++) {
    const c = hex40.charCodeAt(i)
    if (c < 65) continue
    const nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f
    const shouldBeUpper = nibble >= 8
    if (shouldBeUpper != (c >= 65 && c <= 70)) return false
  }
  return true
}
