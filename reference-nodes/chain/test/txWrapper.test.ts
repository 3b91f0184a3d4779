import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { spaceFaucetBytecode } from '@spaceos/generated/evm/bytecode'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { JsonRpcProvider, Wallet } from 'ethers'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeAbiParameters,
  type Hex,
  http,
  parseEther,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningTxWrapper, startTxWrapper } from '../src/index.ts'

const chain = defineChain({
  id: EVM_CHAIN_ID,
  name: 'SPACE OS devnet',
  nativeCurrency: { name: 'SPACE', symbol: 'SPACE', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1'] } },
})
const legacyFees = { type: 'legacy', gasPrice: EVM_GAS_PRICE_WEI } as const
const dead: Address = '0x000000000000000000000000000000000000dEaD'

let wrapper: RunningTxWrapper
let devWrapper: RunningTxWrapper
let upstream: string
const alice = privateKeyToAccount(generatePrivateKey())

/** JSON-RPC straight to anvil (bypassing the wrapper): only for test setup and for reading the truth. */
const direct = async (method: string, params: unknown[] = []) => {
  const res = await fetch(upstream, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await res.json()) as { result: unknown }).result
}
type RpcReply = { id: unknown; result?: unknown; error: { code: number; message: string } }
const post = async (body: string, url = wrapper.url) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  return { status: res.status, json: (await res.json()) as RpcReply & RpcReply[] }
}
const call = async (method: string, params: unknown[] = [], url = wrapper.url) =>
  (await post(JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }), url)).json
const snapshot = async (address: Address) => ({
  balance: await direct('eth_getBalance', [address, 'latest']),
  nonce: await direct('eth_getTransactionCount', [address, 'latest']),
  block: await direct('eth_blockNumber'),
})

beforeAll(async () => {
  wrapper = await startTxWrapper({ anvil: {} })
  upstream = wrapper.anvil?.rpcUrl as string
  devWrapper = await startTxWrapper({ upstreamUrl: upstream, dev: true })
  // anvil starts with no funded accounts [NP-BRDG-001]; fund the test account on the upstream directly.
  await direct('anvil_setBalance', [alice.address, `0x${parseEther('1000').toString(16)}`])
})
afterAll(async () => {
  await devWrapper?.stop()
  await wrapper?.stop()
})

describe('clients nobody here wrote', () => {
  it('viem sends a legacy transfer and deploys a paris-compiled contract through the wrapper [NP-EVM-002]', async () => {
    const transport = http(wrapper.url)
    const wallet = createWalletClient({ account: alice, chain, transport })
    const client = createPublicClient({ chain, transport })
    const hash = await wallet.sendTransaction({ to: dead, value: 1000n, ...legacyFees })
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    expect(await client.getBalance({ address: dead })).toBe(1000n)

    // Real solc output (metadata and a constructor argument after the code) must not trip the PUSH0 check.
    const data = (spaceFaucetBytecode + encodeAbiParameters([{ type: 'address' }], [alice.address]).slice(2)) as Hex
    const deploy = await wallet.sendTransaction({ data, ...legacyFees })
    const receipt = await client.waitForTransactionReceipt({ hash: deploy })
    expect(receipt.status).toBe('success')
    expect(await client.getCode({ address: receipt.contractAddress as Address })).toMatch(/^0x[0-9a-f]{100,}/)

    // A constructor argument that happens to hold 0x5b 0x5f (a random address can) is data, not PUSH0: the
    // static scan's suspicion is settled by running the creation on the paris EVM [NP-EVM-004].
    const tricky = `0x${'5b5f'.repeat(10)}` as Address
    const again = await wallet.sendTransaction({
      data: (spaceFaucetBytecode + encodeAbiParameters([{ type: 'address' }], [tricky]).slice(2)) as Hex,
      ...legacyFees,
    })
    expect((await client.waitForTransactionReceipt({ hash: again })).status).toBe('success')
  })

  it('ethers v6 sends a legacy transfer through the wrapper', async () => {
    const provider = new JsonRpcProvider(wrapper.url, EVM_CHAIN_ID, { staticNetwork: true, batchMaxCount: 1 })
    try {
      const signer = new Wallet(generatePrivateKey(), provider)
      await direct('anvil_setBalance', [signer.address, `0x${parseEther('1').toString(16)}`])
      expect((await provider.getFeeData()).gasPrice).toBe(EVM_GAS_PRICE_WEI)
      const tx = await signer.sendTransaction({ to: dead, value: 5n, type: 0, gasPrice: EVM_GAS_PRICE_WEI })
      expect((await tx.wait())?.status).toBe(1)
      expect(await provider.getTransactionCount(signer.address)).toBe(1)
    } finally {
      provider.destroy()
    }
  })

  it("Foundry's cast reads the chain and sends a legacy transfer; its default EIP-1559 send is rejected", async () => {
    const cast = join(dirname(createRequire(import.meta.url).resolve('@foundry-rs/cast/package.json')), 'bin.mjs')
    const run = (args: string[]) => promisify(execFile)(process.execPath, [cast, ...args, '--rpc-url', wrapper.url])
    const key = generatePrivateKey()
    const from = privateKeyToAccount(key).address
    await direct('anvil_setBalance', [from, `0x${parseEther('1').toString(16)}`])
    expect((await run(['chain-id'])).stdout.trim()).toBe(String(EVM_CHAIN_ID))
    await run([
      'send',
      dead,
      '--value',
      '7',
      '--legacy',
      '--gas-price',
      String(EVM_GAS_PRICE_WEI),
      '--private-key',
      key,
    ])
    expect(await direct('eth_getTransactionCount', [from, 'latest'])).toBe('0x1')
    // cast's npm launcher exits 0 even when cast fails, so the refusal is read from its error output.
    const refused = await run(['send', dead, '--value', '7', '--private-key', key]).catch(
      (error: { stderr: string }) => error,
    )
    expect(refused.stderr).toMatch(/error code -32000: Only legacy \(type 0\) transactions are accepted/)
    expect(await direct('eth_getTransactionCount', [from, 'latest'])).toBe('0x1')
  })
})

