import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startChainApi } from '@spaceos/chain-node'
import { Action, APIClient, PrivateKey, SignedTransaction, Transaction } from '@wharfkit/antelope'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestKis, type TestKis } from '../../../reference-nodes/kis/test/helpers.ts'

let chain: Awaited<ReturnType<typeof startChainApi>>
let kis: TestKis
let api: APIClient
beforeAll(async () => {
  chain = await startChainApi({ chainOptions: { devAccounts: ['alice', 'bob', 'carol'] } })
  // No chain ID configured: KIS reads it from the Antelope API's get_info.
  kis = await startTestKis({ antelopeUrl: chain.url })
  api = new APIClient({ url: chain.url })
}, 120_000)
afterAll(async () => {
  await kis?.stop()
  await chain?.stop()
})

const keysOf = async (account: string, permission: string) => {
  const info = await api.v1.chain.get_account(account)
  const perm = info.permissions.find((p) => p.perm_name.equals(permission))
  return perm?.required_auth.keys.map((k) => k.key.toString()) ?? []
}

/** A SPACE transfer from `from`, signed through KIS (`/sign-native`), pushed to the devnet. */
async function transferWithKis(keyId: string, from: string, to: string) {
  const info = await api.v1.chain.get_info()
  const { abi } = await api.v1.chain.get_abi('eosio.token')
  if (!abi) throw new Error('no eosio.token ABI on the devnet')
  const action = Action.from(
    {
      account: 'eosio.token',
      name: 'transfer',
      authorization: [{ actor: from, permission: 'active' }],
      data: { from, to, quantity: '0.0001 SPACE', memo: `kis ${Date.now()}` },
    },
    abi,
  )
  const transaction = Transaction.from({ ...info.getTransactionHeader(120), actions: [action] })
  const { signature } = await kis.client.signNative({ keyId, chainId: info.chain_id.hexString, transaction })
  return api.v1.chain.push_transaction(SignedTransaction.from({ ...transaction, signatures: [signature] }))
}

describe('native keys on the devnet', () => {
  it('a transaction signed in KIS is accepted by the chain', async () => {
    const alice = chain.chain.keys.find((k) => k.account === 'alice')
    if (!alice) throw new Error('no alice dev key')
    // The dev key is generated at devnet start (local only); importing it stands in for an account KIS created.
    const imported = await kis.client.adminImport({ kind: 'native', privateKey: alice.privateKey })
    expect(await keysOf('alice', 'active')).toContain(imported.publicKey)
    const result = await transferWithKis(imported.keyId, 'alice', 'bob')
    expect(String(result.transaction_id)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('rotate moves owner and active to the new key with updateauth; the key ID keeps working, the old key does not', async () => {
    const bob = chain.chain.keys.find((k) => k.account === 'bob')
    if (!bob) throw new Error('no bob dev key')
    const imported = await kis.client.adminImport({ kind: 'native', privateKey: bob.privateKey })
    const rotation = await kis.client.rotate({ keyId: imported.keyId, account: 'bob' })
    expect(rotation.previousPublicKey).toBe(imported.publicKey)
    expect(rotation.publicKey).toMatch(/^PUB_K1_/)
    expect(rotation.updateAuthTransactionId).toMatch(/^[0-9a-f]{64}$/)
    expect(await keysOf('bob', 'active')).toEqual([rotation.publicKey])
    expect(await keysOf('bob', 'owner')).toEqual([rotation.publicKey])
    // The same key ID now signs with the new key, and the chain accepts it.
    await transferWithKis(imported.keyId, 'bob', 'alice')
    // The old key no longer authorises bob: a transaction signed with it directly is refused by the chain.
    const info = await api.v1.chain.get_info()
    const { abi } = await api.v1.chain.get_abi('eosio.token')
    const action = Action.from(
      {
        account: 'eosio.token',
        name: 'transfer',
        authorization: [{ actor: 'bob', permission: 'active' }],
        data: { from: 'bob', to: 'alice', quantity: '0.0001 SPACE', memo: 'old key' },
      },
      abi as never,
    )
    const transaction = Transaction.from({ ...info.getTransactionHeader(120), actions: [action] })
    const signature = PrivateKey.from(bob.privateKey).signDigest(transaction.signingDigest(info.chain_id))
    await expect(
      api.v1.chain.push_transaction(SignedTransaction.from({ ...transaction, signatures: [signature] })),
    ).rejects.toThrow()
    expect(await kis.client.getKey(rotation.oldKeyId)).toMatchObject({ status: 'retired', publicKey: bob.publicKey })
  })

  it('a rotation whose updateauth went through but whose answer was lost completes on retry', async () => {
    const carol = chain.chain.keys.find((k) => k.account === 'carol')
    if (!carol) throw new Error('no carol dev key')
    const imported = await kis.client.adminImport({ kind: 'native', privateKey: carol.privateKey })
    // A proxy in front of the chain API that forwards push_transaction but loses the answer.
    const lossy = createServer(async (req, res) => {
      const chunks: Buffer[] = []
      for await (const c of req) chunks.push(c as Buffer)
      const method = req.method ?? 'POST'
      const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks)
      const upstream = await fetch(chain.url + (req.url ?? '/'), { method, ...(body ? { body } : {}) })
      const text = await upstream.text()
      if (req.url?.includes('push_transaction')) {
        res.writeHead(502)
        res.end('lost')
        return
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' })
      res.end(text)
    })
    await new Promise<void>((r) => lossy.listen(0, '127.0.0.1', r))
    try {
      const lossyUrl = `http://127.0.0.1:${(lossy.address() as AddressInfo).port}`
      await expect(
        kis.client.rotate({ keyId: imported.keyId, account: 'carol', antelopeUrl: lossyUrl }),
      ).rejects.toThrow()
      // The chain moved carol to the pending key; KIS still resolves the key ID to the old one.
      const onChain = await keysOf('carol', 'owner')
      expect(onChain).not.toContain(carol.publicKey)
      expect((await kis.client.getKey(imported.keyId)).publicKey).toBe(carol.publicKey)
      // The retry sees the move already done and completes the swap onto the same key.
      const rotation = await kis.client.rotate({ keyId: imported.keyId, account: 'carol' })
      expect(rotation.updateAuthTransactionId).toBeUndefined()
      expect(rotation.publicKey).toBe(onChain[0])
      expect(await keysOf('carol', 'active')).toEqual([rotation.publicKey])
      await transferWithKis(imported.keyId, 'carol', 'alice')
    } finally {
      lossy.closeAllConnections()
      await new Promise<void>((r) => lossy.close(() => r()))
    }
  })

  it('refuses to rotate for an account whose permissions do not hold the key', async () => {
    const stranger = await kis.client.createKey({ kind: 'native' })
    await expect(kis.client.rotate({ keyId: stranger.keyId, account: 'alice' })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { field: 'account' },
    })
    await expect(kis.client.rotate({ keyId: stranger.keyId, account: 'nobody' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(kis.client.rotate({ keyId: stranger.keyId })).rejects.toMatchObject({
      code: 'INVALID_FIELD',
      details: { field: 'account' },
    })
  })
})
