import { type Anvil, startAnvil } from '@spaceos/evm/node'
import { spaceStablecoinAbi } from '@spaceos/generated/evm/abis'
import { spaceStablecoinBytecode } from '@spaceos/generated/evm/bytecode'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import type { KisEvmTransaction } from '@spaceos/kis'
import {
  createPublicClient,
  encodeDeployData,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  http,
  numberToHex,
  type PublicClient,
  parseEther,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestKis, type TestKis } from './helpers.ts'

let anvil: Anvil
let kis: TestKis
let client: PublicClient
beforeAll(async () => {
  anvil = await startAnvil({ chainId: EVM_CHAIN_ID })
  kis = await startTestKis({ evmRpcUrl: anvil.url })
  client = createPublicClient({ transport: http(anvil.url) }) as PublicClient
})
afterAll(async () => {
  await kis?.stop()
  await anvil?.stop()
})

/** Anvil's dev balance, in this test only: gives an address SPACE to pay gas with. */
const fund = (address: `0x${string}`, wei: bigint) =>
  client.request({ method: 'anvil_setBalance' as never, params: [address, numberToHex(wei)] as never })

/** Signs with KIS and sends; resolves with the mined receipt. */
async function send(keyId: string, from: `0x${string}`, t: { to?: `0x${string}`; data?: Hex; value?: bigint }) {
  const nonce = await client.getTransactionCount({ address: from, blockTag: 'pending' })
  const gas = ((await client.estimateGas({ account: from, ...t })) * 12n) / 10n
  const transaction: KisEvmTransaction = { ...t, nonce, gas, gasPrice: EVM_GAS_PRICE_WEI, chainId: EVM_CHAIN_ID }
  const { rawSignedTransaction, hash } = await kis.client.signEvm({ keyId, transaction })
  expect(await client.sendRawTransaction({ serializedTransaction: rawSignedTransaction })).toBe(hash)
  return client.waitForTransactionReceipt({ hash })
}

