import type { Account, Blockchain } from '@proton/vert'
import { ACCOUNT_TOKEN, SPACE_INITIAL_ISSUE, SPACE_MAX_SUPPLY } from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { genesisToken, space } from './fixtures.ts'
import { balance, createChain, expectFailure, rows, send, stat } from './vert.ts'

let bc: Blockchain
let token: Account

beforeEach(async () => {
  bc = createChain()
  bc.createAccounts('alice', 'bob')
  token = await genesisToken(bc)
})

const transfer = (from: string, to: string, quantity: string, memo = '', auth = from) =>
  send(token, 'transfer', { from, to, quantity, memo }, auth)

describe('eosio.token genesis', () => {
  it('creates SPACE with 4 decimals and a 1,000,000,000.0000 cap and issues 100,000,000.0000 to eosio', () => {
    expect(stat(token)).toEqual({
      supply: space(SPACE_INITIAL_ISSUE),
      max_supply: space(SPACE_MAX_SUPPLY),
      issuer: 'eosio',
    })
    expect(space(SPACE_MAX_SUPPLY)).toBe('1000000000.0000 SPACE')
    expect(balance(token, 'eosio')).toBe('100000000.0000 SPACE')
  })
})

describe('eosio.token create', () => {
  const create = (issuer: string, maximum_supply: string, auth: string = ACCOUNT_TOKEN) =>
    send(token, 'create', { issuer, maximum_supply }, auth)

  it('creates a token with its issuer', async () => {
    await create('alice', '1000.00 TKN')
    expect(stat(token, 'TKN')).toEqual({ supply: '0.00 TKN', max_supply: '1000.00 TKN', issuer: 'alice' })
  })

  it('rejects a duplicate symbol, a non-positive or overflowing supply, a missing issuer and a foreign signer', async () => {
    await expectFailure(bc, create('alice', '1.0000 SPACE'), 'token with symbol already exists')
    await expectFailure(bc, create('alice', '0.0000 TKN'), 'max-supply must be positive')
    await expectFailure(bc, create('alice', '-1.0000 TKN'), 'max-supply must be positive')
    // amounts beyond 2^62 − 1 are rejected while the action data is decoded (proton-tsc's asset check)
    await expectFailure(bc, create('alice', '4611686018427387904 TKN'), 'invalid asset')
    await expectFailure(bc, create('nobody', '1.0000 TKN'), 'issuer account does not exist')
    await expectFailure(bc, create('alice', '1.0000 TKN', 'alice'), `missing required authority ${ACCOUNT_TOKEN}`)
  })
})

describe('eosio.token issue and retire', () => {
  const issue = (to: string, quantity: string, memo = '', auth = 'eosio') =>
    send(token, 'issue', { to, quantity, memo }, auth)
  const retire = (quantity: string, memo = '', auth = 'eosio') => send(token, 'retire', { quantity, memo }, auth)

  it('issues to the issuer and retires from it', async () => {
    await issue('eosio', space(5))
    expect(stat(token)?.supply).toBe(space(SPACE_INITIAL_ISSUE + 5))
    await retire(space(7))
    expect(stat(token)?.supply).toBe(space(SPACE_INITIAL_ISSUE - 2))
    expect(balance(token, 'eosio')).toBe(space(SPACE_INITIAL_ISSUE - 2))
  })

  it('never issues past the maximum supply', async () => {
    await issue('eosio', space(SPACE_MAX_SUPPLY - SPACE_INITIAL_ISSUE))
    await expectFailure(bc, issue('eosio', space(1)), 'quantity exceeds available supply')
  })

  it('rejects bad issues with a clear message', async () => {
    await expectFailure(bc, issue('alice', space(1)), 'tokens can only be issued to issuer account')
    await expectFailure(bc, issue('eosio', space(1), '', 'alice'), 'missing required authority eosio')
    await expectFailure(
      bc,
      issue('eosio', '1.0000 NOPE'),
      'token with symbol does not exist, create token before issue',
    )
    await expectFailure(bc, issue('eosio', space(0)), 'must issue positive quantity')
    await expectFailure(bc, issue('eosio', space(-1)), 'must issue positive quantity')
    await expectFailure(bc, issue('eosio', '1.000 SPACE'), 'symbol precision mismatch')
    await expectFailure(bc, issue('eosio', space(1), 'x'.repeat(257)), 'memo has more than 256 bytes')
    await expectFailure(bc, issue('eosio', space(1), 'é'.repeat(129)), 'memo has more than 256 bytes')
  })

  it('rejects bad retires with a clear message', async () => {
    await expectFailure(bc, retire(space(1), '', 'alice'), 'missing required authority eosio')
    await expectFailure(bc, retire('1.0000 NOPE'), 'token with symbol does not exist')
    await expectFailure(bc, retire(space(0)), 'must retire positive quantity')
    await expectFailure(bc, retire('1.00 SPACE'), 'symbol precision mismatch')
    await expectFailure(bc, retire(space(SPACE_INITIAL_ISSUE + 1)), 'overdrawn balance')
    await expectFailure(bc, retire(space(1), 'x'.repeat(257)), 'memo has more than 256 bytes')
  })
})

