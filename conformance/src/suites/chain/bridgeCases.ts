import {
  ACCOUNT_BRIDGE,
  ACCOUNT_EVM,
  BRIDGE_SCALE_SPACE,
  EVM_CHAIN_ID,
  EVM_GAS_PRICE_WEI,
} from '@spaceos/generated/parameters'
import { encodeFunctionData, getAddress, type Hex, parseAbi } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { asset, type Json, Name, randomName } from './antelope.ts'
import {
  type ChainContext,
  describeError,
  expectEqual,
  expectExecuted,
  expectNodeosError,
  privileged,
  role,
  type SuiteAccount,
  transact,
  transfer,
  waitFor,
} from './shared.ts'

const scale = BigInt(BRIDGE_SCALE_SPACE)
const gasPrice = BigInt(EVM_GAS_PRICE_WEI)
const nativeBridgeAbi = parseAbi(['function bridgeToNative(string nativeAccount) payable returns (uint256)'])
const factoryAbi = parseAbi([
  'function bridgeToNative(address token, uint256 amount, string nativeAccount) returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function totalSupply() view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function depositProcessed(bytes32 depositId) view returns (bool)',
])

/** Native SPACE locked for the EVM and the EVM balance of `address`, read together. */
const sides = async (ctx: ChainContext, address: string) => ({
  locked: await ctx.antelope.balance(ACCOUNT_EVM),
  evm: await ctx.evm.balance(address),
})

/**
 * Bridges `amount` native units from alice to a fresh EVM key and waits until the EVM shows them; returns the key.
 * Checks the conversion (× BRIDGE_SCALE_SPACE) and that the lock on the native side equals what appeared.
 */
export async function deposit(
  ctx: ChainContext,
  amount: bigint,
  memoOf: (address: string) => string = (a) => a.toLowerCase(),
) {
  const account = privateKeyToAccount(generatePrivateKey())
  const before = await sides(ctx, account.address)
  const answer = await transact(
    ctx,
    [transfer(ctx.alice.name, ACCOUNT_EVM, amount, memoOf(account.address))],
    [ctx.alice],
  )
  expectExecuted(answer, `transfer to ${ACCOUNT_EVM} with memo ${memoOf(account.address)}`)
  const credited = await waitFor(
    () => ctx.evm.balance(account.address),
    (b) => b !== 0n,
    ctx.bridgeTimeoutMs,
  )
  expectEqual(credited, amount * scale, `EVM balance after bridging ${asset(amount)} (× BRIDGE_SCALE_SPACE)`)
  const after = await sides(ctx, account.address)
  expectEqual(after.locked - before.locked, amount, `SPACE locked in ${ACCOUNT_EVM}`)
  return account
}

export const sendLegacy = async (
  ctx: ChainContext,
  account: ReturnType<typeof privateKeyToAccount>,
  tx: { to: Hex; value: bigint; data?: Hex; gas?: bigint; nonce?: number },
) => {
  const raw = await account.signTransaction({
    type: 'legacy',
    chainId: EVM_CHAIN_ID,
    nonce: tx.nonce ?? (await ctx.evm.nonce(account.address)),
    gas: tx.gas ?? 21_000n,
    gasPrice,
    to: tx.to,
    value: tx.value,
    ...(tx.data ? { data: tx.data } : {}),
  })
  return ctx.evm.call('eth_sendRawTransaction', [raw])
}

export const receiptOf = async (ctx: ChainContext, hash: string) =>
  (await waitFor(
    () => ctx.evm.call('eth_getTransactionReceipt', [hash]).then((a) => a.body?.result as { status?: string } | null),
    (r) => r !== null && r !== undefined,
    ctx.bridgeTimeoutMs,
  )) as { status?: string; gasUsed?: string } | null

export const contract = (ctx: ChainContext, name: string): Hex => {
  const address = ctx.contracts[name]
  if (!address) {
    throw new CaseFailedError(`the target names no ${name} contract`, {
      expected: `--evm-contract ${name}=0x… (the address book of the network)`,
      actual: 'none',
    })
  }
  return address as Hex
}
const nativeBridge = (ctx: ChainContext): Hex => contract(ctx, 'NativeBridge')

