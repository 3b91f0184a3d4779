import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../src/cli.ts'
import { runReportSchema } from '../src/index.ts'
import { binPath, brokenCodecTarget, knownFailingProtocolCodec, protocolCodecTarget, repoRoot } from './helpers.ts'

const exec = promisify(execFile)

/** Runs the real bin (no build: the tsx shim) and returns its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [binPath, ...args], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

describe('spaceos-conformance CLI (real subprocess, except the usage checks)', () => {
  let out: string
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'spaceos-conformance-'))
  })
  afterAll(async () => {
    await rm(out, { recursive: true, force: true })
  })

  it('lists the codec cases with their requirement IDs', async () => {
    const { code, stdout } = await cli(['list'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^codec: .*\(\d+ cases;/m)
    expect(stdout).toMatch(
      /^ {2}codec\.memory-op\.bad-signature\.bit-flip {2}\[NP-CODEC-011, NP-MEM-010, NP-MEM-020\]/m,
    )
  })

  it('prints coverage counts by level and passes --fail-on-uncovered-must for the codec role', async () => {
    const { code, stdout } = await cli(['coverage', '--role', 'codec', '--fail-on-uncovered-must'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/MUST +\d+\/\d+ covered, 0 uncovered/)
  })

  it('prints uncovered MUST IDs of roles without a suite without failing', async () => {
    const { code, stdout } = await cli(['coverage', '--fail-on-uncovered-must'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/uncovered MUST \(\d+\):/)
    expect(stdout).toMatch(/coordinator \(no suite yet\): NP-/)
  })

  it('fails coverage with the flag when a MUST of a role with a suite has no case', async () => {
    const requirements = join(out, 'requirements.json')
    await writeFile(
      requirements,
      JSON.stringify({
        requirements: [
          { id: 'NP-CODEC-001', level: 'MUST', text: 'covered' },
          { id: 'NP-CODEC-999', level: 'MUST', text: 'nobody tests this' },
        ],
      }),
    )
    const { code, stdout } = await cli(['coverage', '--requirements', requirements, '--fail-on-uncovered-must'])
    expect(code).toBe(1)
    expect(stdout).toContain('codec (has a suite): NP-CODEC-999')
    expect(stdout).toMatch(/FAIL: 1 MUST/)
  })

  it('runs the suite, writes JSON/JUnit/HTML reports and exits 0 on the reference codec', async () => {
    const { code, stdout } = await cli([
      'run',
      '--role',
      'codec',
      '--target',
      protocolCodecTarget,
      '--known-failing',
      knownFailingProtocolCodec,
      '--report',
      'json,junit',
      '--report',
      'html',
      '--out',
      out,
    ])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^codec: \d+ passed, 0 failed/m)
    expect(stdout).toContain('RESULT: PASS')
    const report = runReportSchema.parse(JSON.parse(await readFile(join(out, 'codec.json'), 'utf8')))
    expect(report.ok).toBe(true)
    expect(XMLValidator.validate(await readFile(join(out, 'codec.junit.xml'), 'utf8'))).toBe(true)
    expect(await readFile(join(out, 'codec.html'), 'utf8')).toContain('<h1>spaceos-conformance: codec — PASS</h1>')
  })

  it('exits 1 on the broken codec and prints one reproduce line per failure that reruns just that case', async () => {
    const { code, stdout } = await cli(['run', '--role', 'codec', '--target', brokenCodecTarget])
    expect(code).toBe(1)
    const reproduce = stdout.split('\n').filter((line) => line.startsWith('  npx spaceos-conformance run'))
    const failures = stdout.split('\n').filter((line) => line.startsWith('FAIL '))
    expect(reproduce.length).toBe(failures.length)
    const line = reproduce.find((l) => l.endsWith('--case codec.memory-op.bad-signature.bit-flip'))
    expect(line).toBeDefined()
    // The printed line works: run it (minus `npx spaceos-conformance`) and get exactly that one failing case.
    const again = await cli([
      'run',
      '--role',
      'codec',
      '--target',
      brokenCodecTarget,
      '--case',
      'codec.memory-op.bad-signature.bit-flip',
    ])
    expect(again.code).toBe(1)
    expect(again.stdout).toMatch(/^codec: 0 passed, 1 failed, 0 skipped/m)
  })

  it('exits 1 when a known-failing case passes (stale list)', async () => {
    const list = join(out, 'stale.json')
    await writeFile(list, JSON.stringify(['codec.envelope.ping.proto']))
    const { code, stdout } = await cli([
      'run',
      '--role',
      'codec',
      '--target',
      protocolCodecTarget,
      '--case',
      'codec.envelope.ping.proto',
      '--known-failing',
      list,
    ])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^STALE codec\.envelope\.ping\.proto/m)
  })

  it('exits 2 with usage on a bad invocation', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      expect(await main(['run', '--role', 'codec'])).toBe(2)
      expect(await main(['run', '--role', 'nope', '--target', 'x'])).toBe(2)
      expect(await main(['run', '--role', 'codec', '--target', 'x', '--report', 'pdf'])).toBe(2)
      expect(await main(['frobnicate'])).toBe(2)
      expect(await main(['run', '--role', 'codec', '--target', 'ws://127.0.0.1:1/v1/ws'])).toBe(2)
      expect(quiet).toHaveBeenCalledWith(expect.stringContaining('Usage:'))
    } finally {
      quiet.mockRestore()
    }
  })
})
