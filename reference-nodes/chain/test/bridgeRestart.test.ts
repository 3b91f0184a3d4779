import { rmSync } from 'node:fs'
import { abis, bridgeSpaceToNative, bridgeToNative } from '@spaceos/evm'
import { ACCOUNT_BRIDGE, ACCOUNT_EVM } from '@spaceos/generated/parameters'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RelayerCrashError } from '../src/index.ts'
import { type BridgeDevnet, startBridgeDevnet } from './bridgeHelpers.ts'

let t: BridgeDevnet
const SPACE = 10n ** 18n

beforeAll(async () => {
  t = await startBridgeDevnet()
})
afterAll(async () => {
  await t?.stop()
})

/** Runs the current relayer until its failpoint fires; the crash must happen (else the test proves nothing). */
const crash = async () => {
  await expect(t.relay()).rejects.toBeInstanceOf(RelayerCrashError)
  expect(t.relayer().crashed).toBe(true)
}
const erc20 = (token: Hex, owner: Hex) =>
  t.evm.readContract({ address: token, abi: abis.SpaceStablecoin, functionName: 'balanceOf', args: [owner] })

describe('exactly once across relayer restarts [NP-BRDG-003]', () => {
  it('credits a SPACE deposit once when the relayer dies after sending the credit, before mintdone', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '4.0000 SPACE')
    await t.restartRelayer('evm-tx:sent')
    await crash()
    // acted… (the credit was sent before the crash; anvil mines it right after, so wait for it rather than race it)
    await expect.poll(() => t.evm.getBalance({ address: user.address }), { timeout: 15_000 }).toBe(4n * SPACE)
    const [row] = (await t.native.rows<{ evm_to: string; minted: number }>(ACCOUNT_EVM, 'deposits')).filter(
      (d) => d.evm_to === user.address.toLowerCase(),
    )
    expect(row?.minted).toBeFalsy() // …but not recorded natively
    await t.restartRelayer()
    await t.relay()
    await t.relay()
    expect(await t.evm.getBalance({ address: user.address })).toBe(4n * SPACE)
    const [after] = (await t.native.rows<{ evm_to: string; minted: number }>(ACCOUNT_EVM, 'deposits')).filter(
      (d) => d.evm_to === user.address.toLowerCase(),
    )
    expect(after?.minted).toBeTruthy()
  })

  it('credits once when the relayer dies after mintdone, before moving its cursor', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '1.5000 SPACE')
    await t.restartRelayer('mintdone:pushed')
    await crash()
    await t.restartRelayer()
    await t.relay()
    expect(await t.evm.getBalance({ address: user.address })).toBe(15n * 10n ** 17n)
  })

  it('mints a stablecoin deposit once when the relayer dies after the mint transaction', async () => {
    const user = t.newEvmAccount()
    await t.issue('bob', '9.0000 USDT')
    await t.toBridge('bob', user.address, '9.0000 USDT')
    await t.restartRelayer('evm-tx:sent')
    await crash()
    await t.restartRelayer()
    await t.relay()
    expect(await erc20(t.book.tokens['USDT.s'], user.address)).toBe(9_000_000n)
  })

  it('releases once when the relayer dies after the native release, before journaling it', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '3.0000 SPACE')
    await t.relay()
    const alice = await t.space('alice')
    await bridgeSpaceToNative(user.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: 2n * SPACE,
      nativeAccount: 'alice',
    })
    await t.restartRelayer('release:pushed')
    await crash()
    expect(await t.space('alice')).toBe(alice + 20000n)
    await t.restartRelayer()
    await t.relay()
    expect(await t.space('alice')).toBe(alice + 20000n)
  })

  it('refunds once when the relayer dies after sending a refund', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '3.0000 SPACE')
    await t.relay()
    const { receipt } = await bridgeSpaceToNative(user.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: SPACE,
      nativeAccount: 'nobody12345',
    })
    await t.restartRelayer('refund:sent')
    await crash()
    await t.restartRelayer()
    await t.relay()
    expect(await t.evm.getBalance({ address: user.address })).toBe(
      3n * SPACE - receipt.gasUsed * receipt.effectiveGasPrice,
    )
  })

  it('applies nothing twice after losing the whole journal: the on-chain message ids decide', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '2.0000 SPACE')
    await t.issue('bob', '5.0000 USDC')
    await t.toBridge('bob', user.address, '5.0000 USDC')
    await t.relay()
    await bridgeToNative(user.wallet, {
      factory: t.book.contracts.BridgeTokenFactory,
      token: t.book.tokens['USDC.s'],
      amount: 2_000_000n,
      nativeAccount: 'bob',
    })
    await bridgeSpaceToNative(user.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: SPACE / 2n,
      nativeAccount: 'nobody12345', // refunded
    })
    await t.relay()
    const snapshot = async () => ({
      evm: await t.evm.getBalance({ address: user.address }),
      usdc: await erc20(t.book.tokens['USDC.s'], user.address),
      bob: await t.native.balance('bob', 'USDC'),
      alice: await t.space('alice'),
      locked: await t.space(ACCOUNT_EVM),
      lockedStable: await t.native.balance(ACCOUNT_BRIDGE, 'USDC'),
      releases: (await t.native.rows(ACCOUNT_EVM, 'releases')).length,
    })
    const before = await snapshot()
    // the relayer's deposits are all marked natively, its releases keyed by message id, refunds carry their id
    await t.relayer().stop()
    rmSync(t.journalPath)
    await t.restartRelayer()
    await t.relay()
    expect(await snapshot()).toEqual(before)
    expect((await t.relayer().checkSupply()).ok).toBe(true)
  })

  it('credits a deposit once when the journal is lost after the credit was sent', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '6.0000 SPACE')
    await t.restartRelayer('evm-tx:sent')
    await crash()
    rmSync(t.journalPath)
    await t.restartRelayer()
    await t.relay()
    expect(await t.evm.getBalance({ address: user.address })).toBe(6n * SPACE)
    expect((await t.relayer().checkSupply()).ok).toBe(true)
  })
})
