import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createKisSuite, type KisSuiteOptions, loadKnownFailing, type RunReport, runSuite } from '@spaceos/conformance'
import { startAnvil } from '@spaceos/evm/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The reference KIS is started from its bin, as an operator would: the suite sees nothing but its URL (black-box).
const bin = fileURLToPath(new URL('../bin/spaceos-kis.mjs', import.meta.url))
const knownFailing = await loadKnownFailing(fileURLToPath(new URL('../conformance-known-failing.txt', import.meta.url)))

const secret = () => randomBytes(32).toString('hex')
const caller = `identity=${secret()}`
const otherCaller = `router=${secret()}`
const admin = `ops=${secret()}`
const chainId = randomBytes(32).toString('hex')
const children: ChildProcess[] = []
let dir: string
let evmRpcUrl: string
let anvil: Awaited<ReturnType<typeof startAnvil>> | undefined
let pki: ReturnType<typeof makePki>

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

/** A CA, a server certificate for 127.0.0.1 and a caller's client certificate, made with openssl at test time. */
function makePki(at: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: at, stdio: 'pipe' })
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
  openssl('req', '-x509', ...newKey, '-days', '1', '-subj', '/CN=kis-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt')
  const leaf = (name: string, ext: string) => {
    openssl('req', ...newKey, '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`)
    writeFileSync(join(at, `${name}.ext`), ext)
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    )
  }
  leaf('server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
  leaf('identity', 'extendedKeyUsage=clientAuth\n')
  const file = (name: string) => join(at, name)
  return {
    ca: file('ca.crt'),
    server: [file('server.crt'), file('server.key')],
    client: [file('identity.crt'), file('identity.key')],
  }
}

/** Starts the spaceos-kis bin on port 0 with its own key store; `env` adds TLS settings. */
async function startKis(name: string, env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [bin], {
    env: {
      ...process.env,
      SPACEOS_KIS_HOST: '127.0.0.1',
      SPACEOS_KIS_PORT: '0',
      SPACEOS_KIS_MASTER_SECRET: secret(),
      SPACEOS_KIS_CALLERS: `${caller},${otherCaller}`,
      SPACEOS_KIS_ADMIN_CALLERS: admin,
      SPACEOS_KIS_SQLITE_PATH: join(dir, `${name}.db`),
      SPACEOS_KIS_AUDIT_LOG_PATH: join(dir, `${name}-audit.jsonl`),
      SPACEOS_KIS_ANTELOPE_CHAIN_ID: chainId,
      SPACEOS_KIS_SCRYPT_N: '1024',
      SPACEOS_KIS_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return readyLine(child, /^ready kis: (\S+)$/, `spaceos-kis (${name})`)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kis-conformance-'))
  pki = makePki(dir)
  // A chain-800000 EVM for the rotation sweep.
  anvil = await startAnvil()
  evmRpcUrl = anvil.url
}, 60_000)

afterAll(async () => {
  await anvil?.stop()
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const notPassed = (report: RunReport) =>
  report.cases
    .filter((c) => c.outcome !== 'pass')
    .map((c) => `${c.id}: ${c.outcome} ${c.message ?? ''} ${c.actual ?? ''}`.trim())

describe('the kis conformance suite against the reference KIS (spaceos-kis bin)', () => {
  it('passes every case over https with mutual TLS, with an empty known-failing list', async () => {
    const [certFile, keyFile] = pki.client as [string, string]
    const [cert, key] = pki.server as [string, string]
    const url = await startKis('mtls', {
      SPACEOS_KIS_TLS_CERT: cert,
      SPACEOS_KIS_TLS_KEY: key,
      SPACEOS_KIS_TLS_CA: pki.ca,
    })
    expect(url).toMatch(/^https:/)
    const options: KisSuiteOptions = { caller, otherCaller, admin, antelopeChainId: chainId, evmRpcUrl }
    const suite = createKisSuite({ ...options, tls: { caFile: pki.ca, certFile, keyFile } })
    const report = await runSuite(suite, { target: url, knownFailing })
    expect(notPassed(report)).toEqual([])
    expect(report.summary.passed).toBe(suite.cases.length)
    expect(knownFailing.size).toBe(0)
  })

  it('over plain http passes every case but the mutual-TLS one, which skips', async () => {
    const url = await startKis('http')
    const suite = createKisSuite({ caller, otherCaller, admin, antelopeChainId: chainId, evmRpcUrl })
    const report = await runSuite(suite, { target: url, knownFailing })
    expect(notPassed(report)).toEqual([expect.stringMatching(/^kis\.mtls\.required: skip /)])
  })

  it('fails the mutual-TLS case when KIS serves https without requiring client certificates', async () => {
    const [certFile, keyFile] = pki.client as [string, string]
    const [cert, key] = pki.server as [string, string]
    const url = await startKis('tls-only', { SPACEOS_KIS_TLS_CERT: cert, SPACEOS_KIS_TLS_KEY: key })
    const suite = createKisSuite({ caller, tls: { caFile: pki.ca, certFile, keyFile } })
    const report = await runSuite(suite, { target: url, caseIds: ['kis.mtls.required', 'kis.hmac.replay'] })
    expect(report.cases.map((c) => `${c.id}: ${c.outcome}`)).toEqual([
      'kis.mtls.required: fail',
      'kis.hmac.replay: pass',
    ])
  })
})
