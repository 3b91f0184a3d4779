import {
  EVM_GAS_PRICE_WEI,
  FAUCET_AMOUNT_WEI,
  INSURANCE_MAX_TIMEOUT_S,
  INSURANCE_MIN_TIMEOUT_S,
  SETTLEMENT_WITHDRAWAL_DELAY_S,
  VAULT_LTV_BPS,
  VAULT_ORIGINATION_FEE_BPS,
} from '@spaceos/generated/parameters'
import { decodeFunctionResult, encodeFunctionData, type Hex, parseAbi, toFunctionSelector, zeroAddress } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { CaseFailedError, type ConformanceCase, defineCase, skipCase } from '../../case.ts'
import { bridgeStablecoin, contract, deposit, readUint, receiptOf, sendLegacy } from './bridgeCases.ts'
import { type ChainContext, expectEqual, role } from './shared.ts'

const faucetAbi = parseAbi(['function drip()', 'function nextDripAt(address account) view returns (uint256)'])
const insuranceAbi = parseAbi([
  'function createPolicy(address beneficiary, uint256 timeout, address[] guardians, address[] assets) returns (uint256)',
])
const gasPrice = BigInt(EVM_GAS_PRICE_WEI)
const erc20Abi = parseAbi([
  'function approve(address spender, uint256 amount) returns (bool)',
  'function balanceOf(address account) view returns (uint256)',
  'function totalSupply() view returns (uint256)',
])
const rwaAbi = parseAbi([
  'struct TokenConfig { string name; string symbol; uint8 decimals; uint8 assetClass; address dividendToken; address admin; address transferAgent; }',
  'function createToken(TokenConfig config) returns (address)',
  'function tokens() view returns (address[])',
  'function setIdentity(address account, uint8 level, bytes2 country, uint64 expiresAt)',
  'function revokeIdentity(address account, string reason)',
  'function mint(address to, uint256 amount)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function forcedTransfer(address from, address to, uint256 amount, string courtOrder)',
])
const fiatAbi = parseAbi([
  'function mint(address token, address to, uint256 amount, bytes32 idempotencyKey)',
  'function redeem(address token, address account, uint256 amount, bytes32 idempotencyKey) returns (uint256)',
  'function attestReserves(address token, uint256 reserves, bytes32 reportHash)',
  'function resumeMinting(address token)',
  'function singleLimit() view returns (uint256)',
])
const settlementAbi = parseAbi([
  'function deposit(address account, address asset, uint256 amount) payable',
  'function requestWithdrawal(address asset, uint256 amount) returns (uint256)',
  'function withdraw(address asset, uint256 amount)',
  'function balanceOf(address account, address asset) view returns (uint256)',
  'function withdrawalRequestOf(address account, address asset) view returns (uint256 amount, uint256 readyAt)',
])
const vaultAbi = parseAbi([
  'function deposit(address asset, uint256 amount)',
  'function borrow(address asset, uint256 amount) returns (uint256)',
  'function maxBorrow(address user, address asset) view returns (uint256)',
])

