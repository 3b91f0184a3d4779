import { abis, bridgeSpaceToNative, bridgeToNative, createSpaceosWalletClient, spaceosLocal } from '@spaceos/evm'
import { ACCOUNT_EVM, ACCOUNT_TOKEN, BRIDGE_SCALE_SPACE } from '@spaceos/generated/parameters'
import { http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
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

const supply = async () => {
  const res = await fetch(`${t.bridge.url}/v1/bridge/supply`)
  return { status: res.status, report: (await res.json()) as Record<string, string | boolean | number> }
}

describe('supply integrity [NP-BRDG-002]', () => {
  it('holds after bridging in and out, gas spent and a refund', async () => {
    const a = t.newEvmAccount()
    const b = t.newEvmAccount()
    await t.toEvm(a.address, '50.0000 SPACE')
    await t.toEvm(b.address, '0.0001 SPACE')
    await t.relay()
    // gas: a pays b, a withdraws, a withdraws to a missing account (refunded), a never-relayed withdrawal is in flight
    await a.wallet.sendTransaction({ to: b.address, value: 3n * SPACE })
    await bridgeSpaceToNative(a.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: 7n * SPACE,
      nativeAccount: 'bob',
    })
    await bridgeSpaceToNative(a.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: SPACE,
      nativeAccount: 'nobody12345',
    })
    await t.relay()
    await bridgeSpaceToNative(a.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: 2n * SPACE,
      nativeAccount: 'bob',
    })
    const inFlight = await t.relayer().checkSupply() // not relayed yet: the withdrawal is in flight, still locked natively
    expect(inFlight).toMatchObject({ ok: true, difference: '0', inFlight: String(2n * SPACE) })
    const { status, report } = await supply() // the endpoint drains the relayer first
    expect(status).toBe(200)
    expect(report).toMatchObject({ ok: true, difference: '0', inFlight: '0' })
    expect(BigInt(report.evmTotal as string)).toBe(
      (BigInt(report.locked as string) + BigInt(report.released as string)) * BRIDGE_SCALE_SPACE,
    )
    expect(report.locked).toBe(String(await t.space(ACCOUNT_EVM)))
    // gas went to the fee recipient (base fee 0): counted, not burned
    expect(BigInt(report.circulating as string)).toBe(BigInt(report.locked as string) * BRIDGE_SCALE_SPACE)
  })

  it('holds for every .s stablecoin: minted − burned equals the native tokens spaceos.brdg holds', async () => {
    const a = t.newEvmAccount()
    await t.toEvm(a.address, '1.0000 SPACE')
    await t.issue('bob', '30.0000 USDT')
    await t.toBridge('bob', a.address, '30.0000 USDT')
    await t.relay()
    await bridgeToNative(a.wallet, {
      factory: t.book.contracts.BridgeTokenFactory,
      token: t.book.tokens['USDT.s'],
      amount: 12_000_000n,
      nativeAccount: 'bob',
    })
    await bridgeToNative(a.wallet, {
      factory: t.book.contracts.BridgeTokenFactory,
      token: t.book.tokens['USDT.s'],
      amount: 1_000_000n,
      nativeAccount: 'nobody12345', // refunded by minting back
    })
    const { status, report } = await supply()
    expect(status).toBe(200)
    const usdt = (
      report.tokens as unknown as { symbol: string; evmSupply: string; locked: string; ok: boolean }[]
    ).find((x) => x.symbol === 'USDT')
    expect(usdt).toEqual({ symbol: 'USDT', evmSupply: '18000000', locked: '180000', ok: true })
  })

  it('fails when SPACE is minted on the EVM out of band (dev cheat), and recovers when it is removed', async () => {
    const x = t.newEvmAccount()
    // the tx-wrapper passes cheat methods only because this devnet runs with the dev flag
    const cheat = async (value: bigint) =>
      (
        await fetch(t.devnet.evm.url, {
          method: 'POST',
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'anvil_setBalance',
            params: [x.address, `0x${value.toString(16)}`],
          }),
        })
      ).json()
    expect(await cheat(1n)).toMatchObject({ result: null })
    const { status, report } = await supply()
    expect(status).toBe(409)
    expect(report).toMatchObject({ ok: false, difference: '1' })
    await cheat(0n)
    expect((await supply()).report).toMatchObject({ ok: true, difference: '0' })
  })

  it('fails when SPACE leaves eosio.evm natively without a release', async () => {
    const genesis = createAntelopeClient(t.devnet.antelope.url, {
      [ACCOUNT_EVM]: t.devnet.keys[0]?.privateKey as string,
      alice: t.devnet.keys.find((k) => k.account === 'alice')?.privateKey as string,
    })
    // eosio.evm's own key moves 1 unit out behind the bridge's back
    await genesis.push([
      {
        account: ACCOUNT_TOKEN,
        name: 'transfer',
        actor: ACCOUNT_EVM,
        data: { from: ACCOUNT_EVM, to: 'alice', quantity: '0.0001 SPACE', memo: 'theft' },
      },
    ])
    const { status, report } = await supply()
    expect(status).toBe(409)
    expect(report).toMatchObject({ ok: false, difference: String(BRIDGE_SCALE_SPACE) })
    expect(BigInt(report.lockedBook as string) - BigInt(report.locked as string)).toBe(1n)
  })

  it('fails when a .s token is minted without a native lock (a compromised bridge authority)', async () => {
    const rogue = createSpaceosWalletClient({
      account: privateKeyToAccount(t.bridge.keys.relayer.evmPrivateKey),
      chain: spaceosLocal,
      transport: http(t.anvilUrl),
      gasPrice: 0n,
    })
    await rogue.writeContract({
      address: t.book.contracts.BridgeTokenFactory,
      abi: abis.BridgeTokenFactory,
      functionName: 'mint',
      args: [t.book.tokens['USDC.s'], rogue.account.address, 5n, `0x${'ee'.repeat(32)}`],
    })
    const { status, report } = await supply()
    expect(status).toBe(409)
    const usdc = (report.tokens as unknown as { symbol: string; ok: boolean; evmSupply: string }[]).find(
      (x) => x.symbol === 'USDC',
    )
    expect(usdc).toMatchObject({ ok: false, evmSupply: '5' })
  })
})
