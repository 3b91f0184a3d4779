import {
  EVM_GAS_PRICE_WEI,
  FAUCET_AMOUNT_WEI,
  INSURANCE_MAX_TIMEOUT_S,
  INSURANCE_MIN_TIMEOUT_S,
  VAULT_LTV_BPS,
  VAULT_ORIGINATION_FEE_BPS,
} from '@spaceos/generated/parameters'
import { encodeFunctionData, type Hex, parseAbi } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { CaseFailedError, type ConformanceCase, defineCase } from '../../case.ts'
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
])
const vaultAbi = parseAbi([
  'function deposit(address asset, uint256 amount)',
  'function borrow(address asset, uint256 amount) returns (uint256)',
  'function maxBorrow(address user, address asset) view returns (uint256)',
])

export const contractCases: ConformanceCase<ChainContext>[] = [
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
]