describe('transactions the real chain would refuse change nothing', () => {
  const base = { chainId: EVM_CHAIN_ID, gas: 21_000n, to: dead, value: 1n } as const
  const cases: [string, () => Promise<Hex>, RegExp][] = [
    [
      'an EIP-1559 transaction [NP-EVM-010]',
      async () =>
        alice.signTransaction({
          ...base,
          type: 'eip1559',
          maxFeePerGas: EVM_GAS_PRICE_WEI,
          maxPriorityFeePerGas: 1n,
          nonce: await nonce(),
        }),
      /Only legacy \(type 0\) transactions are accepted.*EIP-1559/,
    ],
    [
      'an EIP-2930 transaction [NP-EVM-010]',
      async () =>
        alice.signTransaction({ ...base, type: 'eip2930', gasPrice: EVM_GAS_PRICE_WEI, nonce: await nonce() }),
      /EIP-2930/,
    ],
    [
      'a transaction for chain ID 1 [NP-EVM-011]',
      async () => alice.signTransaction({ ...base, ...legacyFees, chainId: 1, nonce: await nonce() }),
      /chain ID 1; the SPACE OS EVM is chain ID 800000/,
    ],
    [
      'a gas price below 150 gwei [NP-EVM-012]',
      async () =>
        alice.signTransaction({ ...base, type: 'legacy', gasPrice: EVM_GAS_PRICE_WEI / 2n, nonce: await nonce() }),
      /below the minimum of 150000000000 wei/,
    ],
    [
      'a deployment whose code uses PUSH0 [NP-EVM-004]',
      async () =>
        alice.signTransaction({
          ...legacyFees,
          chainId: EVM_CHAIN_ID,
          gas: 100_000n,
          data: '0x5f5ff3',
          nonce: await nonce(),
        }),
      /PUSH0/,
    ],
  ]
  const nonce = async () => Number(await direct('eth_getTransactionCount', [alice.address, 'latest']))

  it.each(cases)('rejects %s with -32000 and a reason', async (_, sign, message) => {
    const before = await snapshot(alice.address)
    const { json } = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'eth_sendRawTransaction', params: [await sign()] }),
    )
    expect(json).toMatchObject({ jsonrpc: '2.0', id: 3, error: { code: -32000 } })
    expect(json.error.message).toMatch(message)
    expect(await snapshot(alice.address)).toEqual(before)
  })

  it('refuses eth_sendTransaction: the chain holds no unlocked accounts', async () => {
    const before = await snapshot(alice.address)
    const json = await call('eth_sendTransaction', [{ from: alice.address, to: dead, value: '0x1' }])
    expect(json.error).toMatchObject({ code: -32601, message: expect.stringMatching(/eth_sendRawTransaction/) })
    expect(await snapshot(alice.address)).toEqual(before)
  })
})

