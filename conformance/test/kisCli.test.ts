import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runReportSchema } from '../src/index.ts'
import { binPath, repoRoot } from './helpers.ts'
import { type FakeKis, startFakeKis } from './kisFake.ts'

const exec = promisify(execFile)

/** Runs the real bin against the in-test KIS; the caller credential can come from the environment. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' }
  delete base.SPACEOS_CONFORMANCE_KIS_CALLER
  delete base.SPACEOS_CONFORMANCE_KIS_ADMIN
  try {
    const { stdout, stderr } = await exec(process.execPath, [binPath, ...args], {
      cwd: repoRoot,
      env: { ...base, ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

describe('spaceos-conformance run --role kis (real subprocess against the in-test KIS)', () => {
  let good: FakeKis
  let replayable: FakeKis
  let out: string
  beforeAll(async () => {
    good = await startFakeKis()
    replayable = await startFakeKis({ noReplayCheck: true })
    out = await mkdtemp(join(tmpdir(), 'kis-cli-'))
  })
  afterAll(async () => {
    await good?.close()
    await replayable?.close()
    await rm(out, { recursive: true, force: true })
  })

  it('passes with the flags, writes a JSON report, and lists the kis cases with their IDs', async () => {
    const args = ['run', '--role', 'kis', '--target', good.url, '--kis-caller', good.caller, '--kis-admin', good.admin]
    args.push('--kis-other-caller', good.otherCaller)
    const { code, stdout } = await cli([
      ...args,
      ...['--kis-antelope-chain-id', good.chainId, '--report', 'json', '--out', out],
    ])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^PASS {2}kis\.hmac\.replay {2}\[NP-KEY-025\]/m)
    const report = runReportSchema.parse(JSON.parse(await readFile(join(out, 'kis.json'), 'utf8')))
    expect(report.ok).toBe(true)
    expect(report.cases.filter((c) => c.outcome === 'skip').map((c) => c.id)).toEqual([
      'kis.rotate.evm',
      'kis.mtls.required',
    ])
    const list = await cli(['list', '--role', 'kis'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/^ {2}kis\.hmac\.window {2}\[NP-KEY-024, NP-KEY-023\]/m)
  })

  it('takes the caller from SPACEOS_CONFORMANCE_KIS_CALLER and exits 1 with a reproduce line on a broken KIS', async () => {
    const env = { SPACEOS_CONFORMANCE_KIS_CALLER: replayable.caller }
    const { code, stdout } = await cli(
      ['run', '--role', 'kis', '--target', replayable.url, '--case', 'kis.hmac.replay'],
      env,
    )
    expect(code).toBe(1)
    expect(stdout).toMatch(/^FAIL {2}kis\.hmac\.replay/m)
    expect(stdout).toContain(`npx spaceos-conformance run --role kis --target ${replayable.url} --case kis.hmac.replay`)
    expect(stdout).not.toContain(replayable.caller.split('=')[1])
  })

  it('is a usage error (exit 2) without a caller credential or with a malformed one', async () => {
    for (const extra of [[], ['--kis-caller', 'no-secret']]) {
      const { code, stderr } = await cli(['run', '--role', 'kis', '--target', good.url, ...extra])
      expect(code).toBe(2)
      expect(stderr).toContain('--kis-caller id=secret')
    }
  })
})
