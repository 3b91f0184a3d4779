import type { Account, Blockchain } from '@proton/vert'
import { ACCOUNT_BRIDGE, ACCOUNT_TOKEN } from '@spaceos/generated/parameters'
import { beforeEach, describe, expect, it } from 'vitest'
import { genesisToken, space } from './fixtures.ts'
import { createChain, deploy, expectFailure, rows, send } from './vert.ts'

let bc: Blockchain
let token: Account
let brdg: Account

beforeEach(async () => {
  bc = createChain()
  bc.createAccounts('alice', 'relayer')
  token = await genesisToken(bc)
  await send(token, 'transfer', { from: 'eosio', to: 'alice', quantity: space(1_000_000), memo: '' }, 'eosio')
  brdg = deploy(bc, ACCOUNT_BRIDGE)
  await send(
    brdg,
    'settoken',
    { symbol: '4,SPACE', contract: ACCOUNT_TOKEN, evm_decimals: 18, evm_token: 'native', enabled: true },
    ACCOUNT_BRIDGE,
  )
  await send(
    token,
    'transfer',
    { from: 'alice', to: ACCOUNT_BRIDGE, quantity: space(100_000), memo: `0x${'12'.repeat(20)}` },
    'alice',
  )
})

const release = (over: Record<string, unknown>, auth: string = ACCOUNT_BRIDGE) =>
  send(
    brdg,
    'release',
    {
      msg_id: '07'.repeat(32),
      to: 'alice',
      quantity: space(1),
      evm_amount: (10n ** 14n).toString(),
      memo: '',
      ...over,
    },
    auth,
  )

describe('spaceos.brdg remaining failure paths', () => {
  it('uses the contract account as authority until setauth names the relayer', async () => {
    await release({})
    expect(rows(brdg, 'releases')).toHaveLength(1)
    await send(brdg, 'setauth', { authority: 'relayer' }, ACCOUNT_BRIDGE)
    await expectFailure(bc, release({ msg_id: '08'.repeat(32) }), 'missing required authority relayer')
  })

  it('rejects a release to the bridge itself and an oversized memo', async () => {
    await expectFailure(bc, release({ to: ACCOUNT_BRIDGE }), 'brdg: cannot release to spaceos.brdg')
    await expectFailure(bc, release({ memo: 'm'.repeat(257) }), 'brdg: memo has more than 256 bytes')
  })

  it('rejects SPACE with a precision other than 4', async () => {
    await expectFailure(
      bc,
      send(
        brdg,
        'settoken',
        { symbol: '8,SPACE', contract: ACCOUNT_TOKEN, evm_decimals: 18, evm_token: 'native', enabled: true },
        ACCOUNT_BRIDGE,
      ),
      'brdg: SPACE must have 4 decimals',
    )
  })

  it('rejects an empty or oversized EVM transaction hash on mintdone', async () => {
    for (const evm_tx of ['', 'x'.repeat(129)]) {
      await expectFailure(
        bc,
        send(brdg, 'mintdone', { id: 1, evm_tx }, ACCOUNT_BRIDGE),
        'brdg: evm_tx must be 1 to 128 characters',
      )
    }
  })
})