describe('methods', () => {
  it('answers eth_gasPrice with the fixed 150 gwei and passes eth_chainId through [NP-EVM-013]', async () => {
    expect((await call('eth_gasPrice')).result).toBe(`0x${EVM_GAS_PRICE_WEI.toString(16)}`)
    expect((await call('eth_chainId')).result).toBe(`0x${EVM_CHAIN_ID.toString(16)}`)
    expect((await call('net_version')).result).toBe(String(EVM_CHAIN_ID))
    expect((await call('web3_clientVersion')).result).toMatch(/anvil/)
  })

  it('refuses cheat methods with -32601 unless the dev flag is set [NP-EVM-014]', async () => {
    const before = await snapshot(alice.address)
    for (const method of ['anvil_setBalance', 'hardhat_setBalance']) {
      const json = await call(method, [alice.address, '0xffffffffffffffffffff'])
      expect(json.error).toMatchObject({ code: -32601, message: expect.stringMatching(/cheat method.*--dev/) })
    }
    expect((await call('evm_mine')).error.code).toBe(-32601)
    expect(await snapshot(alice.address)).toEqual(before)

    expect((await call('evm_mine', [], devWrapper.url)).result).toBe('0x0')
    expect(await direct('eth_blockNumber')).not.toBe(before.block)
  })

  it('still enforces the transaction rules with the dev flag', async () => {
    const raw = await alice.signTransaction({ ...legacyFees, chainId: 1, gas: 21_000n, to: dead, nonce: 0 })
    expect((await call('eth_sendRawTransaction', [raw], devWrapper.url)).error.code).toBe(-32000)
    expect((await call('eth_sendTransaction', [{ from: alice.address }], devWrapper.url)).error.code).toBe(-32601)
  })

  it('answers an unknown method with -32601 and an invalid request with -32600', async () => {
    expect((await call('foo_bar')).error).toMatchObject({ code: -32601, message: expect.stringMatching(/foo_bar/) })
    expect((await post(JSON.stringify({ jsonrpc: '2.0', id: 1 }))).json.error.code).toBe(-32600)
    expect((await post('[]')).json.error.code).toBe(-32600)
  })

  it('answers a batch request element by element', async () => {
    const { json } = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 2, method: 'anvil_mine', params: [] },
        { jsonrpc: '2.0', id: 3, method: 'eth_gasPrice', params: [] },
      ]),
    )
    expect(json).toMatchObject([
      { id: 1, result: `0x${EVM_CHAIN_ID.toString(16)}` },
      { id: 2, error: { code: -32601 } },
      { id: 3, result: `0x${EVM_GAS_PRICE_WEI.toString(16)}` },
    ])
  })
})

describe('HTTP boundary', () => {
  it('answers malformed JSON with -32700 and forwards nothing [NP-EVM-015]', async () => {
    const before = await snapshot(alice.address)
    const { status, json } = await post('{"jsonrpc":"2.0","method":"eth_sendRawTransaction",')
    expect(status).toBe(400)
    expect(json.error).toMatchObject({ code: -32700, message: expect.stringMatching(/not valid JSON/) })
    expect(await snapshot(alice.address)).toEqual(before)
  })

  it('refuses an oversized body with HTTP 413 and forwards nothing [NP-EVM-015]', async () => {
    const before = await snapshot(alice.address)
    const raw = await alice.signTransaction({
      ...legacyFees,
      chainId: EVM_CHAIN_ID,
      gas: 30_000_000n,
      to: dead,
      nonce: 0,
      data: `0x${'00'.repeat(600_000)}`,
    })
    const { status, json } = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_sendRawTransaction', params: [raw] }),
    )
    expect(status).toBe(413)
    expect(json.error).toMatchObject({ code: -32600, message: expect.stringMatching(/exceeds 1048576 bytes/) })
    expect(await snapshot(alice.address)).toEqual(before)
  })

  it('serves /healthz, /readyz and request metrics by method and result', async () => {
    expect((await fetch(`${wrapper.url}/healthz`)).status).toBe(200)
    expect(await (await fetch(`${wrapper.url}/readyz`)).json()).toMatchObject({ status: 'ready' })
    const metrics = await (await fetch(`${wrapper.url}/metrics`)).text()
    expect(metrics).toMatch(/spaceos_txwrapper_requests_total\{method="eth_sendRawTransaction",result="error"\} \d+/)
    expect(metrics).toMatch(/spaceos_txwrapper_requests_total\{method="eth_chainId",result="ok"\} \d+/)
  })
})
