/**
 * A bridge round trip driven only by clients nobody here wrote: @wharfkit/session (private-key wallet plugin) on the
 * native side, ethers v6 and viem against the tx-wrapper, Foundry's cast and eosjs to read the results. Nothing from
 * @spaceos/* drives it; the NativeBridge ABI is the committed artifact in abi/evm (the contract's published interface).
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Session } from '@wharfkit/session'
import { WalletPluginPrivateKey } from '@wharfkit/wallet-plugin-privatekey'
import { JsonRpc } from 'eosjs'
import { Contract, JsonRpcProvider, Wallet } from 'ethers'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Devnet, startDevnet } from '../src/index.ts'

let devnet: Devnet
beforeAll(async () => {
  devnet = await startDevnet({ antelopePort: 0, evmPort: 0 })
})
afterAll(async () => {
  await devnet?.stop()
})

const nativeBridgeAbi = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../abi/evm/NativeBridge.json', import.meta.url)), 'utf8'),
) as { abi: unknown[] } | unknown[]

it('SPACE goes native → EVM → native with wharfkit, viem, ethers, cast and eosjs [NP-BRDG-010] [NP-BRDG-021]', async () => {
  const alice = devnet.keys.find((k) => k.account === 'alice')
  if (!alice) throw new Error('no alice key')
  const chainId = (await (await fetch(`${devnet.antelope.url}/v1/chain/get_info`)).json()) as { chain_id: string }
  const session = new Session({
    chain: { id: chainId.chain_id, url: devnet.antelope.url },
    actor: 'alice',
    permission: 'active',
    walletPlugin: new WalletPluginPrivateKey(alice.privateKey),
  })
  const eosjs = new JsonRpc(devnet.antelope.url, { fetch })
  const bobBefore = Number.parseFloat((await eosjs.get_currency_balance('eosio.token', 'bob', 'SPACE'))[0] ?? '0')

  // native → EVM: a SPACE transfer to eosio.evm with the EVM address as memo (ethers makes the key and the address)
  const user = Wallet.createRandom()
  await session.transact({
    action: {
      account: 'eosio.token',
      name: 'transfer',
      authorization: [session.permissionLevel],
      data: { from: 'alice', to: 'eosio.evm', quantity: '2.0000 SPACE', memo: user.address },
    },
  })
  const viem = createPublicClient({ transport: http(devnet.evm.url) })
  await expect
    .poll(() => viem.getBalance({ address: user.address as `0x${string}` }), { timeout: 20_000 })
    .toBe(2n * 10n ** 18n)

  // EVM → native: ethers calls NativeBridge.bridgeToNative("bob") with 1 SPACE, as a legacy 150 gwei transaction
  const provider = new JsonRpcProvider(devnet.evm.url, undefined, { staticNetwork: true })
  try {
    const book = devnet.bridge?.addressBook
    if (!book) throw new Error('no address book')
    const abi = Array.isArray(nativeBridgeAbi) ? nativeBridgeAbi : nativeBridgeAbi.abi
    const bridge = new Contract(book.contracts.NativeBridge, abi as never[], user.connect(provider))
    const gasPrice = BigInt(await provider.send('eth_gasPrice', []))
    const sent = await bridge.getFunction('bridgeToNative')('bob', { value: 10n ** 18n, type: 0, gasPrice })
    const receipt = await sent.wait()
    expect(receipt?.status).toBe(1)

    // cast sees what is left: 2 SPACE − 1 SPACE − gas
    const cast = join(dirname(createRequire(import.meta.url).resolve('@foundry-rs/cast/package.json')), 'bin.mjs')
    const { stdout } = await promisify(execFile)(process.execPath, [
      cast,
      'balance',
      user.address,
      '--rpc-url',
      devnet.evm.url,
    ])
    const left = BigInt(stdout.trim())
    expect(left).toBe(10n ** 18n - (receipt?.gasUsed ?? 0n) * gasPrice)

    // eosjs reads bob's native balance once the relayer released the message
    await expect
      .poll(
        async () => Number.parseFloat((await eosjs.get_currency_balance('eosio.token', 'bob', 'SPACE'))[0] ?? '0'),
        { timeout: 20_000 },
      )
      .toBeCloseTo(bobBefore + 1, 4)
  } finally {
    provider.destroy()
  }
  // the books balance: SPACE on the EVM = SPACE locked natively × 10^14 [NP-BRDG-002]
  const supply = (await (await fetch(`${devnet.bridge?.url}/v1/bridge/supply`)).json()) as { ok: boolean }
  expect(supply.ok).toBe(true)
})
