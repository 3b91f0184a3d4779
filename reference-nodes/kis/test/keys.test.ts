import { readFileSync } from 'node:fs'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { createKisClient } from '@spaceos/kis'
import { Checksum256, PrivateKey, PublicKey, Signature, Transaction } from '@wharfkit/antelope'
import { parseTransaction, recoverTransactionAddress } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MasterSecretMismatchError, openKeyStore } from '../src/index.ts'
import { startTestKis, type TestKis } from './helpers.ts'

const chainId = 'ab'.repeat(32)
let kis: TestKis
beforeAll(async () => {
  kis = await startTestKis({ antelopeChainId: chainId })
})
afterAll(async () => {
  await kis?.stop()
})

const tx = {
  to: `0x${'42'.repeat(20)}` as const,
  value: 5n,
  nonce: 0,
  gas: 21_000n,
  gasPrice: EVM_GAS_PRICE_WEI,
  chainId: EVM_CHAIN_ID,
}

/** An Antelope transaction in JSON form (action data as hex), as the identity node would send it. */
const antelopeTx = {
  expiration: '2030-01-01T00:00:00',
  ref_block_num: 7,
  ref_block_prefix: 123456,
  max_net_usage_words: 0,
  max_cpu_usage_ms: 0,
  delay_sec: 0,
  context_free_actions: [],
  actions: [
    {
      account: 'eosio.token',
      name: 'transfer',
      authorization: [{ actor: 'alice', permission: 'active' }],
      data: '0000000000855c340000000000000e3d102700000000000004535041434500000000',
    },
  ],
  transaction_extensions: [],
}

describe('POST /keys and GET /keys/:id', () => {
  it('creates an evm key inside KIS and describes it', async () => {
    const key = await kis.client.createKey({ kind: 'evm', label: 'proxy' })
    expect(key).toMatchObject({ kind: 'evm', label: 'proxy', status: 'active', origin: 'created' })
    expect(key.address).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(key.publicKey).toMatch(/^0x04[0-9a-f]{128}$/)
    expect(await kis.client.getKey(key.keyId)).toEqual(key)
  })

  it('creates a native K1 key', async () => {
    const key = await kis.client.createKey({ kind: 'native' })
    expect(key.publicKey).toMatch(/^PUB_K1_/)
    expect(key.address).toBeUndefined()
  })

  it('answers NOT_FOUND for an unknown key', async () => {
    await expect(kis.client.getKey(`kis_${'ab'.repeat(20)}`)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 })
  })
})

