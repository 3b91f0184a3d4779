import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createChainSuite, loadKnownFailing, type RunReport, runSuite } from '@spaceos/conformance'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Devnet, startChainApi, startDevnet } from '../src/index.ts'
import { type BrokenNode, startProxy } from './conformanceProxy.ts'

const knownFailing = await loadKnownFailing(fileURLToPath(new URL('../conformance-known-failing.txt', import.meta.url)))

let devnet: Devnet

/** EVM contract and token addresses of the devnet's address book (the bridge publishes it). */
function contractsOf(d: Devnet): Record<string, string> {
  const book = d.bridge?.addressBook
  return { ...book?.contracts, ...book?.tokens }
}

/** The devnet deployer's key for every privileged EVM role of its address book that the deployer holds. */
function evmRolesOf(d: Devnet): Record<string, string> {
  const bridge = d.bridge
  if (!bridge) return {}
  const deployer = bridge.keys.deployer
  return Object.fromEntries(
    Object.entries(bridge.addressBook.roles)
      .filter(([, address]) => String(address).toLowerCase() === deployer.evmAddress.toLowerCase())
      .map(([role]) => [role, deployer.evmPrivateKey]),
  )
}

/**
 * The devnet's generated local-only keys: eosio (the SPACE and stablecoin issuer) and the dev accounts; the system
 * accounts hold the genesis (eosio) key, so spaceos.orcl gets it too (the slashproof case needs the oracle's authority).
 */
function accountsOf(d: Devnet) {
  const accounts = d.keys.map((k) => ({ name: k.account, privateKey: k.privateKey }))
  const genesis = d.keys.find((k) => k.account === 'eosio')?.privateKey as string
  return [...accounts, { name: 'spaceos.orcl', privateKey: genesis }]
}

/** Cases that need the devnet's clock moved: they skip on a devnet without the development flag. */
const timeTravelCases = ['chain.prov.downtime', 'chain.prov.inflation', 'chain.prov.rewards', 'chain.vest.schedules']

async function certify(
  antelopeUrl: string,
  evmUrl: string,
  caseIds?: string[],
  on: Devnet = devnet,
  devTimeTravel = false,
): Promise<RunReport> {
  const suite = createChainSuite({
    devTimeTravel,
    evmUrl,
    accounts: accountsOf(on),
    contracts: contractsOf(on),
    bridgeTimeoutMs: 15_000,
    ...(on.bridge ? { bridgeUrl: on.bridge.url } : {}),
    // Every EVM role of the devnet is held by its deployer (local-only key).
    ...(on.bridge ? { evmKeys: evmRolesOf(on) } : {}),
  })
  return runSuite(suite, { target: antelopeUrl, knownFailing, ...(caseIds ? { caseIds } : {}) })
}

const failures = (report: RunReport) =>
  report.cases
    .filter((c) => c.outcome === 'fail' || c.outcome === 'stale')
    .map((c) => `${c.id}: ${c.message ?? ''} ${c.expected ?? ''} ${c.actual ?? ''}`)
const failedIds = (report: RunReport) => report.cases.filter((c) => c.outcome === 'fail').map((c) => c.id)

beforeAll(async () => {
  devnet = await startDevnet({ antelopePort: 0, evmPort: 0 })
})
afterAll(async () => {
  await devnet?.stop()
})

describe('the chain conformance suite against the devnet', () => {
  it('passes every case but the listed known failures; only the time-travel cases skip', async () => {
    const report = await certify(devnet.antelope.url, devnet.evm.url)
    expect(failures(report)).toEqual([])
    expect(report.cases.filter((c) => c.outcome === 'skip').map((c) => c.id)).toEqual(timeTravelCases)
    expect(report.summary.passed + report.summary.expectedFailures + timeTravelCases.length).toBe(report.summary.total)
    expect(report.summary.expectedFailures).toBe(knownFailing.size)
  }, 600_000)
})

describe('the chain suite against a devnet started with the development flag', () => {
  let dev: Devnet
  beforeAll(async () => {
    dev = await startDevnet({ antelopePort: 0, evmPort: 0, dev: true })
  })
  afterAll(async () => {
    await dev?.stop()
  })

  it('passes the time-travel cases (downtime verdict carried to SpaceProviderBond, inflation, rewards) and skips no-time-travel', async () => {
    const ids = [...timeTravelCases, 'chain.api.no-time-travel', 'chain.tx.transfer']
    const report = await certify(dev.antelope.url, dev.evm.url, ids, dev, true)
    expect(failures(report)).toEqual([])
    expect(report.cases.map((c) => `${c.id}: ${c.outcome}`)).toEqual([
      'chain.prov.downtime: pass',
      'chain.prov.inflation: pass',
      'chain.prov.rewards: pass',
      'chain.vest.schedules: pass',
      'chain.api.no-time-travel: skip',
      'chain.tx.transfer: pass',
    ])
  }, 300_000)
})

