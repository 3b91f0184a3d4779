import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PrivateKey } from '@wharfkit/antelope'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../src/cli.ts'
import { runSuite } from '../src/runSuite.ts'
import {
  ChainTargetInvalidError,
  createChainSuite,
  loadChainTargetFile,
  parseAccountFlag,
  parseContractFlag,
} from '../src/suites/chain/index.ts'

const key = PrivateKey.generate('K1').toString()

describe('chain suite target', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chain-target-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('parses --antelope-account name=key and refuses malformed ones', () => {
    expect(parseAccountFlag(`alice=${key}`)).toEqual({ name: 'alice', privateKey: key })
    for (const bad of ['alice', `=${key}`, `Alice=${key}`, 'alice=not-a-key', `toolongaccount=${key}`]) {
      expect(() => parseAccountFlag(bad)).toThrow(ChainTargetInvalidError)
    }
  })

  it('parses --evm-contract Name=0x… (token names with dots too)', () => {
    const address = `0x${'ab'.repeat(20)}`
    expect(parseContractFlag(`NativeBridge=${address}`)).toEqual(['NativeBridge', address])
    expect(parseContractFlag(`USDT.s=${address}`)).toEqual(['USDT.s', address])
    expect(() => parseContractFlag('NativeBridge=0x12')).toThrow(ChainTargetInvalidError)
  })

  it('reads a --chain-config file and rejects unknown fields and bad keys', async () => {
    const good = join(dir, 'good.json')
    await writeFile(
      good,
      JSON.stringify({ antelope: 'http://127.0.0.1:8888', evm: 'http://127.0.0.1:8545', accounts: { alice: key } }),
    )
    expect(await loadChainTargetFile(good)).toMatchObject({ accounts: { alice: key } })
    const unknown = join(dir, 'unknown.json')
    await writeFile(unknown, JSON.stringify({ antelope: 'http://x', extra: 1 }))
    await expect(loadChainTargetFile(unknown)).rejects.toThrow(ChainTargetInvalidError)
    const badKey = join(dir, 'bad-key.json')
    await writeFile(badKey, JSON.stringify({ accounts: { alice: 'PUB_K1_nope' } }))
    await expect(loadChainTargetFile(badKey)).rejects.toThrow(ChainTargetInvalidError)
    await expect(loadChainTargetFile(join(dir, 'missing.json'))).rejects.toThrow(ChainTargetInvalidError)
  })

  it('the CLI exits 2 on a malformed account flag or chain config', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const base = ['run', '--role', 'chain', '--target', 'http://127.0.0.1:9', '--evm-target', 'http://127.0.0.1:9']
      expect(await main([...base, '--antelope-account', 'alice'])).toBe(2)
      const bad = join(dir, 'bad.json')
      await writeFile(bad, '{ not json')
      expect(await main([...base, '--chain-config', bad])).toBe(2)
    } finally {
      error.mockRestore()
    }
  })

  describe('a target without what the suite needs', () => {
    let server: Server
    let url: string
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{}')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    })

    it('fails every case saying what is missing: the EVM URL, then two spender accounts', async () => {
      const noEvm = await runSuite(createChainSuite({}), { target: url, caseIds: ['chain.api.get-info'] })
      expect(noEvm.cases[0]?.outcome).toBe('fail')
      expect(noEvm.cases[0]?.message).toMatch(/--evm-target/)
      const oneAccount = await runSuite(
        createChainSuite({ evmUrl: url, accounts: [{ name: 'alice', privateKey: key }] }),
        { target: url, caseIds: ['chain.api.get-info'] },
      )
      expect(oneAccount.cases[0]?.message).toMatch(/two funded non-system accounts/)
      const systemOnly = await runSuite(
        createChainSuite({
          evmUrl: url,
          accounts: [
            { name: 'eosio', privateKey: key },
            { name: 'alice', privateKey: key },
          ],
        }),
        { target: url, caseIds: ['chain.api.get-info'] },
      )
      expect(systemOnly.cases[0]?.message).toMatch(/non-system/)
    })

    it('fails get_info against a node that answers {} (no chain_id, no head)', async () => {
      const report = await runSuite(
        createChainSuite({
          evmUrl: url,
          accounts: [
            { name: 'alice', privateKey: key },
            { name: 'bob', privateKey: key },
          ],
        }),
        { target: url, caseIds: ['chain.api.get-info', 'chain.evm.identity'] },
      )
      expect(report.cases.map((c) => c.outcome)).toEqual(['fail', 'fail'])
    })
  })
})
