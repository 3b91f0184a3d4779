import { readFileSync } from 'node:fs'
import { type Anvil, startAnvil } from '@spaceos/evm/node'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { Bytes, KeyType, PrivateKey } from '@wharfkit/antelope'
import { createPublicClient, http, numberToHex, parseEther } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openKeyStore } from '../src/index.ts'
import { startTestKis, type TestKis } from './helpers.ts'

let anvil: Anvil
let kis: TestKis
beforeAll(async () => {
  anvil = await startAnvil({ chainId: EVM_CHAIN_ID })
  kis = await startTestKis({ evmRpcUrl: anvil.url, antelopeChainId: 'ef'.repeat(32) })
})
afterAll(async () => {
  await anvil?.stop()
})

/** Every text form a private key could leak in. */
function forms(kind: 'evm' | 'native', key: Buffer): string[] {
  const hex = key.toString('hex')
  const list = [hex, hex.toUpperCase(), key.toString('base64'), key.toString('base64url')]
  if (kind === 'native') {
    const pk = new PrivateKey(KeyType.K1, Bytes.from(key))
    list.push(pk.toString(), pk.toWif())
  }
  return list
}

describe('no endpoint, audit line or log line carries a private key [NP-KEY-021] [NP-KEY-028]', () => {
  it('scans every answer of every endpoint, the audit log and the service log for every stored key', async () => {
    const post = async (path: string, body: unknown, admin = false) => {
      const res = await kis.raw(
        'POST',
        path,
        JSON.stringify(body),
        admin ? { callerId: 'ops', secret: kis.secrets.admin } : {},
      )
      return res.json() as Record<string, unknown>
    }
    const evm = await post('/keys', { kind: 'evm', label: 'scan' })
    const native = await post('/keys', { kind: 'native' })
    await kis.raw('GET', `/keys/${evm.key_id}`)
    await kis.raw('GET', `/keys/${native.key_id}`)
    const importedEvm = generatePrivateKey()
    const importedNative = PrivateKey.generate('K1').toString()
    const imp = await post('/admin/import', { kind: 'evm', private_key: importedEvm }, true)
    await post('/admin/import', { kind: 'native', private_key: importedNative }, true)
    // Refused imports (bad value, wrong credential) must not echo the value either.
    await post('/admin/import', { kind: 'evm', private_key: `${importedEvm}00` }, true)
    await post('/admin/import', { kind: 'evm', private_key: importedEvm })
    const tx = {
      nonce: 0,
      gas: '21000',
      gas_price: String(EVM_GAS_PRICE_WEI),
      chain_id: EVM_CHAIN_ID,
      to: `0x${'11'.repeat(20)}`,
      value: '1',
    }
    await post('/sign-evm', { key_id: evm.key_id, transaction: tx })
    await post('/sign-evm', { key_id: imp.key_id, transaction: { ...tx, chain_id: 1 } })
    await post('/sign-native', {
      key_id: native.key_id,
      chain_id: 'ef'.repeat(32),
      transaction: {
        expiration: '2030-01-01T00:00:00',
        ref_block_num: 1,
        ref_block_prefix: 2,
        actions: [{ account: 'eosio', name: 'noop', authorization: [], data: '' }],
      },
    })
    const client = createPublicClient({ transport: http(anvil.url) })
    await client.request({
      method: 'anvil_setBalance' as never,
      params: [evm.address, numberToHex(parseEther('1'))] as never,
    })
    const rotated = await post('/rotate', { key_id: evm.key_id })
    expect(rotated.old_key_id).toMatch(/^kis_/)
    await post('/rotate', { key_id: native.key_id })
    await kis.raw('GET', `/keys/${rotated.old_key_id}`)
    for (const path of ['/healthz', '/readyz', '/metrics'])
      kis.responses.push(await (await fetch(kis.url + path)).text())
    await kis.stop()

    const store = await openKeyStore({ path: kis.config.sqlitePath, masterSecret: kis.config.masterSecret })
    const secrets: string[] = []
    try {
      const ids = store.ids()
      expect(ids.length).toBeGreaterThanOrEqual(5)
      for (const id of ids) {
        await store.withPrivateKey(id, (key, record) => {
          secrets.push(...forms(record.kind, key))
        })
      }
    } finally {
      store.close()
    }
    expect(secrets).toContain(importedEvm.slice(2))
    expect(secrets).toContain(importedNative)

    const audit = readFileSync(kis.config.auditLogPath, 'utf8')
    const haystacks = { responses: kis.responses.join('\n'), audit, serviceLog: kis.serviceLog.join('') }
    expect(haystacks.responses.length).toBeGreaterThan(1000)
    expect(audit.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(kis.responses.length - 3)
    for (const [name, text] of Object.entries(haystacks))
      for (const secret of secrets) expect(text.includes(secret), `${name} contains a private key`).toBe(false)
    // Nor a caller secret or the master secret.
    for (const [name, text] of Object.entries(haystacks))
      for (const secret of [...Object.values(kis.secrets), kis.config.masterSecret])
        expect(text.includes(secret), `${name} contains a secret`).toBe(false)
  })
})
