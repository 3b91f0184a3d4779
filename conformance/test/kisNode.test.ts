import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKisSuite, loadKnownFailing, runSuite } from '../src/index.ts'
import { repoRoot } from './helpers.ts'

// The reference KIS is started from its bin, as an operator would: the suite sees nothing but its URL (black-box).
const bin = join(repoRoot, 'reference-nodes', 'kis', 'bin', 'spaceos-kis.mjs')
const knownFailing = await loadKnownFailing(join(repoRoot, 'reference-nodes', 'kis', 'conformance-known-failing.txt'))

const secret = () => randomBytes(32).toString('hex')
const caller = `identity=${secret()}`
const admin = `ops=${secret()}`
const chainId = randomBytes(32).toString('hex')
let dir: string
let child: ChildProcess
let anvil: ChildProcess
let url: string
let evmRpcUrl: string

/** Reads the first line of a child's stdout that matches, or rejects when it exits first. */
function readyLine(child: ChildProcess, pattern: RegExp, name: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = pattern.exec(line)
      if (match) resolve(match[1]!)
    })
  })
}

async function stop(running: ChildProcess | undefined) {
  if (running === undefined || running.exitCode !== null || running.signalCode !== null) return
  const exited = new Promise((resolve) => running.once('exit', resolve))
  running.kill('SIGTERM')
  await exited
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kis-conformance-'))
  // A chain-800000 EVM for the rotation sweep: anvil with the SPACE OS rules (legacy gas price 150 gwei, paris).
  anvil = spawn(
    join(repoRoot, 'node_modules', '.bin', 'anvil'),
    ['--chain-id', `${EVM_CHAIN_ID}`, '--hardfork', 'paris', '--gas-price', `${EVM_GAS_PRICE_WEI}`, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  evmRpcUrl = `http://${await readyLine(anvil, /Listening on ([\d.]+:\d+)/, 'anvil')}`
  child = spawn(process.execPath, [bin], {
    env: {
      ...process.env,
      SPACEOS_KIS_HOST: '127.0.0.1',
      SPACEOS_KIS_PORT: '0',
      SPACEOS_KIS_MASTER_SECRET: secret(),
      SPACEOS_KIS_CALLERS: caller,
      SPACEOS_KIS_ADMIN_CALLERS: admin,
      SPACEOS_KIS_SQLITE_PATH: join(dir, 'kis.db'),
      SPACEOS_KIS_AUDIT_LOG_PATH: join(dir, 'audit.jsonl'),
      SPACEOS_KIS_ANTELOPE_CHAIN_ID: chainId,
      SPACEOS_KIS_SCRYPT_N: '1024',
      SPACEOS_KIS_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  url = await readyLine(child, /^ready kis: (\S+)$/, 'spaceos-kis')
}, 60_000)

afterAll(async () => {
  await stop(child)
  await stop(anvil)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the kis conformance suite against the reference KIS (spaceos-kis bin)', () => {
  it('passes every case, with an empty known-failing list', async () => {
    const suite = createKisSuite({ caller, admin, antelopeChainId: chainId, evmRpcUrl })
    const report = await runSuite(suite, { target: url, knownFailing })
    expect(
      report.cases
        .filter((c) => c.outcome !== 'pass')
        .map((c) => `${c.id}: ${c.outcome} ${c.message ?? ''} ${c.actual ?? ''}`),
    ).toEqual([])
    expect(report.summary.passed).toBe(suite.cases.length)
    expect(knownFailing.size).toBe(0)
  })
})
