import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { type Hex, keccak256, parseSignature, serializeTransaction } from 'viem'
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { CaseFailedError, type ConformanceCase, defineCase } from '../../case.ts'
import { expectRpcError } from './evm.ts'
import { type ChainContext, expectEqual, role } from './shared.ts'

const REJECTED = -32000
const gasPrice = BigInt(EVM_GAS_PRICE_WEI)
const to = '0x000000000000000000000000000000000000c0de' as const

/** A fresh, unfunded signer: rejections must come from the wrapper's rules, not from a missing balance. */
const signer = () => privateKeyToAccount(generatePrivateKey())

/** A raw legacy transaction signed without EIP-155 (v = 27/28). */
async function preEip155(account: ReturnType<typeof signer>): Promise<Hex> {
  const tx = { type: 'legacy', nonce: 0, gas: 21_000n, gasPrice, to, value: 1n } as const
  const signature = await account.sign({ hash: keccak256(serializeTransaction(tx)) })
  return serializeTransaction(tx, parseSignature(signature))
}

export const evmCases: ConformanceCase<ChainContext>[] = [
  defineCase<ChainContext>({
    id: 'chain.evm.identity',
    title: 'eth_chainId and net_version are EVM_CHAIN_ID, eth_gasPrice is EVM_GAS_PRICE_WEI; standard methods answer',
    requirements: ['NP-EVM-001', 'NP-EVM-013'],
    role,
    async run({ evm }) {
      expectEqual(BigInt(String(await evm.result('eth_chainId'))), BigInt(EVM_CHAIN_ID), 'eth_chainId')
      expectEqual(String(await evm.result('net_version')), String(EVM_CHAIN_ID), 'net_version')
      expectEqual(BigInt(String(await evm.result('eth_gasPrice'))), gasPrice, 'eth_gasPrice')
      const number = BigInt(String(await evm.result('eth_blockNumber')))
      const block = (await evm.result('eth_getBlockByNumber', ['latest', false])) as { number?: string } | null
      if (!block || BigInt(String(block.number)) < number) {
        throw new CaseFailedError('eth_getBlockByNumber latest', { actual: JSON.stringify(block)?.slice(0, 200) })
      }
      if (typeof (await evm.result('web3_clientVersion')) !== 'string') throw new CaseFailedError('web3_clientVersion')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.typed-refused',
    title:
      'EIP-1559 and EIP-2930 raw transactions are refused with -32000 saying only legacy transactions are accepted',
    requirements: ['NP-EVM-010', 'NP-EVM-002'],
    role,
    async run({ evm }) {
      const account = signer()
      const common = { chainId: EVM_CHAIN_ID, nonce: 0, gas: 21_000n, to, value: 1n }
      const eip1559 = await account.signTransaction({
        ...common,
        type: 'eip1559',
        maxFeePerGas: gasPrice,
        maxPriorityFeePerGas: gasPrice,
      })
      const eip2930 = await account.signTransaction({ ...common, type: 'eip2930', gasPrice, accessList: [] })
      for (const [what, raw] of [
        ['EIP-1559', eip1559],
        ['EIP-2930', eip2930],
      ] as const) {
        expectRpcError(await evm.call('eth_sendRawTransaction', [raw]), REJECTED, /legacy/i, `${what} transaction`)
      }
      expectEqual(await evm.nonce(account.address), 0, 'nothing was executed')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.chain-id',
    title: 'a legacy transaction signed for another chain ID, or without EIP-155, is refused naming chain ID 800000',
    requirements: ['NP-EVM-011', 'NP-EVM-002'],
    role,
    async run({ evm }) {
      const account = signer()
      const mainnet = await account.signTransaction({
        type: 'legacy',
        chainId: 1,
        nonce: 0,
        gas: 21_000n,
        gasPrice,
        to,
        value: 1n,
      })
      const expected = new RegExp(String(EVM_CHAIN_ID))
      expectRpcError(await evm.call('eth_sendRawTransaction', [mainnet]), REJECTED, expected, 'signed for chain 1')
      expectRpcError(
        await evm.call('eth_sendRawTransaction', [await preEip155(account)]),
        REJECTED,
        expected,
        'no EIP-155',
      )
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.gas-price',
    title: 'a gas price below EVM_GAS_PRICE_WEI is refused with -32000 naming the minimum',
    requirements: ['NP-EVM-012'],
    role,
    async run({ evm }) {
      const account = signer()
      const raw = await account.signTransaction({
        type: 'legacy',
        chainId: EVM_CHAIN_ID,
        nonce: 0,
        gas: 21_000n,
        gasPrice: gasPrice - 1n,
        to,
        value: 1n,
      })
      expectRpcError(
        await evm.call('eth_sendRawTransaction', [raw]),
        REJECTED,
        new RegExp(`${gasPrice}|${gasPrice / 1_000_000_000n} ?gwei`, 'i'),
        'gas price 1 wei below the minimum',
      )
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.push0',
    title: 'contract-creation code with PUSH0 is refused; 0x5f as PUSH data is not mistaken for it',
    requirements: ['NP-EVM-004', 'NP-EVM-003'],
    role,
    async run({ evm }) {
      const account = signer()
      const create = (data: Hex) =>
        account.signTransaction({ type: 'legacy', chainId: EVM_CHAIN_ID, nonce: 0, gas: 100_000n, gasPrice, data })
      // PUSH0 PUSH0 RETURN
      expectRpcError(
        await evm.call('eth_sendRawTransaction', [await create('0x5f5ff3')]),
        REJECTED,
        /PUSH0/,
        'PUSH0 in creation code',
      )
      // PUSH1 0x5f PUSH1 0x00 RETURN: 0x5f is data. Unfunded, so the EVM refuses it — for the balance, not for PUSH0.
      const data = await evm.call('eth_sendRawTransaction', [await create('0x605f6000f3')])
      if (/PUSH0/.test(data.body?.error?.message ?? '')) {
        throw new CaseFailedError('0x5f inside PUSH data is not PUSH0', { actual: String(data.body?.error?.message) })
      }
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.paris-rules',
    title: 'the EVM executes paris rules: PUSH0 is an invalid opcode in eth_call, PUSH1 is fine',
    requirements: ['NP-EVM-003'],
    role,
    async run({ evm }) {
      const from = signer().address
      const call = (data: Hex) => evm.call('eth_call', [{ from, data, gas: '0x30000' }, 'latest'])
      const push0 = await call('0x5f5ff3') // PUSH0 PUSH0 RETURN as init code
      if (!push0.body?.error) throw new CaseFailedError('PUSH0 must not execute', { actual: push0.text.slice(0, 200) })
      const push1 = await call('0x60006000f3') // PUSH1 0 PUSH1 0 RETURN
      if (push1.body?.error) throw new CaseFailedError('PUSH1 code executes', { actual: push1.text.slice(0, 200) })
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.batch-rules',
    title: 'inside a JSON-RPC batch, a typed transaction and a cheat method are refused like single requests',
    requirements: ['NP-EVM-010', 'NP-EVM-014', 'NP-EVM-013'],
    role,
    async run({ evm }) {
      const account = signer()
      const eip1559 = await account.signTransaction({
        type: 'eip1559',
        chainId: EVM_CHAIN_ID,
        nonce: 0,
        gas: 21_000n,
        to,
        value: 1n,
        maxFeePerGas: gasPrice,
        maxPriorityFeePerGas: gasPrice,
      })
      const answer = await evm.post(
        JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
          { jsonrpc: '2.0', id: 2, method: 'eth_sendRawTransaction', params: [eip1559] },
          { jsonrpc: '2.0', id: 3, method: 'anvil_setBalance', params: [account.address, '0x56bc75e2d63100000'] },
        ]),
      )
      const items = JSON.parse(answer.text) as {
        id: number
        result?: unknown
        error?: { code: number; message: string }
      }[]
      if (!Array.isArray(items))
        throw new CaseFailedError('a batch is answered with an array', { actual: answer.text.slice(0, 200) })
      const byId = new Map(items.map((i) => [i.id, i]))
      expectEqual(BigInt(String(byId.get(1)?.result)), BigInt(EVM_CHAIN_ID), 'eth_chainId inside the batch')
      const typed = byId.get(2)?.error
      if (typed?.code !== REJECTED || !/legacy/i.test(typed.message)) {
        throw new CaseFailedError('EIP-1559 inside a batch', {
          expected: '-32000 …legacy…',
          actual: JSON.stringify(byId.get(2)),
        })
      }
      expectEqual(byId.get(3)?.error?.code, -32601, 'anvil_setBalance inside a batch')
      expectEqual(await evm.balance(account.address), 0n, 'balance after the batch')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.cheats-refused',
    title: 'anvil_*, evm_* and hardhat_* methods are refused with -32601 and mint nothing',
    requirements: ['NP-EVM-014', 'NP-BRDG-001'],
    role,
    async run({ evm }) {
      const address = signer().address
      const mint = '0x56bc75e2d63100000'
      for (const [method, params] of [
        ['anvil_setBalance', [address, mint]],
        ['hardhat_setBalance', [address, mint]],
        ['evm_mine', []],
        ['evm_increaseTime', [3600]],
        ['anvil_impersonateAccount', [address]],
      ] as const) {
        expectRpcError(await evm.call(method, [...params]), -32601, /./, method)
      }
      expectEqual(await evm.balance(address), 0n, 'balance after the refused cheats')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.unlocked-refused',
    title: 'eth_sendTransaction and eth_sign are refused: the chain holds no unlocked accounts',
    requirements: ['NP-EVM-016', 'NP-EVM-017'],
    role,
    async run({ evm }) {
      const address = signer().address
      for (const [method, params] of [
        ['eth_sendTransaction', [{ from: address, to, value: '0x1' }]],
        ['eth_sign', [address, '0x00']],
        ['eth_accounts', []],
      ] as const) {
        const answer = await evm.call(method, [...params])
        if (method === 'eth_accounts') {
          const accounts = answer.body?.result
          if (!answer.body?.error && Array.isArray(accounts) && accounts.length > 0)
            throw new CaseFailedError('eth_accounts lists no unlocked accounts', { actual: JSON.stringify(accounts) })
          continue
        }
        if (!answer.body?.error)
          throw new CaseFailedError(`${method} must be refused`, { actual: answer.text.slice(0, 200) })
      }
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.malformed',
    title:
      'malformed JSON is answered -32700, a request without method -32600, undecodable raw transactions and an oversized body are refused',
    requirements: ['NP-EVM-015'],
    role,
    async run({ evm }) {
      expectRpcError(await evm.post('{"jsonrpc":"2.0","id":1,"method":'), -32700, /./, 'malformed JSON')
      expectRpcError(await evm.post('{"jsonrpc":"2.0","id":1}'), -32600, /./, 'a request without method')
      for (const raw of ['0x', '0xzz', '0xc0', `0x${'f8'.repeat(40)}`]) {
        const answer = await evm.call('eth_sendRawTransaction', [raw])
        if (!answer.body?.error)
          throw new CaseFailedError(`raw transaction ${raw.slice(0, 12)} must be refused`, {
            actual: answer.text.slice(0, 200),
          })
      }
      const huge = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'eth_chainId',
        params: ['a'.repeat(8 * 1024 * 1024)],
      })
      let refused = false
      try {
        const answer = await evm.post(huge)
        refused = answer.status >= 400 || answer.body?.error !== undefined
      } catch {
        refused = true // connection closed on the oversized body
      }
      if (!refused) throw new CaseFailedError('an 8 MiB body must be refused')
    },
  }),
  defineCase<ChainContext>({
    id: 'chain.evm.no-prefunded',
    title: 'the well-known development accounts (test mnemonic) hold no SPACE on the EVM',
    requirements: ['NP-BRDG-001'],
    role,
    async run({ evm }) {
      const funded: string[] = []
      for (let index = 0; index < 10; index++) {
        const { address } = mnemonicToAccount('test test test test test test test test test test test junk', {
          addressIndex: index,
        })
        if ((await evm.balance(address)) !== 0n) funded.push(address)
      }
      if (funded.length > 0) throw new CaseFailedError('pre-funded development accounts', { actual: funded.join(', ') })
    },
  }),
]