/** A view call returning one uint. */
export const readUint = async (ctx: ChainContext, to: Hex, data: Hex): Promise<bigint> =>
  BigInt(String(await ctx.evm.result('eth_call', [{ to, data }, 'latest'])))

/** The issuer of native token `symbol` on eosio.token and its key (the case skips without the key). */
async function issuerOf(ctx: ChainContext, symbol: string) {
  const stats = await ctx.antelope.ok('get_currency_stats', { code: 'eosio.token', symbol })
  const issuerName = String(stats?.[symbol]?.issuer ?? '')
  if (!issuerName) throw new CaseFailedError(`${symbol} exists on eosio.token`, { actual: JSON.stringify(stats) })
  return privileged(ctx, issuerName)
}

/** The issuer hands alice `amount` native units of `symbol` (issue to the issuer, then transfer). */
async function issueToAlice(ctx: ChainContext, issuer: SuiteAccount, symbol: string, amount: bigint) {
  expectExecuted(
    await transact(
      ctx,
      [
        {
          account: 'eosio.token',
          name: 'issue',
          authorization: [{ actor: issuer.name, permission: 'active' }],
          data: { to: issuer.name, quantity: asset(amount, symbol), memo: 'conformance' },
        },
        {
          account: 'eosio.token',
          name: 'transfer',
          authorization: [{ actor: issuer.name, permission: 'active' }],
          data: { from: issuer.name, to: ctx.alice.name, quantity: asset(amount, symbol), memo: 'conformance' },
        },
      ],
      [issuer],
    ),
    `issue ${asset(amount, symbol)} to alice`,
  )
}

/**
 * Gives a fresh EVM key `amount` native units of stablecoin `symbol` as its `.s` token (the issuer hands them to alice,
 * alice bridges them) plus 1 SPACE for gas; needs the issuer's key, else the case skips.
 */
export async function bridgeStablecoin(ctx: ChainContext, symbol: string, amount: bigint) {
  const issuer = await issuerOf(ctx, symbol)
  const token = contract(ctx, `${symbol}.s`)
  await issueToAlice(ctx, issuer, symbol, amount)
  const account = await deposit(ctx, 10_000n)
  expectExecuted(
    await transact(
      ctx,
      [
        {
          account: 'eosio.token',
          name: 'transfer',
          authorization: [{ actor: ctx.alice.name, permission: 'active' }],
          data: { from: ctx.alice.name, to: ACCOUNT_BRIDGE, quantity: asset(amount, symbol), memo: account.address },
        },
      ],
      [ctx.alice],
    ),
    `${symbol} to ${ACCOUNT_BRIDGE}`,
  )
  const balanceOf = () =>
    readUint(ctx, token, encodeFunctionData({ abi: factoryAbi, functionName: 'balanceOf', args: [account.address] }))
  await waitFor(balanceOf, (b) => b !== 0n, ctx.bridgeTimeoutMs)
  return account
}

