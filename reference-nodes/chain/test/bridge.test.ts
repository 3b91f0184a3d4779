import { abis, bridgeSpaceToNative, bridgeToNative } from '@spaceos/evm'
import { ACCOUNT_BRIDGE, ACCOUNT_EVM, ACCOUNT_TOKEN, BRIDGE_SCALE_SPACE } from '@spaceos/generated/parameters'
import { type Hex, parseEventLogs } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAntelopeClient } from '../src/index.ts'
import { type BridgeDevnet, failure, startBridgeDevnet } from './bridgeHelpers.ts'

let t: BridgeDevnet
const SPACE = 10n ** 18n // one SPACE in wei
const gasOf = (receipt: { gasUsed: bigint; effectiveGasPrice: bigint }) => receipt.gasUsed * receipt.effectiveGasPrice

beforeAll(async () => {
  t = await startBridgeDevnet()
})
afterAll(async () => {
  await t?.stop()
})

const erc20 = (token: Hex, owner: Hex) =>
  t.evm.readContract({ address: token, abi: abis.SpaceStablecoin, functionName: 'balanceOf', args: [owner] })

describe('native SPACE: native → EVM → native', () => {
  it('credits SPACE × 10^14 on the EVM and releases it back, balances checked on both sides [NP-BRDG-010] [NP-BRDG-021] [NP-BRDG-030]', async () => {
    const user = t.newEvmAccount()
    const aliceBefore = await t.space('alice')
    const lockedBefore = await t.space(ACCOUNT_EVM)
    await t.toEvm(user.address, '12.3456 SPACE')
    expect(await t.space('alice')).toBe(aliceBefore - 123456n)
    expect(await t.space(ACCOUNT_EVM)).toBe(lockedBefore + 123456n)
    expect(await t.evm.getBalance({ address: user.address })).toBe(0n) // nothing before the relayer ran
    await t.relay()
    expect(await t.evm.getBalance({ address: user.address })).toBe(123456n * BRIDGE_SCALE_SPACE)

    const { receipt, event } = await bridgeSpaceToNative(user.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: 5n * SPACE,
      nativeAccount: 'alice',
    })
    expect(event.amountNative).toBe(50000n)
    await t.relay()
    expect(await t.space('alice')).toBe(aliceBefore - 123456n + 50000n)
    expect(await t.space(ACCOUNT_EVM)).toBe(lockedBefore + 123456n - 50000n)
    expect(await t.evm.getBalance({ address: user.address })).toBe(
      123456n * BRIDGE_SCALE_SPACE - 5n * SPACE - gasOf(receipt),
    )
    // a second pass applies nothing twice
    await t.relay()
    expect(await t.space('alice')).toBe(aliceBefore - 123456n + 50000n)
    expect((await t.relayer().checkSupply()).ok).toBe(true)
  })

  it('accepts upper-case and EIP-55 memos [NP-BRDG-013]', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(`0x${user.address.slice(2).toUpperCase()}` as Hex, '1.0000 SPACE')
    await t.toEvm(user.address, '1.0000 SPACE') // viem's checksummed form
    await t.relay()
    expect(await t.evm.getBalance({ address: user.address })).toBe(2n * SPACE)
  })

  it('refuses a bad memo natively: nothing moves [NP-BRDG-012] [NP-BRDG-014]', async () => {
    const user = t.newEvmAccount()
    const alice = await t.space('alice')
    const locked = await t.space(ACCOUNT_EVM)
    const deposits = (await t.native.rows(ACCOUNT_EVM, 'deposits')).length
    expect(await failure(t.toEvm('hello' as Hex, '1.0000 SPACE'))).toMatch(/memo must be the EVM address/)
    expect(await failure(t.toEvm(`${user.address}00` as Hex, '1.0000 SPACE'))).toMatch(/memo must be/)
    const bad = `0x${user.address.slice(2, 41)}${user.address[41] === 'a' ? 'A' : 'a'}` as Hex // breaks EIP-55
    const mixed = user.address.slice(2).replace(/[a-f]/, (c) => c.toUpperCase()) // flips one letter's case
    expect(await failure(t.toEvm(`0x${mixed}` as Hex, '1.0000 SPACE'))).toMatch(/EIP-55/)
    expect(bad).toHaveLength(42)
    expect(await failure(t.toEvm(`0x${'0'.repeat(40)}`, '1.0000 SPACE'))).toMatch(/must not be zero/)
    // SPACE is not a token of spaceos.brdg, stablecoins are not tokens of eosio.evm
    expect(await failure(t.toBridge('alice', user.address, '1.0000 SPACE'))).toMatch(/token is not bridged/)
    await t.issue('alice', '10.0000 USDT')
    expect(await failure(t.transfer('alice', ACCOUNT_EVM, '1.0000 USDT', user.address))).toMatch(/not bridged/)
    expect(await t.space('alice')).toBe(alice)
    expect(await t.space(ACCOUNT_EVM)).toBe(locked)
    expect(await t.native.rows(ACCOUNT_EVM, 'deposits')).toHaveLength(deposits)
    await t.relay()
    expect(await t.evm.getBalance({ address: user.address })).toBe(0n)
  })

  it('reverts an EVM → native amount with a remainder below one native unit: nothing is burned [NP-BRDG-022] [NP-BRDG-031]', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '2.0000 SPACE')
    await t.relay()
    const message = await failure(
      bridgeSpaceToNative(user.wallet, {
        nativeBridge: t.book.contracts.NativeBridge,
        value: SPACE + 1n,
        nativeAccount: 'alice',
      }),
    )
    expect(message).toMatch(/AmountNotNativeExact/)
    expect(await t.evm.getBalance({ address: user.address })).toBe(2n * SPACE)
  })

  it('returns SPACE on the EVM when the native account does not exist [NP-BRDG-024] [NP-BRDG-025]', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '3.0000 SPACE')
    await t.relay()
    const locked = await t.space(ACCOUNT_EVM)
    const { receipt, event } = await bridgeSpaceToNative(user.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: 2n * SPACE,
      nativeAccount: 'nobody12345',
    })
    expect(await t.evm.getBalance({ address: user.address })).toBe(3n * SPACE - 2n * SPACE - gasOf(receipt))
    await t.relay()
    expect(await t.evm.getBalance({ address: user.address })).toBe(3n * SPACE - gasOf(receipt))
    expect(await t.space(ACCOUNT_EVM)).toBe(locked)
    const releases = await t.native.rows<{ msg_id: string }>(ACCOUNT_EVM, 'releases')
    expect(releases.map((r) => r.msg_id)).not.toContain(event.messageId.slice(2))
    await t.relay() // refunded once only
    expect(await t.evm.getBalance({ address: user.address })).toBe(3n * SPACE - gasOf(receipt))
    expect((await t.relayer().checkSupply()).ok).toBe(true)
  })
  it('credits a contract that refuses plain transfers by setting its balance, still exactly [NP-BRDG-010] [NP-BRDG-002]', async () => {
    const contract = t.book.contracts.BridgeTokenFactory // no receive(): a value transfer to it reverts
    const before = await t.evm.getBalance({ address: contract })
    await t.toEvm(contract, '0.5000 SPACE')
    await t.relay()
    await t.relay()
    expect(await t.evm.getBalance({ address: contract })).toBe(before + SPACE / 2n)
    expect(await t.evm.getBalance({ address: t.bridge.keys.relayer.evmAddress as Hex })).toBe(0n)
    expect((await t.relayer().checkSupply()).ok).toBe(true)
  })
})

