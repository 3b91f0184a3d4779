import { getAddress, isAddress } from 'viem'
import { FieldInvalidError } from './errors.ts'

/**
 * Parses an account address: all-lowercase or valid EIP-55 mixed case [NP-AUTH-001]; returns the lowercase account ID
 * [NP-AUTH-002] and the checksum form for the login message.
 *
 * @example
 * import { parseAccountAddress } from '@spaceos/identity-node'
 * parseAccountAddress('0x' + 'ab'.repeat(20)).account // '0xabab…'
 */
export function parseAccountAddress(input: unknown, field = 'address'): { account: string; checksum: string } {
  if (typeof input !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(input)) {
    throw new FieldInvalidError(field, `${field} must be 0x followed by 40 hex characters.`, 'NP-AUTH-001')
  }
  const lower = input.toLowerCase()
  if (input !== lower && !isAddress(input, { strict: true })) {
    throw new FieldInvalidError(field, `${field} has mixed case with a bad EIP-55 checksum.`, 'NP-AUTH-001')
  }
  return { account: lower, checksum: getAddress(lower) }
}
