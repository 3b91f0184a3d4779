import type { Account, Blockchain } from '@proton/vert'
import { SPACE_INITIAL_ISSUE, SPACE_MAX_SUPPLY } from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { genesisToken, space } from './fixtures.ts'
import { balance, createChain, expectFailure, send, stat } from './vert.ts'

let bc: Blockchain
let token: Account

beforeEach(async () => {
  bc = createChain()
  bc.createAccounts('alice', 'bob')
  token = await genesisToken(bc)
})

describe('eosio.token genesis', () => {
  it('creates SPACE with 4 decimals and a 1,000,000,000.0000 cap and issues 100,000,000.0000 to eosio', () => {
    expect(stat(token)).toEqual({
      supply: space(SPACE_INITIAL_ISSUE),
      max_supply: space(SPACE_MAX_SUPPLY),
      issuer: 'eosio',
    })
    expect(balance(token, 'eosio')).toBe('100000000.0000 SPACE')
  })
})

describe('eosio.token transfer', () => {
  it('moves tokens and creates the recipient row', async () => {
    await send(token, 'transfer', { from: 'eosio', to: 'alice', quantity: '10.0000 SPACE', memo: 'hi' }, 'eosio')
    expect(balance(token, 'alice')).toBe('10.0000 SPACE')
    expect(balance(token, 'eosio')).toBe('99999990.0000 SPACE')
  })

  it('rejects a transfer without the sender authority and changes no table', async () => {
    await expectFailure(
      bc,
      send(token, 'transfer', { from: 'eosio', to: 'alice', quantity: '1.0000 SPACE', memo: '' }, 'alice'),
      'missing required authority eosio',
    )
  })
})