export const bridgeCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.bridge.deposit',
    title:
      'SPACE sent to eosio.evm with an address memo appears on the EVM × 10^14, exactly once, and is locked natively',
    requirements: ['NP-BRDG-010', 'NP-BRDG-030', 'NP-BRDG-002', 'NP-BRDG-003'],
    role,
    async run(ctx) {
      const account = await deposit(ctx, 12_345n)
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      expectEqual(await ctx.evm.balance(account.address), 12_345n * scale, 'balance 2 s later (credited exactly once)')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.bridge.memo-case',
    title: 'the memo address is accepted in lower, upper and EIP-55 case; a bad EIP-55 checksum is refused',
    requirements: ['NP-BRDG-013', 'NP-BRDG-014', 'NP-BRDG-012'],
    role,
    async run(ctx) {
      await deposit(ctx, 1n, (a) => `0x${a.slice(2).toUpperCase()}`)
      await deposit(ctx, 1n, (a) => getAddress(a))
      // Flip the case of one letter of a checksummed address: still hex, wrong checksum.
      let bad = ''
      for (;;) {
        const address = getAddress(privateKeyToAccount(generatePrivateKey()).address)
        const i = [...address.slice(2)].findIndex((c) => /[a-fA-F]/.test(c))
        if (i < 0) continue
        const c = address[i + 2] as string
        bad = `${address.slice(0, i + 2)}${c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()}${address.slice(i + 3)}`
        break
      }
      const before = await ctx.antelope.balance(ctx.alice.name)
      const answer = await transact(ctx, [transfer(ctx.alice.name, ACCOUNT_EVM, 1n, bad)], [ctx.alice])
      expectNodeosError(answer, 3050003, `memo ${bad} (bad EIP-55 checksum)`)
      expectEqual(await ctx.antelope.balance(ctx.alice.name), before, 'the SPACE never left alice')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.bridge.bad-memo',
    title:
      'transfers to eosio.evm or spaceos.brdg whose memo is not an address fail and the SPACE stays with the sender',
    requirements: ['NP-BRDG-012', 'NP-CHAIN-002'],
    role,
    async run(ctx) {
      const before = await ctx.antelope.balance(ctx.alice.name)
      const wrong: string[] = []
      for (const to of [ACCOUNT_EVM, ACCOUNT_BRIDGE]) {
        for (const memo of ['', 'hello', '0x1234', `0x${'g'.repeat(40)}`, `0x${'a'.repeat(41)}`]) {
          const answer = await transact(ctx, [transfer(ctx.alice.name, to, 1n, memo)], [ctx.alice])
          if (answer.status === 200 || answer.body?.error?.code !== 3050003)
            wrong.push(`${to} "${memo}": ${describeError(answer)}`)
        }
      }
      if (wrong.length > 0)
        throw new CaseFailedError('each transfer must fail with a check', { actual: wrong.join(' | ') })
      expectEqual(await ctx.antelope.balance(ctx.alice.name), before, 'the SPACE never left alice')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.bridge.legacy-tx',
    title: 'with bridged SPACE, a legacy transaction at 150 gwei for chain 800000 executes and pays gas in SPACE',
    requirements: ['NP-EVM-002', 'NP-EVM-001', 'NP-EVM-013'],
    role,
    async run(ctx) {
      const account = await deposit(ctx, 10_000n)
      const recipient = privateKeyToAccount(generatePrivateKey()).address
      const sent = await sendLegacy(ctx, account, { to: recipient, value: 123n * scale })
      const hash = sent.body?.result
      if (typeof hash !== 'string')
        throw new CaseFailedError('a legacy transaction is accepted', { actual: sent.text.slice(0, 300) })
      const receipt = await receiptOf(ctx, hash)
      expectEqual(receipt?.status, '0x1', 'receipt status')
      expectEqual(await ctx.evm.balance(recipient), 123n * scale, 'recipient balance')
      // The same signed bytes again: the nonce is spent, so the EVM refuses it and nothing moves twice.
      const mined = (await ctx.evm.result('eth_getTransactionByHash', [hash])) as { hash?: string } | null
      expectEqual(mined?.hash, hash, 'eth_getTransactionByHash finds the transaction')
      const replay = await sendLegacy(ctx, account, { to: recipient, value: 123n * scale, nonce: 0 })
      if (!replay.body?.error)
        throw new CaseFailedError('a transaction with a spent nonce must be refused', {
          actual: replay.text.slice(0, 200),
        })
      expectEqual(await ctx.evm.balance(recipient), 123n * scale, 'recipient balance after the replay')
      const gasUsed = BigInt(String(receipt?.gasUsed))
      expectEqual(
        await ctx.evm.balance(account.address),
        10_000n * scale - 123n * scale - gasUsed * gasPrice,
        'sender paid value + gas × 150 gwei',
      )
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.bridge.withdraw',
    title: 'SPACE withdrawn through NativeBridge is released to the native account, and leaves the lock in step',
    requirements: ['NP-BRDG-021', 'NP-BRDG-002', 'NP-BRDG-003', 'NP-BRDG-031'],
    role,
    async run(ctx) {
      const bridge = nativeBridge(ctx)
      const account = await deposit(ctx, 20_000n)
      const nativeBefore = await ctx.antelope.balance(ctx.bob.name)
      const lockedBefore = await ctx.antelope.balance(ACCOUNT_EVM)
      const sent = await sendLegacy(ctx, account, {
        to: bridge,
        value: 5_000n * scale,
        data: encodeFunctionData({ abi: nativeBridgeAbi, functionName: 'bridgeToNative', args: [ctx.bob.name] }),
        gas: 300_000n,
      })
      const hash = sent.body?.result
      if (typeof hash !== 'string')
        throw new CaseFailedError('bridgeToNative is accepted', { actual: sent.text.slice(0, 300) })
      expectEqual((await receiptOf(ctx, hash))?.status, '0x1', 'bridgeToNative receipt status')
      const released = await waitFor(
        () => ctx.antelope.balance(ctx.bob.name),
        (b) => b !== nativeBefore,
        ctx.bridgeTimeoutMs,
      )
      expectEqual(released - nativeBefore, 5_000n, 'native SPACE released to bob')
      expectEqual(
        lockedBefore - (await ctx.antelope.balance(ACCOUNT_EVM)),
        5_000n,
        `SPACE unlocked from ${ACCOUNT_EVM}`,
      )
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      expectEqual((await ctx.antelope.balance(ctx.bob.name)) - nativeBefore, 5_000n, 'released exactly once')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.bridge.withdraw-remainder',
    title: 'a withdraw that is not a whole number of native units reverts and burns nothing',
    requirements: ['NP-BRDG-022', 'NP-BRDG-031'],
    role,
    async run(ctx) {
      const bridge = nativeBridge(ctx)
      const account = await deposit(ctx, 10_000n)
      const data = encodeFunctionData({ abi: nativeBridgeAbi, functionName: 'bridgeToNative', args: [ctx.bob.name] })
      const call = await ctx.evm.call('eth_call', [
        { from: account.address, to: bridge, value: `0x${(scale + 1n).toString(16)}`, data, gas: '0x493e0' },
        'latest',
      ])
      if (!call.body?.error)
        throw new CaseFailedError('bridgeToNative of 10^14 + 1 wei must revert', { actual: call.text.slice(0, 200) })
      expectEqual(await ctx.evm.balance(account.address), 10_000n * scale, 'nothing burned')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.bridge.release-missing-account',
    title:
      'a withdraw naming a native account that does not exist releases nothing and should return the SPACE on the EVM',
    requirements: ['NP-BRDG-024', 'NP-BRDG-025'],
    role,
    async run(ctx) {
      const bridge = nativeBridge(ctx)
      const account = await deposit(ctx, 10_000n)
      const lockedBefore = await ctx.antelope.balance(ACCOUNT_EVM)
      const sent = await sendLegacy(ctx, account, {
        to: bridge,
        value: 4_000n * scale,
        data: encodeFunctionData({ abi: nativeBridgeAbi, functionName: 'bridgeToNative', args: [randomName()] }),
        gas: 300_000n,
      })
      const hash = sent.body?.result
      if (typeof hash !== 'string')
        throw new CaseFailedError('bridgeToNative is accepted', { actual: sent.text.slice(0, 300) })
      const receipt = await receiptOf(ctx, hash)
      const gas = BigInt(String(receipt?.gasUsed ?? 0)) * gasPrice
      const refunded = await waitFor(
        () => ctx.evm.balance(account.address),
        (b) => b === 10_000n * scale - gas,
        ctx.bridgeTimeoutMs,
      )
      expectEqual(refunded, 10_000n * scale - gas, 'the SPACE returned to the sender on the EVM (all but gas)')
      expectEqual(await ctx.antelope.balance(ACCOUNT_EVM), lockedBefore, `the lock of ${ACCOUNT_EVM} unchanged`)
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.bridge.stablecoin',
    title:
      'USDT sent to spaceos.brdg with an address memo mints USDT.s (× 10^2); bridgeToNative burns it and releases native USDT; the ERC-20 supply follows',
    requirements: ['NP-BRDG-011', 'NP-BRDG-020', 'NP-BRDG-030', 'NP-BRDG-031', 'NP-BRDG-005', 'NP-EVM-023'],
    role,
    async run(ctx) {
      const symbol = 'USDT'
      const issuer = await issuerOf(ctx, symbol)
      const token = contract(ctx, 'USDT.s')
      const factory = contract(ctx, 'BridgeTokenFactory')
      const decimals = Number(
        await readUint(ctx, token, encodeFunctionData({ abi: factoryAbi, functionName: 'decimals' })),
      )
      const unit = 10n ** BigInt(decimals - 4)
      // The issuer hands alice 10.0000 USDT (issue to the issuer, then transfer).
      const ten = 100_000n
      await issueToAlice(ctx, issuer, symbol, ten)
      const account = await deposit(ctx, 10_000n) // SPACE for gas
      const supplyOf = () => readUint(ctx, token, encodeFunctionData({ abi: factoryAbi, functionName: 'totalSupply' }))
      const balanceOf = () =>
        readUint(
          ctx,
          token,
          encodeFunctionData({ abi: factoryAbi, functionName: 'balanceOf', args: [account.address] }),
        )
      const supply0 = await supplyOf()
      const sent = await transact(
        ctx,
        [
          {
            account: 'eosio.token',
            name: 'transfer',
            authorization: [{ actor: ctx.alice.name, permission: 'active' }],
            data: { from: ctx.alice.name, to: ACCOUNT_BRIDGE, quantity: asset(ten, symbol), memo: account.address },
          },
        ],
        [ctx.alice],
      )
      expectExecuted(sent, `${symbol} to ${ACCOUNT_BRIDGE}`)
      const minted = await waitFor(balanceOf, (b) => b !== 0n, ctx.bridgeTimeoutMs)
      expectEqual(minted, ten * unit, `${symbol}.s minted (× 10^${decimals - 4})`)
      expectEqual((await supplyOf()) - supply0, ten * unit, `${symbol}.s totalSupply after the mint`)
      // NP-BRDG-005: the mint records deposit id = name(spaceos.brdg) ‖ 16 zero bytes ‖ deposit id, all big-endian.
      const { rows } = await ctx.antelope.table({
        code: ACCOUNT_BRIDGE,
        table: 'deposits',
        scope: ACCOUNT_BRIDGE,
        limit: 1000,
        reverse: true,
      })
      const row = rows.find((r) => String(r.evm_to).toLowerCase() === account.address.toLowerCase())
      if (!row)
        throw new CaseFailedError(`${ACCOUNT_BRIDGE} deposits has the deposit`, {
          actual: JSON.stringify(rows.slice(0, 3)),
        })
      const u64 = (v: bigint) => v.toString(16).padStart(16, '0')
      const depositId =
        `0x${u64(BigInt(Name.from(ACCOUNT_BRIDGE).value.toString()))}${'0'.repeat(32)}${u64(BigInt(String(row.id)))}` as Hex
      const processed = await ctx.evm.result('eth_call', [
        {
          to: factory,
          data: encodeFunctionData({ abi: factoryAbi, functionName: 'depositProcessed', args: [depositId] }),
        },
        'latest',
      ])
      expectEqual(BigInt(String(processed)), 1n, `BridgeTokenFactory.depositProcessed(${depositId})`)
      const nativeBefore = await ctx.antelope.balance(ctx.bob.name, symbol)
      const back = await sendLegacy(ctx, account, {
        to: factory,
        value: 0n,
        data: encodeFunctionData({
          abi: factoryAbi,
          functionName: 'bridgeToNative',
          args: [token, 4n * 10_000n * unit, ctx.bob.name],
        }),
        gas: 300_000n,
      })
      const hash = back.body?.result
      if (typeof hash !== 'string')
        throw new CaseFailedError('bridgeToNative is accepted', { actual: back.text.slice(0, 300) })
      expectEqual((await receiptOf(ctx, hash))?.status, '0x1', 'bridgeToNative receipt status')
      expectEqual(await balanceOf(), 6n * 10_000n * unit, `${symbol}.s burned`)
      expectEqual((await supplyOf()) - supply0, 6n * 10_000n * unit, `${symbol}.s totalSupply = minted − burned`)
      const released = await waitFor(
        () => ctx.antelope.balance(ctx.bob.name, symbol),
        (b) => b !== nativeBefore,
        ctx.bridgeTimeoutMs,
      )
      expectEqual(released - nativeBefore, 40_000n, `native ${symbol} released to bob`)
      const odd = await ctx.evm.call('eth_call', [
        {
          from: account.address,
          to: factory,
          data: encodeFunctionData({
            abi: factoryAbi,
            functionName: 'bridgeToNative',
            args: [token, unit + 1n, ctx.bob.name],
          }),
        },
        'latest',
      ])
      if (!odd.body?.error)
        throw new CaseFailedError('bridgeToNative of a non-whole native amount must revert', {
          actual: odd.text.slice(0, 200),
        })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.bridge.supply-endpoint',
    title:
      "a devnet serves its supply check (balanced, agreeing with eosio.evm's balance on the chain API) and its address book",
    requirements: ['NP-BRDG-006', 'NP-BRDG-002'],
    role,
    async run(ctx) {
      if (ctx.bridgeUrl === undefined) skipCase('the target declares no devnet bridge endpoint (--bridge-url)')
      const get = async (path: string) => {
        const response = await fetch(`${ctx.bridgeUrl}${path}`, { signal: AbortSignal.timeout(ctx.bridgeTimeoutMs) })
        return { status: response.status, body: (await response.json().catch(() => undefined)) as Json }
      }
      const supply = await get('/v1/bridge/supply')
      if (supply.status !== 200 || supply.body?.ok !== true || String(supply.body?.difference) !== '0') {
        throw new CaseFailedError('GET /v1/bridge/supply: 200, ok, difference 0', {
          actual: `HTTP ${supply.status} ${JSON.stringify(supply.body)?.slice(0, 300)}`,
        })
      }
      expectEqual(
        BigInt(String(supply.body.locked)),
        await ctx.antelope.balance(ACCOUNT_EVM),
        `locked = ${ACCOUNT_EVM}'s SPACE balance`,
      )
      const book = await get('/v1/bridge/address-book')
      const address = book.body?.contracts?.NativeBridge
      if (book.status !== 200 || !/^0x[0-9a-fA-F]{40}$/.test(String(address))) {
        throw new CaseFailedError('GET /v1/bridge/address-book names NativeBridge', {
          actual: JSON.stringify(book.body)?.slice(0, 200),
        })
      }
      if (ctx.contracts.NativeBridge !== undefined) {
        expectEqual(
          String(address).toLowerCase(),
          ctx.contracts.NativeBridge.toLowerCase(),
          'the served NativeBridge address',
        )
      }
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.access-control',
    title: 'privileged functions of the bridge contracts revert for a stranger with a named custom error',
    requirements: ['NP-EVM-020', 'NP-EVM-032', 'NP-BRDG-023'],
    role,
    async run(ctx) {
      const stranger = privateKeyToAccount(generatePrivateKey()).address
      const abi = parseAbi([
        'function pause()',
        'function mint(address token, address to, uint256 amount, bytes32 depositId)',
        'function registerToken(address token)',
      ])
      const factory = contract(ctx, 'BridgeTokenFactory')
      const calls: [string, Hex, Hex][] = [
        ['NativeBridge.pause', nativeBridge(ctx), encodeFunctionData({ abi, functionName: 'pause' })],
        ['BridgeTokenFactory.pause', factory, encodeFunctionData({ abi, functionName: 'pause' })],
        [
          'BridgeTokenFactory.registerToken',
          factory,
          encodeFunctionData({ abi, functionName: 'registerToken', args: [stranger] }),
        ],
        [
          'BridgeTokenFactory.mint',
          factory,
          encodeFunctionData({
            abi,
            functionName: 'mint',
            args: [contract(ctx, 'USDT.s'), stranger, 1n, `0x${'11'.repeat(32)}`],
          }),
        ],
      ]
      const wrong: string[] = []
      for (const [what, to, data] of calls) {
        const answer = await ctx.evm.call('eth_call', [{ from: stranger, to, data }, 'latest'])
        const error = answer.body?.error as { data?: unknown; message?: string } | undefined
        const revert = typeof error?.data === 'string' ? error.data : ''
        // A named custom error: a 4-byte selector that is neither Error(string) nor Panic(uint256).
        if (!error || !/^0x[0-9a-f]{8}/i.test(revert) || /^0x(08c379a0|4e487b71)/i.test(revert)) {
          wrong.push(`${what}: ${answer.text.slice(0, 160)}`)
        }
      }
      if (wrong.length > 0)
        throw new CaseFailedError('each call must revert with a custom error', { actual: wrong.join(' | ') })
    },
  }),
]
