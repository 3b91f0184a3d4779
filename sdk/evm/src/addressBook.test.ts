import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AddressBookInvalidError, parseAddressBook } from './index.ts'
import { loadAddressBook, saveAddressBook } from './node.ts'

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`
const valid = {
  version: 1,
  chainId: 800000,
  deployer: a(1),
  startBlock: 0,
  contracts: Object.fromEntries(
    [
      'FiatStablecoinFactory',
      'BridgeTokenFactory',
      'NativeBridge',
      'InferenceSettlement',
      'SpaceStaking',
      'SpaceFaucet',
      'SpaceProviderBond',
      'SpaceIdentityRegistry',
      'SpaceVault',
      'SpaceInsurance',
      'SpaceRWAFactory',
    ].map((name, i) => [name, a(100 + i)]),
  ),
  tokens: { 'USD.s': a(200), 'EUR.s': a(201), 'GBP.s': a(202), 'USDT.s': a(203), 'USDC.s': a(204) },
  roles: Object.fromEntries(
    [
      'admin',
      'bridgeAuthority',
      'treasurySigner',
      'reconciler',
      'reviewer',
      'settler',
      'treasury',
      'oraclePool',
      'verifier',
      'feeRecipient',
    ].map((role) => [role, a(1)]),
  ),
}

describe('address book', () => {
  const folder = mkdtemp(join(tmpdir(), 'spaceos-book-'))
  afterAll(async () => rm(await folder, { recursive: true, force: true }))

  it('saves and loads the same validated book', async () => {
    const path = join(await folder, 'local.json')
    await saveAddressBook(path, parseAddressBook(valid))
    expect(await loadAddressBook(path)).toEqual(parseAddressBook(valid))
    expect((await readFile(path, 'utf8')).endsWith('}\n')).toBe(true)
  })

  it.each([
    ['a malformed address', { ...valid, deployer: '0x1234' }],
    ['a missing contract', { ...valid, contracts: { ...valid.contracts, SpaceVault: undefined } }],
    ['an unknown key', { ...valid, extra: true }],
    ['another version', { ...valid, version: 2 }],
  ])('rejects %s with a typed error', (_, book) => {
    expect(() => parseAddressBook(book)).toThrow(AddressBookInvalidError)
  })

  it('rejects a file that is not JSON', async () => {
    const path = join(await folder, 'broken.json')
    await writeFile(path, '{ not json')
    await expect(loadAddressBook(path)).rejects.toBeInstanceOf(AddressBookInvalidError)
  })
})
