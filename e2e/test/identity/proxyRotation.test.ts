import { createHash } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type RunningNode, startNode } from '../../../reference-nodes/identity/test/harness.ts'
import { login } from '../../../reference-nodes/identity/test/login.ts'
import { startWalletInfra, type WalletInfra } from './walletInfra.ts'

let infra: WalletInfra
let running: RunningNode
beforeAll(async () => {
  infra = await startWalletInfra({ evm: true })
  running = await startNode({ wallets: { custody: infra.custody, chain: infra.chain } })
}, 120_000)
afterAll(async () => {
  await running?.close()
  await infra?.stop()
})

it('follows a KIS /rotate of the proxy key: the next login, GetWallets and CheckApiKey answer the new address [NP-AUTH-109]', async () => {
  const first = await login(running.url)
  const account = first.wallet.address.toLowerCase()
  const before = await running.as(first.jwt).getWallets({})
  const { secret } = await running.as(first.jwt).createApiKey({ name: 'router' })
  const keyHash = createHash('sha256').update(secret).digest()
  const record = await running.node.context.store.getWallets(account)
  const rotation = await infra.kis.rotate({ keyId: record?.proxyKeyId as string })
  expect(rotation.keyId).toBe(record?.proxyKeyId)
  expect(rotation.address?.toLowerCase()).not.toBe(before.proxy)
  // until identity hears of it, the router would still see the old address; the next login refreshes it
  const again = await login(running.url, first.wallet)
  const after = await running.as(again.jwt).getWallets({})
  expect(after.proxy).toBe(rotation.address?.toLowerCase())
  expect(after.nativeAccount).toBe(before.nativeAccount)
  expect((await running.as(again.jwt).checkApiKey({ keyHash })).proxyWallet).toBe(after.proxy)
  expect((await running.node.context.store.getWallets(account))?.proxyKeyId).toBe(record?.proxyKeyId)
  const metrics = await (await fetch(`${running.url}/metrics`)).text()
  expect(metrics).toMatch(/spaceos_identity_wallet_steps_total\{wallet="proxy",result="rotated"\} 1/)
})
