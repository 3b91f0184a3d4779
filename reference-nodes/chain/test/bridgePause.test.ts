import { bridgeSpaceToNative } from '@spaceos/evm'
import { ACCOUNT_DAO, ACCOUNT_EVM } from '@spaceos/generated/parameters'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAntelopeClient } from '../src/index.ts'
import { type BridgeDevnet, startBridgeDevnet } from './bridgeHelpers.ts'

let t: BridgeDevnet
const SPACE = 10n ** 18n

beforeAll(async () => {
  t = await startBridgeDevnet()
})
afterAll(async () => {
  await t?.stop()
})

const travel = async (seconds: number) => {
  const res = await fetch(`${t.devnet.antelope.url}/v1/devnet/time`, {
    method: 'POST',
    body: JSON.stringify({ seconds }),
  })
  expect(res.status).toBe(200)
}

describe('a DAO emergency pause holds releases back; they go through, once, after the unpause', () => {
  it('neither refunds nor loses a withdrawal made while the network is paused [NP-BRDG-003] [NP-BRDG-023]', async () => {
    const dao = createAntelopeClient(t.devnet.antelope.url, { eosio: t.devnet.keys[0]?.privateKey as string })
    const lastProposal = async () => {
      const rows = await dao.rows<{ id: number }>(ACCOUNT_DAO, 'proposals')
      return Number(rows.at(-1)?.id)
    }
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '5.0000 SPACE')
    await t.relay()

    // eosio (holding most of the supply) pauses the network by an emergency vote
    await dao.push([
      { account: ACCOUNT_DAO, name: 'proppause', actor: 'eosio', data: { proposer: 'eosio', title: 'halt' } },
    ])
    const pause = await lastProposal()
    await dao.push([
      { account: ACCOUNT_DAO, name: 'vote', actor: 'eosio', data: { voter: 'eosio', proposal: pause, choice: 1 } },
    ])
    await dao.push([{ account: ACCOUNT_DAO, name: 'tally', actor: 'eosio', data: { proposal: pause } }])

    const alice = await t.space('alice')
    const { receipt } = await bridgeSpaceToNative(user.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: 2n * SPACE,
      nativeAccount: 'alice',
    })
    await expect(t.relay()).rejects.toThrow(/paused/)
    expect(await t.space('alice')).toBe(alice)
    // not refunded: the SPACE waits at the bridge address, still backed natively
    expect(await t.evm.getBalance({ address: user.address })).toBe(
      3n * SPACE - receipt.gasUsed * receipt.effectiveGasPrice,
    )
    expect(await t.relayer().checkSupply()).toMatchObject({ ok: true, inFlight: String(2n * SPACE) })
    await t.restartRelayer() // a restart while paused changes nothing either
    await expect(t.relay()).rejects.toThrow(/paused/)

    // the DAO lifts the pause with a DAO_PAUSED = 0 parameter proposal and its timelock
    await dao.push([
      {
        account: ACCOUNT_DAO,
        name: 'propparam',
        actor: 'eosio',
        data: { proposer: 'eosio', title: 'resume', key: 'DAO_PAUSED', value: 0 },
      },
    ])
    const resume = await lastProposal()
    await dao.push([
      { account: ACCOUNT_DAO, name: 'vote', actor: 'eosio', data: { voter: 'eosio', proposal: resume, choice: 1 } },
    ])
    await travel(60 * 86400)
    await dao.push([{ account: ACCOUNT_DAO, name: 'tally', actor: 'eosio', data: { proposal: resume } }])
    await travel(60 * 86400)
    await dao.push([{ account: ACCOUNT_DAO, name: 'execute', actor: 'eosio', data: { proposal: resume } }])

    await t.relay()
    await t.relay()
    expect(await t.space('alice')).toBe(alice + 20_000n)
    expect(await t.evm.getBalance({ address: user.address })).toBe(
      3n * SPACE - receipt.gasUsed * receipt.effectiveGasPrice,
    )
    expect(await t.relayer().checkSupply()).toMatchObject({ ok: true, inFlight: '0' })
    expect((await t.native.rows(ACCOUNT_EVM, 'releases')).length).toBeGreaterThan(0)
  })
})