describe('eosio.token transfer', () => {
  it('moves tokens, creates the recipient row and accepts a 256-byte memo', async () => {
    await transfer('eosio', 'alice', '10.0000 SPACE', 'm'.repeat(256))
    expect(balance(token, 'alice')).toBe('10.0000 SPACE')
    expect(balance(token, 'eosio')).toBe('99999990.0000 SPACE')
    await transfer('alice', 'bob', '2.5000 SPACE')
    expect(balance(token, 'alice')).toBe('7.5000 SPACE')
    expect(balance(token, 'bob')).toBe('2.5000 SPACE')
  })

  it('rejects every malformed transfer and changes no table', async () => {
    await transfer('eosio', 'alice', space(10))
    await expectFailure(bc, transfer('alice', 'bob', space(1), '', 'bob'), 'missing required authority alice')
    await expectFailure(bc, transfer('alice', 'alice', space(1)), 'cannot transfer to self')
    await expectFailure(bc, transfer('alice', 'nobody', space(1)), 'to account does not exist')
    await expectFailure(bc, transfer('alice', 'bob', '1.0000 NOPE'), 'token with symbol does not exist')
    await expectFailure(bc, transfer('alice', 'bob', space(0)), 'must transfer positive quantity')
    await expectFailure(bc, transfer('alice', 'bob', space(-1)), 'must transfer positive quantity')
    await expectFailure(bc, transfer('alice', 'bob', '1.00 SPACE'), 'symbol precision mismatch')
    await expectFailure(bc, transfer('alice', 'bob', space(11)), 'overdrawn balance')
    await expectFailure(bc, transfer('bob', 'alice', space(1)), 'no balance object found')
    await expectFailure(bc, transfer('alice', 'bob', space(1), 'x'.repeat(257)), 'memo has more than 256 bytes')
  })
})

describe('eosio.token open and close', () => {
  it('opens a zero balance row and closes it again', async () => {
    await send(token, 'open', { owner: 'alice', symbol: '4,SPACE', ram_payer: 'bob' }, 'bob')
    expect(balance(token, 'alice')).toBe(space(0))
    await send(token, 'open', { owner: 'alice', symbol: '4,SPACE', ram_payer: 'bob' }, 'bob')
    await send(token, 'close', { owner: 'alice', symbol: '4,SPACE' }, 'alice')
    expect(rows(token, 'accounts', 'alice')).toEqual([])
  })

  it('rejects bad opens and closes', async () => {
    const open = (owner: string, symbol: string, auth = 'bob') =>
      send(token, 'open', { owner, symbol, ram_payer: 'bob' }, auth)
    await expectFailure(bc, open('alice', '4,SPACE', 'alice'), 'missing required authority bob')
    await expectFailure(bc, open('nobody', '4,SPACE'), 'owner account does not exist')
    await expectFailure(bc, open('alice', '4,NOPE'), 'symbol does not exist')
    await expectFailure(bc, open('alice', '2,SPACE'), 'symbol precision mismatch')
    const close = (owner: string, symbol: string, auth = owner) => send(token, 'close', { owner, symbol }, auth)
    await expectFailure(bc, close('alice', '4,SPACE'), 'balance row already deleted or never existed')
    await transfer('eosio', 'alice', space(1))
    await expectFailure(bc, close('alice', '4,SPACE', 'bob'), 'missing required authority alice')
    await expectFailure(bc, close('alice', '2,SPACE'), 'symbol precision mismatch')
    await expectFailure(bc, close('alice', '4,SPACE'), 'cannot close because the balance is not zero')
  })
})