describe('sign-evm against a real anvil (chain 800000)', () => {
  it('a transfer signed in KIS is mined and moves the value', async () => {
    const key = await kis.client.createKey({ kind: 'evm' })
    const from = key.address as `0x${string}`
    await fund(from, parseEther('1'))
    const to = `0x${'77'.repeat(20)}` as const
    const receipt = await send(key.keyId, from, { to, value: 12345n })
    expect(receipt.status).toBe('success')
    expect(receipt.from.toLowerCase()).toBe(from.toLowerCase())
    expect(await client.getBalance({ address: to })).toBe(12345n)
  })

  it('anvil refuses nothing KIS signs, and KIS refuses what anvil would also take (type 2)', async () => {
    const key = await kis.client.createKey({ kind: 'evm' })
    await expect(
      kis.client.signEvm({
        keyId: key.keyId,
        transaction: {
          to: key.address as `0x${string}`,
          nonce: 0,
          gas: 21_000n,
          gasPrice: EVM_GAS_PRICE_WEI,
          chainId: EVM_CHAIN_ID,
          type: 'eip1559',
        },
      }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
  })
})

describe('POST /rotate on anvil', () => {
  it('sweeps ERC-20 and native balances to the new key, swaps the key ID, retires the old key', async () => {
    // Issuer key deploys an ERC-20 (SpaceStablecoin) through KIS and mints to the key that will rotate.
    const issuer = await kis.client.createKey({ kind: 'evm' })
    const issuerAddress = issuer.address as `0x${string}`
    await fund(issuerAddress, parseEther('10'))
    const deploy = await send(issuer.keyId, issuerAddress, {
      data: encodeDeployData({
        abi: spaceStablecoinAbi,
        bytecode: spaceStablecoinBytecode,
        args: ['Test USD', 'TUSD', 6],
      }),
    })
    const token = deploy.contractAddress as `0x${string}`
    expect(token).toMatch(/^0x/)

    const wallet = await kis.client.createKey({ kind: 'evm', label: 'proxy' })
    const oldAddress = wallet.address as `0x${string}`
    await send(issuer.keyId, issuerAddress, {
      to: token,
      data: encodeFunctionData({ abi: spaceStablecoinAbi, functionName: 'mint', args: [oldAddress, 1_000_000n] }),
    })
    await fund(oldAddress, parseEther('2'))

    const rotation = await kis.client.rotate({ keyId: wallet.keyId, tokens: [token] })
    expect(rotation.keyId).toBe(wallet.keyId)
    expect(rotation.newKeyId).toBe(wallet.keyId)
    expect(rotation.oldKeyId).not.toBe(wallet.keyId)
    expect(rotation.previousAddress).toBe(oldAddress)
    const newAddress = rotation.address as `0x${string}`
    expect(newAddress).not.toBe(oldAddress)

    // Balances moved: all tokens; all SPACE less the fee of the two sweep transactions.
    const balanceOf = (address: `0x${string}`) =>
      client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [address] })
    expect(await balanceOf(newAddress)).toBe(1_000_000n)
    expect(await balanceOf(oldAddress)).toBe(0n)
    const oldLeft = await client.getBalance({ address: oldAddress })
    const moved = await client.getBalance({ address: newAddress })
    expect(oldLeft).toBe(0n)
    expect(rotation.swept.map((s) => s.asset)).toEqual([token, 'native'])
    expect(rotation.swept[1]?.amount).toBe(moved.toString())
    let fees = 0n
    for (const s of rotation.swept) {
      const receipt = await client.getTransactionReceipt({ hash: s.transactionHash })
      expect(receipt.from.toLowerCase()).toBe(oldAddress.toLowerCase())
      expect(receipt.status).toBe('success')
      expect(receipt.effectiveGasPrice).toBeGreaterThanOrEqual(EVM_GAS_PRICE_WEI)
      fees += receipt.gasUsed * receipt.effectiveGasPrice
    }
    // Exactly the balance less what the two legacy sweep transactions paid.
    expect(moved).toBe(parseEther('2') - fees)

    // The key ID resolves to the new key; the old key is kept, retired, and signs nothing.
    expect(await kis.client.getKey(wallet.keyId)).toMatchObject({
      address: newAddress,
      status: 'active',
      label: 'proxy',
      owner: 'identity',
    })
    expect(await kis.client.getKey(rotation.oldKeyId)).toMatchObject({ address: oldAddress, status: 'retired' })
    await expect(
      kis.client.signEvm({
        keyId: rotation.oldKeyId,
        transaction: { to: newAddress, nonce: 5, gas: 21_000n, gasPrice: EVM_GAS_PRICE_WEI, chainId: EVM_CHAIN_ID },
      }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
    await expect(kis.client.rotate({ keyId: rotation.oldKeyId })).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
    const receipt = await send(wallet.keyId, newAddress, { to: oldAddress, value: 1n })
    expect(receipt.from.toLowerCase()).toBe(newAddress.toLowerCase())

    const audit = kis.audit().filter((l) => l.endpoint === 'POST /rotate' && l.outcome === 'ok')
    expect(audit.at(-1)).toMatchObject({ key_id: wallet.keyId, old_key_id: rotation.oldKeyId })
  })

  it('a rotation that fails midway keeps the funds it moved: the retry reuses the same new key', async () => {
    const issuer = await kis.client.createKey({ kind: 'evm' })
    const issuerAddress = issuer.address as `0x${string}`
    await fund(issuerAddress, parseEther('10'))
    const deploy = await send(issuer.keyId, issuerAddress, {
      data: encodeDeployData({ abi: spaceStablecoinAbi, bytecode: spaceStablecoinBytecode, args: ['Retry', 'RT', 6] }),
    })
    const token = deploy.contractAddress as `0x${string}`
    const wallet = await kis.client.createKey({ kind: 'evm' })
    const oldAddress = wallet.address as `0x${string}`
    await send(issuer.keyId, issuerAddress, {
      to: token,
      data: encodeFunctionData({ abi: spaceStablecoinAbi, functionName: 'mint', args: [oldAddress, 500n] }),
    })
    await fund(oldAddress, parseEther('1'))
    // The second "token" is an address without code: its balanceOf fails after the real token was already swept.
    const failed = await kis.client.rotate({ keyId: wallet.keyId, tokens: [token, `0x${'99'.repeat(20)}`] }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(failed).toMatchObject({ name: 'KisError', code: 'UNAVAILABLE', details: { swept: '1' } })
    expect((failed as Error).message).toMatch(/sweeping ERC-20 0x9999.*retrying the rotation reuses the same new key/)
    expect(await kis.client.getKey(wallet.keyId)).toMatchObject({ address: oldAddress, status: 'active' })
    const rotation = await kis.client.rotate({ keyId: wallet.keyId, tokens: [token] })
    const newAddress = rotation.address as `0x${string}`
    // The 500 moved by the failed attempt are at the same new address the retry swapped in.
    expect(
      await client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [newAddress] }),
    ).toBe(500n)
    expect(rotation.swept.map((s) => s.asset)).toEqual(['native'])
    expect(await client.getBalance({ address: oldAddress })).toBe(0n)
  })

  it('sweeps the configured tokens (sweepTokens) without the request listing them, each once', async () => {
    const issuer = await kis.client.createKey({ kind: 'evm' })
    const issuerAddress = issuer.address as `0x${string}`
    await fund(issuerAddress, parseEther('10'))
    const deploy = await send(issuer.keyId, issuerAddress, {
      data: encodeDeployData({ abi: spaceStablecoinAbi, bytecode: spaceStablecoinBytecode, args: ['Cfg', 'CFG', 6] }),
    })
    const token = deploy.contractAddress as `0x${string}`
    const configured = await startTestKis({ evmRpcUrl: anvil.url, sweepTokens: token.toLowerCase() })
    try {
      const wallet = await configured.client.createKey({ kind: 'evm' })
      await send(issuer.keyId, issuerAddress, {
        to: token,
        data: encodeFunctionData({
          abi: spaceStablecoinAbi,
          functionName: 'mint',
          args: [wallet.address as `0x${string}`, 77n],
        }),
      })
      await fund(wallet.address as `0x${string}`, parseEther('1'))
      // The request lists the same token again (checksummed): it is swept once.
      const rotation = await configured.client.rotate({ keyId: wallet.keyId, tokens: [token] })
      expect(rotation.swept.map((s) => s.asset.toLowerCase())).toEqual([token.toLowerCase(), 'native'])
      const newAddress = rotation.address as `0x${string}`
      expect(
        await client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [newAddress] }),
      ).toBe(77n)
    } finally {
      await configured.stop()
    }
    await expect(startTestKis({ sweepTokens: '0x1234' })).rejects.toThrow(/sweepTokens/)
  })

  it('an unreachable sweep RPC answers UNAVAILABLE and swaps nothing', async () => {
    const wallet = await kis.client.createKey({ kind: 'evm' })
    await expect(kis.client.rotate({ keyId: wallet.keyId, evmRpcUrl: 'http://127.0.0.1:1' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    })
    expect(await kis.client.getKey(wallet.keyId)).toMatchObject({ address: wallet.address, status: 'active' })
  })

  it('rotates an empty wallet (nothing to sweep) and refuses an RPC of another chain', async () => {
    const wallet = await kis.client.createKey({ kind: 'evm' })
    const rotation = await kis.client.rotate({ keyId: wallet.keyId })
    expect(rotation.swept).toEqual([])
    const other = await startAnvil({ chainId: 1 })
    try {
      const w2 = await kis.client.createKey({ kind: 'evm' })
      await expect(kis.client.rotate({ keyId: w2.keyId, evmRpcUrl: other.url })).rejects.toMatchObject({
        code: 'PERMISSION_DENIED',
        details: { field: 'evm_rpc_url' },
      })
      // Nothing was swapped.
      expect((await kis.client.getKey(w2.keyId)).address).toBe(w2.address)
    } finally {
      await other.stop()
    }
  })
})