describe('key ownership [NP-KEY-033]', () => {
  const other = () => createKisClient(kis.clientOptions({ callerId: 'other', secret: kis.secrets.other }))

  it("another signing caller cannot see, sign with or rotate a caller's key (NOT_FOUND, as if absent)", async () => {
    const key = await kis.client.createKey({ kind: 'evm' })
    expect(key.owner).toBe('identity')
    await expect(other().getKey(key.keyId)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(other().signEvm({ keyId: key.keyId, transaction: tx })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(other().rotate({ keyId: key.keyId })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const native = await kis.client.createKey({ kind: 'native' })
    await expect(other().signNative({ keyId: native.keyId, chainId, transaction: antelopeTx })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    // The owner still can.
    expect((await kis.client.signEvm({ keyId: key.keyId, transaction: tx })).hash).toMatch(/^0x/)
  })

  it('an import names its owner, or none (every signing caller may use it); an unknown owner is refused', async () => {
    const forOther = await kis.client.adminImport({ kind: 'evm', privateKey: generatePrivateKey(), owner: 'other' })
    expect(forOther.owner).toBe('other')
    await expect(kis.client.getKey(forOther.keyId)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await other().signEvm({ keyId: forOther.keyId, transaction: tx })).hash).toMatch(/^0x/)
    const shared = await kis.client.adminImport({ kind: 'evm', privateKey: generatePrivateKey() })
    expect(shared.owner).toBeUndefined()
    await kis.client.signEvm({ keyId: shared.keyId, transaction: tx })
    await other().signEvm({ keyId: shared.keyId, transaction: tx })
    await expect(
      kis.client.adminImport({ kind: 'evm', privateKey: generatePrivateKey(), owner: 'ops' }),
    ).rejects.toMatchObject({ code: 'INVALID_FIELD', details: { field: 'owner' } })
  })
})

describe('POST /sign-evm [NP-KEY-022]', () => {
  it('signs a legacy transaction for chain 800000 with the key of the key ID', async () => {
    const key = await kis.client.createKey({ kind: 'evm' })
    const { rawSignedTransaction, hash } = await kis.client.signEvm({ keyId: key.keyId, transaction: tx })
    const parsed = parseTransaction(rawSignedTransaction)
    expect(parsed).toMatchObject({
      type: 'legacy',
      chainId: EVM_CHAIN_ID,
      gasPrice: EVM_GAS_PRICE_WEI,
      value: 5n,
      to: tx.to,
    })
    expect(await recoverTransactionAddress({ serializedTransaction: rawSignedTransaction as never })).toBe(key.address)
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
  })

  it.each([
    ['another chain ID', { chainId: 1 }, 'transaction.chain_id'],
    ['a gas price one wei below EVM_GAS_PRICE_WEI', { gasPrice: EVM_GAS_PRICE_WEI - 1n }, 'transaction.gas_price'],
    ['type 2 (EIP-1559)', { type: 'eip1559' as const }, 'transaction.type'],
    ['EIP-1559 fee fields', { maxFeePerGas: EVM_GAS_PRICE_WEI, maxPriorityFeePerGas: 1n }, 'transaction.type'],
  ])('refuses %s with PERMISSION_DENIED', async (_name, change, field) => {
    const key = await kis.client.createKey({ kind: 'evm' })
    await expect(kis.client.signEvm({ keyId: key.keyId, transaction: { ...tx, ...change } })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      status: 403,
      details: { field },
    })
  })

  it('refuses a raw type-2 body (numeric type) and an access list', async () => {
    const key = await kis.client.createKey({ kind: 'evm' })
    const base = { nonce: 0, gas: '21000', gas_price: String(EVM_GAS_PRICE_WEI), chain_id: EVM_CHAIN_ID }
    for (const transaction of [
      { ...base, type: 2 },
      { ...base, type: '0x2' },
      { ...base, access_list: [] },
    ]) {
      const res = await kis.raw('POST', '/sign-evm', JSON.stringify({ key_id: key.keyId, transaction }))
      expect(res.json().error?.code).toBe('PERMISSION_DENIED')
    }
    const legacy = await kis.raw(
      'POST',
      '/sign-evm',
      JSON.stringify({ key_id: key.keyId, transaction: { ...base, type: 0 } }),
    )
    expect(legacy.status).toBe(200)
  })

  it('refuses out-of-range numbers with INVALID_FIELD, not an internal error', async () => {
    const key = await kis.client.createKey({ kind: 'evm' })
    const base = { nonce: 0, gas: '21000', gas_price: String(EVM_GAS_PRICE_WEI), chain_id: EVM_CHAIN_ID }
    for (const [transaction, field] of [
      [{ ...base, value: (1n << 256n).toString() }, 'transaction.value'],
      [{ ...base, gas: (1n << 64n).toString() }, 'transaction.gas'],
      [{ ...base, gas_price: '-1' }, 'transaction.gas_price'],
      [{ ...base, nonce: -1 }, 'transaction.nonce'],
      [{ ...base, nonce: 1.5 }, 'transaction.nonce'],
      [{ ...base, data: '0xabc' }, 'transaction.data'],
      [{ ...base, value: 5 }, 'transaction.value'],
    ] as const) {
      const res = await kis.raw('POST', '/sign-evm', JSON.stringify({ key_id: key.keyId, transaction }))
      expect(res.json().error, JSON.stringify(transaction)).toMatchObject({ code: 'INVALID_FIELD', details: { field } })
    }
    const max = await kis.raw(
      'POST',
      '/sign-evm',
      JSON.stringify({ key_id: key.keyId, transaction: { ...base, value: ((1n << 256n) - 1n).toString() } }),
    )
    expect(max.status).toBe(200)
  })

  it('refuses a native key, an unknown key and a malformed address', async () => {
    const native = await kis.client.createKey({ kind: 'native' })
    await expect(kis.client.signEvm({ keyId: native.keyId, transaction: tx })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    })
    await expect(kis.client.signEvm({ keyId: `kis_${'cd'.repeat(20)}`, transaction: tx })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    const evm = await kis.client.createKey({ kind: 'evm' })
    await expect(kis.client.signEvm({ keyId: evm.keyId, transaction: { ...tx, to: '0x1234' } })).rejects.toMatchObject({
      code: 'INVALID_FIELD',
      details: { field: 'transaction.to' },
    })
  })
})

describe('POST /sign-native', () => {
  it('signs the digest KIS computes for its own chain ID; the signature recovers to the key', async () => {
    const key = await kis.client.createKey({ kind: 'native' })
    const result = await kis.client.signNative({ keyId: key.keyId, chainId, transaction: antelopeTx })
    expect(result.signature).toMatch(/^SIG_K1_/)
    const expectedDigest = Transaction.from(antelopeTx).signingDigest(Checksum256.from(chainId))
    expect(result.digest).toBe(expectedDigest.hexString)
    const signature = Signature.from(result.signature)
    expect(signature.verifyDigest(expectedDigest, PublicKey.from(key.publicKey))).toBe(true)
    expect(signature.recoverDigest(expectedDigest).toString()).toBe(key.publicKey)
  })

  it('accepts a wharfkit Transaction object (its JSON form)', async () => {
    const key = await kis.client.createKey({ kind: 'native' })
    const result = await kis.client.signNative({ keyId: key.keyId, chainId, transaction: Transaction.from(antelopeTx) })
    expect(Signature.from(result.signature).recoverDigest(Checksum256.from(result.digest)).toString()).toBe(
      key.publicKey,
    )
  })

  it('refuses another chain ID, an evm key and a body that is not a transaction', async () => {
    const key = await kis.client.createKey({ kind: 'native' })
    await expect(
      kis.client.signNative({ keyId: key.keyId, chainId: 'cd'.repeat(32), transaction: antelopeTx }),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED', details: { field: 'chain_id' } })
    const evm = await kis.client.createKey({ kind: 'evm' })
    await expect(kis.client.signNative({ keyId: evm.keyId, chainId, transaction: antelopeTx })).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
    })
    await expect(
      kis.client.signNative({ keyId: key.keyId, chainId, transaction: { actions: 'nope' } }),
    ).rejects.toMatchObject({ code: 'INVALID_FIELD', details: { field: 'transaction' } })
  })

  it('answers UNAVAILABLE when no Antelope chain is configured', async () => {
    const bare = await startTestKis()
    try {
      const key = await bare.client.createKey({ kind: 'native' })
      await expect(
        bare.client.signNative({ keyId: key.keyId, chainId, transaction: antelopeTx }),
      ).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      })
    } finally {
      await bare.stop()
    }
  })
})

