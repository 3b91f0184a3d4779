import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStore, nativeAccountName } from '@spaceos/identity-node'
import { APIClient, FetchProvider } from '@wharfkit/antelope'
import Database from 'better-sqlite3'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RunningNode, startNode } from '../../../reference-nodes/identity/test/harness.ts'
import { login } from '../../../reference-nodes/identity/test/login.ts'
import { startWalletInfra, type WalletInfra } from './walletInfra.ts'

let infra: WalletInfra
let chain: APIClient
beforeAll(async () => {
  infra = await startWalletInfra()
  chain = new APIClient({ provider: new FetchProvider(infra.antelopeUrl, { fetch }) })
}, 120_000)
afterAll(async () => {
  await infra?.stop()
})

const keysOf = async (name: string) => {
  const account = await chain.v1.chain.get_account(name)
  return Object.fromEntries(
    account.permissions.map((p) => [
      p.perm_name.toString(),
      { threshold: Number(p.required_auth.threshold), keys: p.required_auth.keys.map((k) => k.key.toString()) },
    ]),
  )
}

describe('the three wallets with a real KIS and a real devnet', () => {
  let running: RunningNode
  let dir: string
  let dbPath: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'identity-wallets-node-'))
    dbPath = join(dir, 'identity.db')
    running = await startNode({
      store: createSqliteStore({ path: dbPath }),
      wallets: { custody: infra.custody, chain: infra.chain },
    })
  })
  afterAll(async () => {
    await running?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates the proxy wallet in KIS and the native account on the chain at first login [NP-AUTH-100] [NP-AUTH-102] [NP-AUTH-107]', async () => {
    const { jwt, wallet } = await login(running.url)
    const account = wallet.address.toLowerCase()
    const wallets = await running.as(jwt).getWallets({})
    expect(wallets.connected).toBe(account)
    expect(wallets.proxy).toMatch(/^0x[0-9a-f]{40}$/)
    expect(wallets.nativeAccount).toBe(nativeAccountName(account))

    const record = await running.node.context.store.getWallets(account)
    // only the key IDs and public parts are stored
    expect(Object.keys(record ?? {}).sort()).toEqual(
      [
        'account',
        'createdAtMs',
        'nativeAccount',
        'nativeKeyId',
        'nativePublicKey',
        'nativeState',
        'proxyAddress',
        'proxyKeyId',
        'updatedAtMs',
      ].sort(),
    )
    const proxyKey = await infra.kis.getKey(record?.proxyKeyId as string)
    expect(proxyKey.kind).toBe('evm')
    expect(proxyKey.address?.toLowerCase()).toBe(wallets.proxy)
    const nativeKey = await infra.kis.getKey(record?.nativeKeyId as string)
    expect(nativeKey.kind).toBe('native')
    expect(await keysOf(wallets.nativeAccount)).toEqual({
      owner: { threshold: 1, keys: [nativeKey.publicKey] },
      active: { threshold: 1, keys: [nativeKey.publicKey] },
    })
  })

  it('never creates a second proxy wallet: concurrent and repeated logins of one wallet share one [NP-AUTH-104]', async () => {
    const wallet = privateKeyToAccount(generatePrivateKey())
    const sessions = await Promise.all([
      login(running.url, wallet),
      login(running.url, wallet),
      login(running.url, wallet),
    ])
    const answers = await Promise.all(sessions.map((s) => running.as(s.jwt).getWallets({})))
    expect(new Set(answers.map((a) => a.proxy)).size).toBe(1)
    expect(new Set(answers.map((a) => a.nativeAccount))).toEqual(
      new Set([nativeAccountName(wallet.address.toLowerCase())]),
    )
    const again = await login(running.url, wallet)
    expect((await running.as(again.jwt).getWallets({})).proxy).toBe(answers[0]?.proxy)
  })

  it('answers the proxy wallet with CheckApiKey [NP-AUTH-093] [NP-AUTH-095]', async () => {
    const { jwt } = await login(running.url)
    const client = running.as(jwt)
    const { proxy } = await client.getWallets({})
    const created = await client.createApiKey({ name: 'router' })
    const { createHash } = await import('node:crypto')
    const checked = await client.checkApiKey({ keyHash: createHash('sha256').update(created.secret).digest() })
    expect(checked.proxyWallet).toBe(proxy)
  })

  it('resumes after a crash between pushing newaccount and recording it, without pushing again [NP-AUTH-106]', async () => {
    const { jwt, wallet } = await login(running.url)
    const account = wallet.address.toLowerCase()
    const before = await running.as(jwt).getWallets({})
    expect(before.nativeAccount).not.toBe('')
    // The crash: the account exists on the chain, the store still says pending.
    const db = new Database(dbPath)
    db.prepare(`UPDATE wallets SET native_state = 'pending' WHERE account = ?`).run(account)
    db.close()
    expect((await running.as(jwt).getWallets({})).nativeAccount).toBe(before.nativeAccount)
    expect((await running.node.context.store.getWallets(account))?.nativeState).toBe('created')
  })

  it('refuses to adopt an account of that name held by other keys [NP-AUTH-106]', async () => {
    const { jwt, wallet } = await login(running.url)
    const account = wallet.address.toLowerCase()
    // Pretend the recorded native key is another one: the on-chain account no longer matches it.
    const db = new Database(dbPath)
    db.prepare(
      `UPDATE wallets SET native_state = 'pending', native_public_key = 'PUB_K1_6MRyAjQq8ud7hVNYcfnVPJqcVpscN5So8BhtHuGYqET5BoDq63' WHERE account = ?`,
    ).run(account)
    db.close()
    expect((await running.as(jwt).getWallets({})).nativeAccount).toBe('')
    const metrics = await (await fetch(`${running.url}/metrics`)).text()
    expect(metrics).toMatch(/spaceos_identity_wallet_steps_total\{wallet="native",result="conflict"\} [1-9]/)
    expect(metrics).toMatch(/spaceos_identity_wallet_steps_total\{wallet="native",result="adopted"\} [1-9]/)
    expect(metrics).toMatch(/spaceos_identity_wallet_steps_total\{wallet="proxy",result="created"\} [1-9]/)
  })
})