describe('spaceos-conformance run --role chain (the real bin)', () => {
  it('certifies the devnet from a --chain-config file and the --address-book, and fails a case on a broken node', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chain-conformance-'))
    try {
      const config = join(dir, 'chain.json')
      const book = join(dir, 'address-book.json')
      const accounts = Object.fromEntries(accountsOf(devnet).map((a) => [a.name, a.privateKey]))
      await writeFile(
        config,
        JSON.stringify({
          antelope: devnet.antelope.url,
          evm: devnet.evm.url,
          bridge: devnet.bridge?.url,
          accounts,
          bridgeTimeoutMs: 15_000,
        }),
        { mode: 0o600 },
      )
      await writeFile(book, JSON.stringify(devnet.bridge?.addressBook ?? {}))
      const bin = fileURLToPath(new URL('../../../conformance/bin/spaceos-conformance.mjs', import.meta.url))
      const cases = [
        'chain.api.get-info',
        'chain.tx.duplicate',
        'chain.bridge.withdraw-remainder',
        'chain.bridge.supply-endpoint',
      ]
      const run = async (extra: string[]) => {
        try {
          const { stdout } = await promisify(execFile)(
            process.execPath,
            [
              bin,
              'run',
              '--role',
              'chain',
              '--chain-config',
              config,
              '--address-book',
              book,
              ...cases.flatMap((c) => ['--case', c]),
              ...extra,
            ],
            { env: { ...process.env, NODE_OPTIONS: '' } },
          )
          return { code: 0, stdout }
        } catch (error) {
          const e = error as { code?: number; stdout?: string }
          return { code: e.code ?? -1, stdout: e.stdout ?? '' }
        }
      }
      const good = await run([])
      expect(good.stdout).toMatch(/PASS\s+chain\.bridge\.withdraw-remainder/)
      expect(good.stdout).toMatch(/PASS\s+chain\.bridge\.supply-endpoint/)
      expect(good.code).toBe(0)
      const broken = await startProxy(
        { antelope: devnet.antelope.url, evm: devnet.evm.url },
        { replayDuplicates: true },
      )
      try {
        const bad = await run(['--target', broken.antelopeUrl])
        expect(bad.code).toBe(1)
        expect(bad.stdout).toMatch(/FAIL\s+chain\.tx\.duplicate/)
        expect(bad.stdout).toMatch(/--case chain\.tx\.duplicate/)
      } finally {
        await broken.stop()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

describe('the chain suite has teeth: broken nodes fail it', () => {
  let proxy: BrokenNode | undefined
  afterAll(async () => {
    await proxy?.stop()
  })

  it('fails a tx-wrapper that lets EIP-1559 transactions through', async () => {
    proxy = await startProxy({ antelope: devnet.antelope.url, evm: devnet.evm.url }, { acceptTypedTransactions: true })
    const report = await certify(proxy.antelopeUrl, proxy.evmUrl, ['chain.evm.typed-refused', 'chain.evm.identity'])
    expect(failedIds(report)).toEqual(['chain.evm.typed-refused'])
    await proxy.stop()
    proxy = undefined
  }, 120_000)

  it('fails a chain API that applies a duplicate transaction twice', async () => {
    proxy = await startProxy({ antelope: devnet.antelope.url, evm: devnet.evm.url }, { replayDuplicates: true })
    const report = await certify(proxy.antelopeUrl, proxy.evmUrl, ['chain.tx.duplicate', 'chain.tx.transfer'])
    expect(failedIds(report)).toEqual(['chain.tx.duplicate'])
    await proxy.stop()
    proxy = undefined
  }, 120_000)

  it('fails a chain API whose get_table_rows drops a row at each page boundary', async () => {
    proxy = await startProxy({ antelope: devnet.antelope.url, evm: devnet.evm.url }, { skipRowAfterPage: true })
    const report = await certify(proxy.antelopeUrl, proxy.evmUrl, ['chain.prov.table-paging', 'chain.api.get-info'])
    expect(failedIds(report)).toEqual(['chain.prov.table-paging'])
    await proxy.stop()
    proxy = undefined
  }, 120_000)

  it('fails a chain API that refuses zlib-compressed transactions', async () => {
    proxy = await startProxy({ antelope: devnet.antelope.url, evm: devnet.evm.url }, { refuseCompressed: true })
    const report = await certify(proxy.antelopeUrl, proxy.evmUrl, ['chain.tx.zlib', 'chain.tx.transfer'])
    expect(failedIds(report)).toEqual(['chain.tx.zlib'])
    await proxy.stop()
    proxy = undefined
  }, 120_000)

  it('fails a tx-wrapper that passes cheat methods through', async () => {
    proxy = await startProxy({ antelope: devnet.antelope.url, evm: devnet.evm.url }, { acceptCheats: true })
    const report = await certify(proxy.antelopeUrl, proxy.evmUrl, ['chain.evm.cheats-refused', 'chain.evm.gas-price'])
    expect(failedIds(report)).toEqual(['chain.evm.cheats-refused'])
    await proxy.stop()
    proxy = undefined
  }, 120_000)

  it('fails a chain API started with the development flag (it serves time travel)', async () => {
    const dev = await startChainApi({ dev: true })
    try {
      const report = await certify(dev.url, devnet.evm.url, ['chain.api.no-time-travel', 'chain.api.get-info'])
      expect(failedIds(report)).toEqual(['chain.api.no-time-travel'])
    } finally {
      await dev.stop()
    }
  }, 120_000)

  it("fails a chain API that answers errors without nodeos' error shape", async () => {
    proxy = await startProxy({ antelope: devnet.antelope.url, evm: devnet.evm.url }, { flattenErrors: true })
    const report = await certify(proxy.antelopeUrl, proxy.evmUrl, ['chain.tx.expired', 'chain.api.malformed-json'])
    expect(failedIds(report)).toEqual(['chain.tx.expired', 'chain.api.malformed-json'])
    await proxy.stop()
    proxy = undefined
  }, 120_000)
})