describe('POST /admin/import [NP-KEY-027]', () => {
  it('imports evm and native keys; they sign like created ones', async () => {
    const evm = await kis.client.adminImport({ kind: 'evm', privateKey: `0x${'2b'.repeat(32)}`, label: 'migrated' })
    expect(evm).toMatchObject({ origin: 'imported', label: 'migrated' })
    const { rawSignedTransaction } = await kis.client.signEvm({ keyId: evm.keyId, transaction: tx })
    expect(await recoverTransactionAddress({ serializedTransaction: rawSignedTransaction as never })).toBe(evm.address)
    // A key made here, at test time: its WIF and PVT_K1 forms both import to the same public key.
    const local = PrivateKey.generate('K1')
    const fromWif = await kis.client.adminImport({ kind: 'native', privateKey: local.toWif() })
    expect(fromWif.publicKey).toBe(local.toPublic().toString())
    const fromPvt = await kis.client.adminImport({ kind: 'native', privateKey: local.toString() })
    expect(fromPvt.publicKey).toBe(local.toPublic().toString())
  })

  it('refuses an invalid private key without echoing it', async () => {
    const bad = `0x${'ff'.repeat(32)}` // above the secp256k1 order
    const error = await kis.client.adminImport({ kind: 'evm', privateKey: bad }).then(
      () => new Error('imported'),
      (e: unknown) => e as Error,
    )
    expect(error).toMatchObject({ code: 'INVALID_FIELD', details: { field: 'private_key' } })
    expect(error.message).not.toContain('ff'.repeat(8))
    await expect(kis.client.adminImport({ kind: 'native', privateKey: 'PVT_K1_nope' })).rejects.toMatchObject({
      code: 'INVALID_FIELD',
    })
  })
})

