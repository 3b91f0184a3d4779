import { createHash } from 'node:crypto'

const alphabet = 'abcdefghijklmnopqrstuvwxyz12345'

/**
 * The native Antelope account name of an account [NP-AUTH-101]: `sp` followed by 10 characters, character `i` being
 * `abcdefghijklmnopqrstuvwxyz12345`[`h[i]` mod 31] where `h` is the SHA-256 of the UTF-8 account ID.
 *
 * @example
 * import { nativeAccountName } from '@spaceos/identity-node'
 * nativeAccountName('0x00000000000000000000000000000000000000aa') // 'sp' + 10 characters of a–z, 1–5
 */
export function nativeAccountName(account: string): string {
  const hash = createHash('sha256').update(account, 'utf8').digest()
  let name = 'sp'
  for (let i = 0; i < 10; i++) name += alphabet[(hash[i] as number) % 31]
  return name
}