describe('wallet provisioning when the chain is down', () => {
  it('logs in anyway, reports the native account as not provisioned, and creates it at the next login once the chain is back [NP-AUTH-105]', async () => {
    const running = await startNode({ wallets: { custody: infra.custody, chain: infra.chain } })
    try {
      await infra.stopChain()
      const first = await login(running.url)
      const down = await running.as(first.jwt).getWallets({})
      expect(down.proxy).toMatch(/^0x[0-9a-f]{40}$/) // KIS is up: the proxy wallet exists
      expect(down.nativeAccount).toBe('')
      await infra.restartChain()
      const second = await login(running.url, first.wallet)
      const up = await running.as(second.jwt).getWallets({})
      expect(up.proxy).toBe(down.proxy)
      expect(up.nativeAccount).toBe(nativeAccountName(first.wallet.address.toLowerCase()))
      expect(Object.keys(await keysOf(up.nativeAccount)).sort()).toEqual(['active', 'owner'])
    } finally {
      await running.close()
    }
  })
})

describe('without KIS', () => {
  it('still logs in; GetWallets reports only the connected wallet, CheckApiKey an empty proxy wallet [NP-AUTH-108]', async () => {
    const running = await startNode()
    try {
      const { jwt, wallet } = await login(running.url)
      const wallets = await running.as(jwt).getWallets({})
      expect(wallets).toMatchObject({ connected: wallet.address.toLowerCase(), proxy: '', nativeAccount: '' })
      expect(await running.node.context.store.getWallets(wallet.address.toLowerCase())).toBeUndefined()
    } finally {
      await running.close()
    }
  })
})

describe('when KIS refuses or cannot be reached', () => {
  it('logs in anyway and leaves every wallet unprovisioned; a node with a working KIS provisions them at the next login [NP-AUTH-105]', async () => {
    const { createKisClient } = await import('@spaceos/kis')
    const { createKisCustody } = await import('@spaceos/identity-node')
    const dir = mkdtempSync(join(tmpdir(), 'identity-kis-down-'))
    const path = join(dir, 'identity.db')
    const wrongSecret = createKisCustody(
      createKisClient({ url: infra.kisUrl, callerId: 'identity', secret: 'x'.repeat(64), timeoutMs: 2_000 }),
    )
    const unreachable = createKisCustody(
      createKisClient({ url: 'http://127.0.0.1:9', callerId: 'identity', secret: 'x'.repeat(64), timeoutMs: 2_000 }),
    )
    try {
      const wallet = privateKeyToAccount(generatePrivateKey())
      for (const custody of [wrongSecret, unreachable]) {
        const running = await startNode({
          store: createSqliteStore({ path }),
          wallets: { custody, chain: infra.chain },
        })
        try {
          const { jwt } = await login(running.url, wallet)
          expect(await running.as(jwt).getWallets({})).toMatchObject({ proxy: '', nativeAccount: '' })
        } finally {
          await running.close()
        }
      }
      const healthy = await startNode({
        store: createSqliteStore({ path }),
        wallets: { custody: infra.custody, chain: infra.chain },
      })
      try {
        const { jwt } = await login(healthy.url, wallet)
        const wallets = await healthy.as(jwt).getWallets({})
        expect(wallets.proxy).toMatch(/^0x[0-9a-f]{40}$/)
        expect(wallets.nativeAccount).toBe(nativeAccountName(wallet.address.toLowerCase()))
      } finally {
        await healthy.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('when the chain hangs', () => {
  it('answers the login without waiting for the chain; provisioning goes on in the background', async () => {
    const { createServer } = await import('node:net')
    const sockets: import('node:net').Socket[] = []
    const hanging = createServer((socket) => void sockets.push(socket)) // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
    const port = (hanging.address() as import('node:net').AddressInfo).port
    const running = await startNode({
      wallets: {
        custody: infra.custody,
        // no practical chain timeout: a login that waited for the chain would never answer
        chain: { url: `http://127.0.0.1:${port}`, creator: infra.chain.creator, timeoutMs: 3_600_000 },
      },
      walletWaitMs: 50,
    })
    try {
      const { wallet } = await login(running.url)
      const account = wallet.address.toLowerCase()
      await vi.waitFor(() => expect(sockets.length).toBeGreaterThan(0), { timeout: 20_000 })
      const record = await running.node.context.store.getWallets(account)
      expect(record?.proxyAddress).toMatch(/^0x[0-9a-f]{40}$/) // KIS answered before the chain was asked
      expect(record?.nativeState).toBe('pending') // the chain has not answered
    } finally {
      for (const socket of sockets) socket.destroy()
      hanging.close()
      await running.close()
    }
  })
})