describe('stablecoins: native → .s token → native', () => {
  it('mints USDT.s with 6 decimals and USD.s with 18, and releases them back [NP-BRDG-011] [NP-BRDG-020] [NP-BRDG-030]', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '1.0000 SPACE') // gas for the way back
    await t.issue('bob', '500.0000 USDT')
    await t.issue('bob', '500.0000 USD')
    const lockedUsdt = await t.native.balance(ACCOUNT_BRIDGE, 'USDT')
    await t.toBridge('bob', user.address, '100.0000 USDT')
    await t.toBridge('bob', user.address, '20.5000 USD')
    expect(await t.native.balance('bob', 'USDT')).toBe(4_000_000n)
    expect(await t.native.balance(ACCOUNT_BRIDGE, 'USDT')).toBe(lockedUsdt + 1_000_000n)
    await t.relay()
    expect(await erc20(t.book.tokens['USDT.s'], user.address)).toBe(100_000_000n) // 100 × 10^6
    expect(await erc20(t.book.tokens['USD.s'], user.address)).toBe(205n * 10n ** 17n) // 20.5 × 10^18
    const deposits = await t.native.rows<{ minted: number | boolean; evm_tx: string }>(ACCOUNT_BRIDGE, 'deposits')
    expect(deposits.every((d) => d.minted)).toBe(true)

    await bridgeToNative(user.wallet, {
      factory: t.book.contracts.BridgeTokenFactory,
      token: t.book.tokens['USDT.s'],
      amount: 40_000_000n,
      nativeAccount: 'bob',
    })
    await bridgeToNative(user.wallet, {
      factory: t.book.contracts.BridgeTokenFactory,
      token: t.book.tokens['USD.s'],
      amount: 5n * 10n ** 17n,
      nativeAccount: 'bob',
    })
    await t.relay()
    expect(await t.native.balance('bob', 'USDT')).toBe(4_400_000n)
    expect(await t.native.balance('bob', 'USD')).toBe(4_800_000n) // 500 − 20.5 + 0.5
    expect(await erc20(t.book.tokens['USDT.s'], user.address)).toBe(60_000_000n)
    expect(await erc20(t.book.tokens['USD.s'], user.address)).toBe(200n * 10n ** 17n)
    expect(await t.native.balance(ACCOUNT_BRIDGE, 'USDT')).toBe(lockedUsdt + 600_000n)
  })

  it('reverts a .s amount that is not a whole native unit [NP-BRDG-022]', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '1.0000 SPACE')
    await t.issue('bob', '1.0000 USDT')
    await t.toBridge('bob', user.address, '1.0000 USDT')
    await t.relay()
    const message = await failure(
      bridgeToNative(user.wallet, {
        factory: t.book.contracts.BridgeTokenFactory,
        token: t.book.tokens['USDT.s'],
        amount: 150n, // 0.00015 USDT: 0.0001 + dust
        nativeAccount: 'bob',
      }),
    )
    expect(message).toMatch(/AmountNotNativeExact/)
    expect(await erc20(t.book.tokens['USDT.s'], user.address)).toBe(1_000_000n)
  })

  it('mints the tokens back when the release fails [NP-BRDG-025]', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '1.0000 SPACE')
    await t.issue('bob', '7.0000 USDC')
    await t.toBridge('bob', user.address, '7.0000 USDC')
    await t.relay()
    const { receipt } = await bridgeToNative(user.wallet, {
      factory: t.book.contracts.BridgeTokenFactory,
      token: t.book.tokens['USDC.s'],
      amount: 7_000_000n,
      nativeAccount: 'nobody12345',
    })
    const [burn] = parseEventLogs({ abi: abis.BridgeTokenFactory, eventName: 'BridgedToNative', logs: receipt.logs })
    expect(burn?.args.amount).toBe(7_000_000n)
    expect(await erc20(t.book.tokens['USDC.s'], user.address)).toBe(0n)
    await t.relay()
    expect(await erc20(t.book.tokens['USDC.s'], user.address)).toBe(7_000_000n)
    await t.relay()
    expect(await erc20(t.book.tokens['USDC.s'], user.address)).toBe(7_000_000n)
    expect(await t.native.balance(ACCOUNT_BRIDGE, 'USDC')).toBeGreaterThanOrEqual(70_000n)
  })
})

