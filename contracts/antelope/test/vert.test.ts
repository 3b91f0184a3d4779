import { describe, expect, it } from 'vitest'
import { genesisToken, space } from './fixtures.ts'
import { createChain, expectFailure, send, setRow } from './vert.ts'

describe('expectFailure (the VeRT assertion every contract test relies on)', () => {
  it('fails when the action succeeds', async () => {
    const bc = createChain()
    bc.createAccounts('alice')
    const token = await genesisToken(bc)
    const ok = send(token, 'transfer', { from: 'eosio', to: 'alice', quantity: space(1), memo: '' }, 'eosio')
    await expect(expectFailure(bc, ok, 'overdrawn balance')).rejects.toThrow(
      'expected failure "overdrawn balance", but the action succeeded',
    )
  })

  it('fails when the check message differs', async () => {
    const bc = createChain()
    bc.createAccounts('alice')
    const token = await genesisToken(bc)
    const bad = send(token, 'transfer', { from: 'alice', to: 'eosio', quantity: space(1), memo: '' }, 'alice')
    await expect(expectFailure(bc, bad, 'overdrawn balance')).rejects.toThrow(
      'expected failure "eosio_assert: overdrawn balance", got "eosio_assert: no balance object found"',
    )
  })

  it('fails when a table changed although the action failed', async () => {
    const bc = createChain()
    const token = await genesisToken(bc)
    const sneaky = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 0)) // after expectFailure took its snapshot
      setRow(token, 'accounts', { balance: space(5) }, 0x5ce000n, 1n)
      throw new Error('eosio_assert: overdrawn balance')
    })()
    await expect(expectFailure(bc, sneaky, 'overdrawn balance')).rejects.toThrow('changed the table store')
  })
})
