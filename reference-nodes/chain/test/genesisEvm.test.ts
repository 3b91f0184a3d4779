import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { abis, bridgeSpaceToNative, createSpaceosWalletClient, parseAddressBook, spaceosLocal } from '@spaceos/evm'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_EVM,
  ACCOUNT_TOKEN,
  BRIDGE_SCALE_SPACE,
  EVM_GAS_PRICE_WEI,
} from '@spaceos/generated/parameters'
import { createPublicClient, http, keccak256, toBytes } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_RELAYER, createAntelopeClient, GENESIS_DEPLOYER_FUNDING, startDevnet } from '../src/index.ts'

const rpc = async (url: string, method: string, params: unknown[] = []) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return (await res.json()) as { result?: unknown; error?: { message: string } }
}

describe('EVM genesis', () => {
  it('funds the deployer by bridging, deploys every contract, writes the address book and keeps it on restart [NP-BRDG-001] [NP-BRDG-002]', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'spaceos-genesis-'))
    const first = await startDevnet({ antelopePort: 0, evmPort: 0, stateDir })
    let book: ReturnType<typeof parseAddressBook>
    let deployerBalance: bigint
    try {
      const bridge = first.bridge
      if (!bridge) throw new Error('no bridge')
      // the address book file is in the state folder, in the SDK's validated format
      expect(bridge.addressBookPath).toBe(join(stateDir, 'bridge', 'address-book.json'))
      book = parseAddressBook(JSON.parse(readFileSync(bridge.addressBookPath as string, 'utf8')))
      expect(book).toEqual(bridge.addressBook)
      expect(book.chainId).toBe(800000)
      expect(book.deployer).toBe(bridge.keys.deployer.evmAddress)
      expect(book.roles.bridgeAuthority).toBe(bridge.keys.relayer.evmAddress)
      // served over HTTP too
      expect(await (await fetch(`${bridge.url}/v1/bridge/address-book`)).json()).toEqual(
        JSON.parse(JSON.stringify(book)),
      )
      const evm = createPublicClient({ chain: spaceosLocal, transport: http(first.evm.url) })
      for (const address of [...Object.values(book.contracts), ...Object.values(book.tokens)]) {
        expect((await evm.getCode({ address }))?.length ?? 0).toBeGreaterThan(2)
      }
      // roles: the relayer is the bridge authority of BridgeTokenFactory and SpaceProviderBond
      const role = keccak256(toBytes('BRIDGE_AUTHORITY_ROLE'))
      for (const name of ['BridgeTokenFactory', 'SpaceProviderBond'] as const) {
        const has = await evm.readContract({
          address: book.contracts[name],
          abi: abis[name],
          functionName: 'hasRole',
          args: [role, bridge.keys.relayer.evmAddress as `0x${string}`],
        })
        expect(has).toBe(true)
      }
      // no pre-funded account: the only SPACE on the EVM came through the bridge; the deployer paid gas from it
      expect((await rpc(first.evm.anvil?.rpcUrl as string, 'eth_accounts')).result).toEqual([])
      deployerBalance = await evm.getBalance({ address: book.deployer })
      const spent = GENESIS_DEPLOYER_FUNDING * BRIDGE_SCALE_SPACE - deployerBalance
      expect(spent).toBeGreaterThan(0n)
      expect(spent % EVM_GAS_PRICE_WEI).toBe(0n) // gas at exactly 150 gwei, all of it kept on the EVM
      const native = createAntelopeClient(first.antelope.url, {})
      const deposits = await native.rows<{ evm_to: string; minted: number | boolean; quantity: string }>(
        ACCOUNT_EVM,
        'deposits',
      )
      expect(deposits).toHaveLength(1)
      expect(deposits[0]).toMatchObject({ evm_to: book.deployer.toLowerCase(), quantity: '1000.0000 SPACE' })
      expect(deposits[0]?.minted).toBeTruthy()
      // the stablecoins are registered natively, pointing at their .s tokens
      const tokens = await native.rows<{ symbol: string; evm_token: string; evm_decimals: number }>(
        ACCOUNT_BRIDGE,
        'tokens',
      )
      expect(Object.fromEntries(tokens.map((t) => [t.symbol, [t.evm_token, t.evm_decimals]]))).toEqual({
        '4,EUR': [book.tokens['EUR.s'], 18],
        '4,GBP': [book.tokens['GBP.s'], 18],
        '4,USD': [book.tokens['USD.s'], 18],
        '4,USDC': [book.tokens['USDC.s'], 6],
        '4,USDT': [book.tokens['USDT.s'], 6],
      })
      const config = await native.rows<{ authority: string }>(ACCOUNT_BRIDGE, 'config')
      expect(config[0]?.authority).toBe(ACCOUNT_RELAYER)
      const supply = await (await fetch(`${bridge.url}/v1/bridge/supply`)).json()
      expect(supply).toMatchObject({ ok: true, difference: '0', locked: String(GENESIS_DEPLOYER_FUNDING) })
      // the keys are in the state folder, readable by the owner only
      expect(statSync(join(stateDir, 'bridge', 'keys.json')).mode & 0o777).toBe(0o600)
      const saved = JSON.parse(readFileSync(join(stateDir, 'bridge', 'keys.json'), 'utf8'))
      expect(saved).toMatchObject({ note: expect.stringMatching(/local only/), relayer: bridge.keys.relayer })
    } finally {
      await first.stop()
    }

    const second = await startDevnet({ antelopePort: 0, evmPort: 0, stateDir })
    try {
      expect(second.bridge?.addressBook).toEqual(book)
      const evm = createPublicClient({ chain: spaceosLocal, transport: http(second.evm.url) })
      expect(await evm.getBalance({ address: book.deployer })).toBe(deployerBalance)
      const native = createAntelopeClient(second.antelope.url, {})
      expect(await native.rows(ACCOUNT_EVM, 'deposits')).toHaveLength(1) // no second funding, no redeploy
      expect((await second.bridge?.checkSupply())?.ok).toBe(true)
    } finally {
      await second.stop()
    }
  })

  it('runs in memory too, and its own polling relayer carries a deposit and a withdrawal without help [NP-BRDG-010] [NP-BRDG-021]', async () => {
    const devnet = await startDevnet({ antelopePort: 0, evmPort: 0 })
    try {
      const bridge = devnet.bridge
      if (!bridge) throw new Error('no bridge')
      expect(bridge.addressBookPath).toBeUndefined()
      const keyOf = (account: string) => devnet.keys.find((k) => k.account === account)?.privateKey as string
      const native = createAntelopeClient(devnet.antelope.url, { alice: keyOf('alice') })
      const key = generatePrivateKey()
      const user = privateKeyToAccount(key)
      const wallet = createSpaceosWalletClient({ account: user, chain: spaceosLocal, transport: http(devnet.evm.url) })
      const evm = createPublicClient({ chain: spaceosLocal, transport: http(devnet.evm.url), cacheTime: 0 })
      await native.push([
        {
          account: ACCOUNT_TOKEN,
          name: 'transfer',
          actor: 'alice',
          data: { from: 'alice', to: ACCOUNT_EVM, quantity: '2.0000 SPACE', memo: user.address },
        },
      ])
      await expect.poll(() => evm.getBalance({ address: user.address }), { timeout: 20_000 }).toBe(2n * 10n ** 18n)
      const alice = await native.balance('alice', 'SPACE')
      await bridgeSpaceToNative(wallet, {
        nativeBridge: bridge.addressBook.contracts.NativeBridge,
        value: 10n ** 18n,
        nativeAccount: 'alice',
      })
      await expect.poll(() => native.balance('alice', 'SPACE'), { timeout: 20_000 }).toBe(alice + 10_000n)
    } finally {
      await devnet.stop()
    }
  })

  it('refuses to start on a state whose EVM half is gone, saying how to recover, and leaves nothing running', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'spaceos-genesis-lost-'))
    const first = await startDevnet({ antelopePort: 0, evmPort: 0, stateDir })
    await first.stop()
    rmSync(join(stateDir, 'evm-state.json'))
    const error = await startDevnet({ antelopePort: 0, evmPort: 0, stateDir }).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    )
    expect(error?.message).toMatch(/has no code on the EVM.*--reset/)
    expect(error?.code).toBe('FAILED_PRECONDITION')
    // the ports were released: a fresh start on the same folder after a reset works
    rmSync(stateDir, { recursive: true })
    const fresh = await startDevnet({ antelopePort: 0, evmPort: 0, stateDir })
    expect((await fresh.bridge?.checkSupply())?.ok).toBe(true)
    await fresh.stop()
  })
})