describe('authority and replay [NP-BRDG-023]', () => {
  it('accepts release and mintdone only from the bridge authority, and a message id only once', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '2.0000 SPACE')
    await t.relay()
    const { event } = await bridgeSpaceToNative(user.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: SPACE,
      nativeAccount: 'alice',
    })
    const release = (actor: string, msgId: string) => ({
      account: ACCOUNT_EVM,
      name: 'release',
      actor,
      data: {
        msg_id: msgId,
        to: actor === 'alice' ? 'alice' : 'bob',
        quantity: '1.0000 SPACE',
        evm_amount: String(SPACE),
        memo: '',
      },
    })
    const alice = await t.space('alice')
    // alice cannot release to herself, even with a message id the EVM really emitted
    expect(await failure(t.native.push([release('alice', event.messageId.slice(2))]))).toMatch(
      /missing required authority|spaceos\.rly/,
    )
    expect(
      await failure(
        t.native.push([
          { account: ACCOUNT_EVM, name: 'mintdone', actor: 'alice', data: { id: 1, evm_tx: '0xforged' } },
        ]),
      ),
    ).toMatch(/missing required authority|spaceos\.rly/)
    await t.relay()
    expect(await t.space('alice')).toBe(alice + 10000n)
    // the relayer's own key cannot replay the message
    const replay = { ...release('spaceos.rly', event.messageId.slice(2)) }
    replay.data.to = 'alice'
    expect(await failure(t.relayerNative.push([replay]))).toMatch(/bridge message already processed/)
    expect(await t.space('alice')).toBe(alice + 10000n)
  })

  it('reverts a mint by anyone but the bridge authority and a withdrawal to an invalid native name [NP-BRDG-020]', async () => {
    const user = t.newEvmAccount()
    await t.toEvm(user.address, '2.0000 SPACE')
    await t.relay()
    const mint = user.wallet.writeContract({
      address: t.book.contracts.BridgeTokenFactory,
      abi: abis.BridgeTokenFactory,
      functionName: 'mint',
      args: [t.book.tokens['USDT.s'], user.address, 1_000_000n, `0x${'11'.repeat(32)}`],
    })
    expect(await failure(mint)).toMatch(/AccessControl|missing role|reverted/i)
    expect(await erc20(t.book.tokens['USDT.s'], user.address)).toBe(0n)
    const bad = bridgeSpaceToNative(user.wallet, {
      nativeBridge: t.book.contracts.NativeBridge,
      value: SPACE,
      nativeAccount: 'Alice!',
    })
    expect(await failure(bad)).toMatch(/reverted|Invalid|Name/i)
    expect(await t.evm.getBalance({ address: user.address })).toBe(2n * SPACE)
  })
})