export const contractCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.evm.settlement-withdrawal-notice',
    title:
      'InferenceSettlement refuses a withdrawal that was not announced, and one announced less than SETTLEMENT_WITHDRAWAL_DELAY_S ago',
    requirements: ['NP-EVM-033'],
    role,
    async run(ctx) {
      const settlement = contract(ctx, 'InferenceSettlement')
      const caller = await deposit(ctx, 20_000n) // 2 SPACE on the EVM: 1 for the prepaid balance, the rest for gas
      const amount = 10n ** 18n
      const send = async (data: Hex, value = 0n) => {
        const answer = await sendLegacy(ctx, caller, { to: settlement, value, data, gas: 300_000n })
        const hash = answer.body?.result
        if (typeof hash !== 'string')
          throw new CaseFailedError('the call is accepted', { actual: answer.text.slice(0, 200) })
        const receipt = (await receiptOf(ctx, hash)) as { status?: string; blockNumber?: string } | null
        expectEqual(receipt?.status, '0x1', 'receipt status')
        return receipt
      }
      await send(
        encodeFunctionData({
          abi: settlementAbi,
          functionName: 'deposit',
          args: [caller.address, zeroAddress, amount],
        }),
        amount,
      )
      const balance = await readUint(
        ctx,
        settlement,
        encodeFunctionData({ abi: settlementAbi, functionName: 'balanceOf', args: [caller.address, zeroAddress] }),
      )
      expectEqual(balance, amount, 'prepaid SPACE balance')
      const withdrawCall = () =>
        ctx.evm.call('eth_call', [
          {
            from: caller.address,
            to: settlement,
            data: encodeFunctionData({ abi: settlementAbi, functionName: 'withdraw', args: [zeroAddress, amount] }),
            gas: '0x493e0',
          },
          'latest',
        ])
      const expectRevert = async (error: string, what: string) => {
        const answer = await withdrawCall()
        const data = String((answer.body?.error as { data?: unknown } | undefined)?.data ?? '')
        if (!answer.body?.error || !data.startsWith(toFunctionSelector(error)))
          throw new CaseFailedError(what, { expected: `a revert with ${error}`, actual: answer.text.slice(0, 300) })
      }
      await expectRevert('WithdrawalNotRequested(address,address,uint256,uint256)', 'withdraw without an announcement')
      const announced = await send(
        encodeFunctionData({ abi: settlementAbi, functionName: 'requestWithdrawal', args: [zeroAddress, amount] }),
      )
      const block = (await ctx.evm.result('eth_getBlockByNumber', [announced?.blockNumber, false])) as {
        timestamp: string
      }
      const request = decodeFunctionResult({
        abi: settlementAbi,
        functionName: 'withdrawalRequestOf',
        data: (await ctx.evm.result('eth_call', [
          {
            to: settlement,
            data: encodeFunctionData({
              abi: settlementAbi,
              functionName: 'withdrawalRequestOf',
              args: [caller.address, zeroAddress],
            }),
          },
          'latest',
        ])) as Hex,
      })
      expectEqual(request[0], amount, 'announced amount')
      expectEqual(request[1], BigInt(block.timestamp) + BigInt(SETTLEMENT_WITHDRAWAL_DELAY_S), 'readyAt')
      await expectRevert('WithdrawalNotReady(address,address,uint256)', 'withdraw before the notice has passed')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.faucet',
    title: 'SpaceFaucet drips FAUCET_AMOUNT_WEI to a caller and refuses the same caller again within the cooldown',
    requirements: ['NP-EVM-028'],
    role,
    async run(ctx) {
      const faucet = contract(ctx, 'SpaceFaucet')
      const amount = BigInt(FAUCET_AMOUNT_WEI)
      // A caller with SPACE for gas (and, when the faucet is dry, its float: anyone may fund it).
      const float = await ctx.evm.balance(faucet)
      const needed = float >= amount ? 10_000n : amount / 100_000_000_000_000n + 10_000n
      const caller = await deposit(ctx, needed)
      if (float < amount) {
        const funded = await sendLegacy(ctx, caller, { to: faucet, value: amount, gas: 100_000n })
        const hash = funded.body?.result
        if (typeof hash !== 'string')
          throw new CaseFailedError('funding the faucet is accepted', { actual: funded.text.slice(0, 200) })
        expectEqual((await receiptOf(ctx, hash))?.status, '0x1', 'funding receipt')
      }
      const before = await ctx.evm.balance(caller.address)
      const dripped = await sendLegacy(ctx, caller, {
        to: faucet,
        value: 0n,
        data: encodeFunctionData({ abi: faucetAbi, functionName: 'drip' }),
        gas: 200_000n,
      })
      const hash = dripped.body?.result
      if (typeof hash !== 'string')
        throw new CaseFailedError('drip is accepted', { actual: dripped.text.slice(0, 200) })
      const receipt = await receiptOf(ctx, hash)
      expectEqual(receipt?.status, '0x1', 'drip receipt')
      const gas = BigInt(String(receipt?.gasUsed)) * gasPrice
      expectEqual(await ctx.evm.balance(caller.address), before + amount - gas, 'balance after one drip')
      const again = await ctx.evm.call('eth_call', [
        {
          from: caller.address,
          to: faucet,
          data: encodeFunctionData({ abi: faucetAbi, functionName: 'drip' }),
          gas: '0x30d40',
        },
        'latest',
      ])
      if (!again.body?.error)
        throw new CaseFailedError('a second drip within the cooldown must revert', { actual: again.text.slice(0, 200) })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.insurance-timeout',
    title: 'SpaceInsurance accepts a policy timeout at either bound and refuses one just outside',
    requirements: ['NP-EVM-030'],
    role,
    async run(ctx) {
      const insurance = contract(ctx, 'SpaceInsurance')
      const owner = privateKeyToAccount(generatePrivateKey()).address
      const beneficiary = privateKeyToAccount(generatePrivateKey()).address
      const create = (timeout: number) =>
        ctx.evm.call('eth_call', [
          {
            from: owner,
            to: insurance,
            data: encodeFunctionData({
              abi: insuranceAbi,
              functionName: 'createPolicy',
              args: [beneficiary, BigInt(timeout), [], []],
            }) as Hex,
            gas: '0x7a120',
          },
          'latest',
        ])
      const wrong: string[] = []
      for (const timeout of [INSURANCE_MIN_TIMEOUT_S, INSURANCE_MAX_TIMEOUT_S]) {
        const answer = await create(timeout)
        if (answer.body?.error) wrong.push(`${timeout} s refused: ${answer.body.error.message}`)
      }
      for (const timeout of [INSURANCE_MIN_TIMEOUT_S - 1, INSURANCE_MAX_TIMEOUT_S + 1, 0]) {
        const answer = await create(timeout)
        if (!answer.body?.error) wrong.push(`${timeout} s accepted`)
      }
      if (wrong.length > 0)
        throw new CaseFailedError('timeouts within [INSURANCE_MIN_TIMEOUT_S, INSURANCE_MAX_TIMEOUT_S] only', {
          actual: wrong.join(' | '),
        })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.vault-ltv',
    title:
      'SpaceVault lends the same asset up to VAULT_LTV_BPS of the deposit: one unit more reverts, the maximum is paid minus the origination fee',
    requirements: ['NP-EVM-021'],
    role,
    async run(ctx) {
      const vault = contract(ctx, 'SpaceVault')
      const token = contract(ctx, 'USDT.s')
      const caller = await bridgeStablecoin(ctx, 'USDT', 100_000n) // 10.0000 USDT → USDT.s
      const balance = await readUint(
        ctx,
        token,
        encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [caller.address] }),
      )
      const send = async (to: Hex, data: Hex, what: string) => {
        const sent = await sendLegacy(ctx, caller, { to, value: 0n, data, gas: 300_000n })
        const hash = sent.body?.result
        if (typeof hash !== 'string')
          throw new CaseFailedError(`${what} is accepted`, { actual: sent.text.slice(0, 200) })
        expectEqual((await receiptOf(ctx, hash))?.status, '0x1', `${what} receipt`)
      }
      await send(
        token,
        encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [vault, balance] }),
        'approve',
      )
      await send(
        vault,
        encodeFunctionData({ abi: vaultAbi, functionName: 'deposit', args: [token, balance] }),
        'deposit',
      )
      const max = (balance * BigInt(VAULT_LTV_BPS)) / 10_000n
      const capacity = await readUint(
        ctx,
        vault,
        encodeFunctionData({ abi: vaultAbi, functionName: 'maxBorrow', args: [caller.address, token] }),
      )
      expectEqual(capacity, max, 'maxBorrow = deposit × VAULT_LTV_BPS')
      const over = await ctx.evm.call('eth_call', [
        {
          from: caller.address,
          to: vault,
          data: encodeFunctionData({ abi: vaultAbi, functionName: 'borrow', args: [token, max + 1n] }),
          gas: '0x493e0',
        },
        'latest',
      ])
      if (!over.body?.error)
        throw new CaseFailedError('borrowing one unit above the LTV must revert', { actual: over.text.slice(0, 200) })
      await send(
        vault,
        encodeFunctionData({ abi: vaultAbi, functionName: 'borrow', args: [token, max] }),
        'borrow at the LTV',
      )
      const fee = (max * BigInt(VAULT_ORIGINATION_FEE_BPS) + 9_999n) / 10_000n
      const after = await readUint(
        ctx,
        token,
        encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [caller.address] }),
      )
      expectEqual(after, max - fee, 'paid out: the borrowed amount minus the origination fee (rounded up)')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.fiat-stablecoins',
    title:
      'FiatStablecoinFactory refuses a repeated idempotency key, queues a redemption above the single-transaction limit, and stops minting while an attested deficit is too large',
    requirements: ['NP-EVM-025', 'NP-EVM-026', 'NP-EVM-024'],
    role,
    async run(ctx) {
      const factory = contract(ctx, 'FiatStablecoinFactory')
      const token = contract(ctx, 'GBP.s')
      const keyOf = (role: string) => {
        const key = ctx.evmKeys[role]
        if (!key) skipCase(`needs the EVM key of the ${role} role (--evm-key ${role}=0x…)`)
        return privateKeyToAccount(key as Hex)
      }
      const signer = keyOf('treasurySigner')
      const reconciler = keyOf('reconciler')
      const admin = keyOf('admin')
      const send = async (from: ReturnType<typeof privateKeyToAccount>, data: Hex, what: string) => {
        const sent = await sendLegacy(ctx, from, { to: factory, value: 0n, data, gas: 400_000n })
        const hash = sent.body?.result
        if (typeof hash !== 'string')
          throw new CaseFailedError(`${what} is accepted`, { actual: sent.text.slice(0, 200) })
        expectEqual((await receiptOf(ctx, hash))?.status, '0x1', `${what} receipt`)
      }
      const simulate = (from: string, data: Hex) =>
        ctx.evm.call('eth_call', [{ from, to: factory, data, gas: '0x7a120' }, 'latest'])
      const holder = privateKeyToAccount(generatePrivateKey())
      const idem = () => `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('hex')}` as Hex
      // NP-EVM-025: a mint, then the same idempotency key again.
      const limit = await readUint(ctx, factory, encodeFunctionData({ abi: fiatAbi, functionName: 'singleLimit' }))
      const key = idem()
      await send(
        signer,
        encodeFunctionData({ abi: fiatAbi, functionName: 'mint', args: [token, holder.address, limit + 1n, key] }),
        'mint',
      )
      const replay = await simulate(
        signer.address,
        encodeFunctionData({ abi: fiatAbi, functionName: 'mint', args: [token, holder.address, 1n, key] }),
      )
      if (!replay.body?.error)
        throw new CaseFailedError('a repeated idempotency key must revert', { actual: replay.text.slice(0, 200) })
      // NP-EVM-026: the holder approves the factory; a redemption above the single limit is queued, one within is not.
      const gas = await deposit(ctx, 10_000n)
      const funded = await sendLegacy(ctx, gas, { to: holder.address, value: 5n * 10n ** 17n })
      if (typeof funded.body?.result !== 'string')
        throw new CaseFailedError('funding the holder', { actual: funded.text.slice(0, 200) })
      await receiptOf(ctx, funded.body.result)
      const approved = await sendLegacy(ctx, holder, {
        to: token,
        value: 0n,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [factory, limit + 1n] }),
        gas: 100_000n,
      })
      if (typeof approved.body?.result !== 'string')
        throw new CaseFailedError('approve', { actual: approved.text.slice(0, 200) })
      expectEqual((await receiptOf(ctx, approved.body.result))?.status, '0x1', 'approve receipt')
      const queued = await simulate(
        signer.address,
        encodeFunctionData({ abi: fiatAbi, functionName: 'redeem', args: [token, holder.address, limit + 1n, idem()] }),
      )
      if (queued.body?.error || BigInt(String(queued.body?.result)) === 0n) {
        throw new CaseFailedError('a redemption above the single limit is queued (a withdrawal id ≠ 0)', {
          actual: queued.text.slice(0, 200),
        })
      }
      const paid = await simulate(
        signer.address,
        encodeFunctionData({ abi: fiatAbi, functionName: 'redeem', args: [token, holder.address, 1n, idem()] }),
      )
      expectEqual(
        paid.body?.error ? 'reverted' : BigInt(String(paid.body?.result)),
        0n,
        'a small redemption is paid at once (id 0)',
      )
      // NP-EVM-024: an attested deficit pauses minting; a healthy attestation and the admin resume it.
      const supply = await readUint(ctx, token, encodeFunctionData({ abi: erc20Abi, functionName: 'totalSupply' }))
      await send(
        reconciler,
        encodeFunctionData({ abi: fiatAbi, functionName: 'attestReserves', args: [token, 0n, idem()] }),
        'attest no reserves',
      )
      try {
        const paused = await simulate(
          signer.address,
          encodeFunctionData({ abi: fiatAbi, functionName: 'mint', args: [token, holder.address, 1n, idem()] }),
        )
        if (!paused.body?.error)
          throw new CaseFailedError('minting must be refused while the deficit is too large', {
            actual: paused.text.slice(0, 200),
          })
      } finally {
        await send(
          reconciler,
          encodeFunctionData({ abi: fiatAbi, functionName: 'attestReserves', args: [token, supply, idem()] }),
          'attest full reserves',
        )
        await send(
          admin,
          encodeFunctionData({ abi: fiatAbi, functionName: 'resumeMinting', args: [token] }),
          'resume minting',
        )
      }
      const resumed = await simulate(
        signer.address,
        encodeFunctionData({ abi: fiatAbi, functionName: 'mint', args: [token, holder.address, 1n, idem()] }),
      )
      if (resumed.body?.error)
        throw new CaseFailedError('minting resumes after a healthy attestation', { actual: resumed.text.slice(0, 200) })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.rwa-transfers',
    title:
      'an RWA token moves only between investors verified in SpaceIdentityRegistry; the transfer agent may force a transfer from a revoked holder',
    requirements: ['NP-EVM-027'],
    role,
    async run(ctx) {
      const factory = contract(ctx, 'SpaceRWAFactory')
      const registry = contract(ctx, 'SpaceIdentityRegistry')
      const keyOf = (role: string) => {
        const key = ctx.evmKeys[role]
        if (!key) skipCase(`needs the EVM key of the ${role} role (--evm-key ${role}=0x…)`)
        return privateKeyToAccount(key as Hex)
      }
      const admin = keyOf('admin')
      const verifier = keyOf('verifier')
      const send = async (from: ReturnType<typeof privateKeyToAccount>, to: Hex, data: Hex, what: string) => {
        const sent = await sendLegacy(ctx, from, { to, value: 0n, data, gas: 6_000_000n })
        const hash = sent.body?.result
        if (typeof hash !== 'string')
          throw new CaseFailedError(`${what} is accepted`, { actual: sent.text.slice(0, 200) })
        expectEqual((await receiptOf(ctx, hash))?.status, '0x1', `${what} receipt`)
      }
      const [a, b, c] = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey()).address) as [Hex, Hex, Hex]
      const dividend = contract(ctx, 'USD.s')
      await send(
        admin,
        factory,
        encodeFunctionData({
          abi: rwaAbi,
          functionName: 'createToken',
          args: [
            {
              name: 'Conformance RWA',
              symbol: 'CRWA',
              decimals: 18,
              assetClass: 0,
              dividendToken: dividend,
              admin: admin.address,
              transferAgent: admin.address,
            },
          ],
        }),
        'createToken',
      )
      const tokens = (await ctx.evm.result('eth_call', [
        { to: factory, data: encodeFunctionData({ abi: rwaAbi, functionName: 'tokens' }) },
        'latest',
      ])) as Hex
      const list = decodeFunctionResult({ abi: rwaAbi, functionName: 'tokens', data: tokens }) as readonly Hex[]
      const token = list[list.length - 1] as Hex
      const expires = BigInt(Math.floor(Date.now() / 1000) + 10 * 365 * 86_400)
      const verify = (who: Hex) =>
        send(
          verifier,
          registry,
          encodeFunctionData({ abi: rwaAbi, functionName: 'setIdentity', args: [who, 1, '0x4445', expires] }),
          `verify ${who}`,
        )
      await verify(a)
      await send(
        admin,
        token,
        encodeFunctionData({ abi: rwaAbi, functionName: 'mint', args: [a, 100n] }),
        'mint to a verified investor',
      )
      const move = (from: Hex, to: Hex) =>
        ctx.evm.call('eth_call', [
          {
            from,
            to: token,
            data: encodeFunctionData({ abi: rwaAbi, functionName: 'transfer', args: [to, 10n] }),
            gas: '0x493e0',
          },
          'latest',
        ])
      const expectReverts = async (answer: ReturnType<typeof move>, what: string) => {
        const settled = await answer
        if (!settled.body?.error)
          throw new CaseFailedError(`${what} must revert`, { actual: settled.text.slice(0, 200) })
      }
      await expectReverts(move(a, b), 'a transfer to an unverified investor')
      await verify(b)
      const ok = await move(a, b)
      if (ok.body?.error)
        throw new CaseFailedError('a transfer between verified investors', { actual: ok.text.slice(0, 200) })
      await send(
        verifier,
        registry,
        encodeFunctionData({ abi: rwaAbi, functionName: 'revokeIdentity', args: [a, 'conformance'] }),
        'revoke a',
      )
      await expectReverts(move(a, b), 'a transfer from a revoked investor')
      const forced = await ctx.evm.call('eth_call', [
        {
          from: admin.address,
          to: token,
          data: encodeFunctionData({ abi: rwaAbi, functionName: 'forcedTransfer', args: [a, b, 10n, 'court order'] }),
          gas: '0x493e0',
        },
        'latest',
      ])
      if (forced.body?.error)
        throw new CaseFailedError('the transfer agent forces a transfer from a revoked holder', {
          actual: forced.text.slice(0, 200),
        })
      await expectReverts(
        ctx.evm.call('eth_call', [
          {
            from: admin.address,
            to: token,
            data: encodeFunctionData({ abi: rwaAbi, functionName: 'forcedTransfer', args: [a, c, 10n, 'court order'] }),
            gas: '0x493e0',
          },
          'latest',
        ]),
        'a forced transfer to an unverified investor',
      )
    },
  }),
]