describe('key store: envelope encryption, restart, master secret [NP-KEY-020]', () => {
  it('keeps keys across a restart, and the database file holds no private key in the clear', async () => {
    const first = await startTestKis()
    const imported = `0x${'5a'.repeat(32)}` as const
    const key = await first.client.adminImport({ kind: 'evm', privateKey: imported })
    const created = await first.client.createKey({ kind: 'native' })
    await first.stop()
    const dbBytes = readFileSync(first.config.sqlitePath)
    expect(dbBytes.includes(Buffer.from(imported.slice(2), 'hex'))).toBe(false)
    expect(dbBytes.toString('latin1').includes(imported.slice(2))).toBe(false)

    const again = await startTestKis({ masterSecret: first.config.masterSecret }, first.dir)
    try {
      expect(await again.client.getKey(key.keyId)).toEqual(key)
      expect(await again.client.getKey(created.keyId)).toEqual(created)
      const { rawSignedTransaction } = await again.client.signEvm({ keyId: key.keyId, transaction: tx })
      expect(await recoverTransactionAddress({ serializedTransaction: rawSignedTransaction as never })).toBe(
        key.address,
      )
    } finally {
      await again.stop()
    }
  })

  it('refuses to start with the wrong master secret, with a clear error', async () => {
    const first = await startTestKis()
    await first.client.createKey({ kind: 'evm' })
    await first.stop()
    const error = await startTestKis({ masterSecret: 'not-the-secret-it-was-made-with' }, first.dir).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(MasterSecretMismatchError)
    expect((error as Error).message).toMatch(/SPACEOS_KIS_MASTER_SECRET.*does not open the key store/)
  })

  it('the replay table remembers a signature until its window ends, then forgets it', async () => {
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const path = join(mkdtempSync(join(tmpdir(), 'kis-replay-')), 'kis.db')
    const store = await openKeyStore({
      path,
      masterSecret: 'replay-table-test-secret',
      scrypt: { N: 1024, r: 8, p: 1 },
    })
    try {
      expect(store.acceptSignature('c:a', 100, 50)).toBe(true)
      expect(store.acceptSignature('c:a', 100, 60)).toBe(false)
      expect(store.acceptSignature('c:a', 100, 100)).toBe(false)
      expect(store.acceptSignature('c:b', 500, 101)).toBe(true) // prunes c:a (expired at 100)
      expect(store.acceptSignature('c:a', 400, 102)).toBe(true)
    } finally {
      store.close()
    }
  })

  it('opens a store made before keys had owners (the column is added; its keys stay shared)', async () => {
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const Database = (await import('better-sqlite3')).default
    const path = join(mkdtempSync(join(tmpdir(), 'kis-old-')), 'kis.db')
    const first = await openKeyStore({ path, masterSecret: 'old-store-secret-0123', scrypt: { N: 1024, r: 8, p: 1 } })
    first.close()
    const db = new Database(path)
    db.exec('ALTER TABLE keys DROP COLUMN owner')
    db.close()
    const again = await openKeyStore({ path, masterSecret: 'old-store-secret-0123' })
    try {
      const record = again.insert({
        kind: 'evm',
        privateKey: Buffer.alloc(32, 7),
        publicKey: '0x04',
        origin: 'imported',
      })
      expect(again.get(record.id)?.owner).toBeUndefined()
    } finally {
      again.close()
    }
  })

  it('a tampered ciphertext does not decrypt (ChaCha20-Poly1305 tag)', async () => {
    const first = await startTestKis()
    const key = await first.client.createKey({ kind: 'evm' })
    await first.stop()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(first.config.sqlitePath)
    const row = db.prepare('SELECT ciphertext FROM keys WHERE id = ?').get(key.keyId) as { ciphertext: Buffer }
    row.ciphertext[20] = (row.ciphertext[20] ?? 0) ^ 1
    db.prepare('UPDATE keys SET ciphertext = ? WHERE id = ?').run(row.ciphertext, key.keyId)
    db.close()
    const store = await openKeyStore({ path: first.config.sqlitePath, masterSecret: first.config.masterSecret })
    try {
      await expect(store.withPrivateKey(key.keyId, () => 'opened')).rejects.toThrow()
    } finally {
      store.close()
    }
  })
})