describe('bridge endpoint', () => {
  it('answers only GET on its routes, metrics included; errors in the spec shape [NP-ERR-030]', async () => {
    const metrics = await (await fetch(`${t.bridge.url}/metrics`)).text()
    expect(metrics).toMatch(/spaceos_bridge_operations_total\{kind="credit"\} [1-9]/) // the genesis credit
    const post = await fetch(`${t.bridge.url}/v1/bridge/supply`, { method: 'POST' })
    expect([post.status, ((await post.json()) as { error?: { code?: string } }).error?.code]).toEqual([
      404,
      'NOT_FOUND',
    ])
    const missing = await fetch(`${t.bridge.url}/v1/bridge/nothing`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect(await (await fetch(`${t.bridge.url}/v1/bridge/status`)).json()).toEqual({
      evmAddress: t.bridge.keys.relayer.evmAddress,
      nativeAccount: 'spaceos.rly',
    })
  })
})

describe('a deposit the relayer cannot apply yet (runs last: it stays stuck)', () => {
  it('does not hold up later deposits, and is reported on every pass', async () => {
    const genesisKey = t.devnet.keys[0]?.privateKey as string
    const governance = createAntelopeClient(t.devnet.antelope.url, {
      [ACCOUNT_TOKEN]: genesisKey,
      [ACCOUNT_BRIDGE]: genesisKey,
      eosio: genesisKey,
    })
    // governance bridges a token natively that the EVM deployment does not know
    await governance.push([
      {
        account: ACCOUNT_TOKEN,
        name: 'create',
        actor: ACCOUNT_TOKEN,
        data: { issuer: 'eosio', maximum_supply: '1000.0000 JPY' },
      },
      {
        account: ACCOUNT_BRIDGE,
        name: 'settoken',
        actor: ACCOUNT_BRIDGE,
        data: {
          symbol: '4,JPY',
          contract: ACCOUNT_TOKEN,
          evm_decimals: 6,
          evm_token: `0x${'12'.repeat(20)}`,
          enabled: true,
        },
      },
    ])
    const user = t.newEvmAccount()
    await t.issue('bob', '5.0000 JPY')
    await t.toBridge('bob', user.address, '5.0000 JPY')
    await t.issue('bob', '2.0000 USDT')
    await t.toBridge('bob', user.address, '2.0000 USDT')
    await expect(t.relay()).rejects.toThrow(/no EVM token JPY\.s/)
    expect(await erc20(t.book.tokens['USDT.s'], user.address)).toBe(2_000_000n)
    const deposits = await t.native.rows<{ quantity: string; minted: number | boolean }>(ACCOUNT_BRIDGE, 'deposits')
    expect(deposits.find((d) => d.quantity === '5.0000 JPY')?.minted).toBeFalsy()
    await expect(t.relay()).rejects.toThrow(/no EVM token JPY\.s/) // still reported, nothing applied twice
    expect(await erc20(t.book.tokens['USDT.s'], user.address)).toBe(2_000_000n)
  })
})
