import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCodecSuite, loadKnownFailing, runSuite } from '../src/index.ts'
import { brokenCodecTarget, knownFailingProtocolCodec, packageRoot, protocolCodecTarget } from './helpers.ts'

describe('the codec suite', () => {
  const suite = createCodecSuite()

  it('certifies @spaceos/protocol: every case passes except the listed known failures', async () => {
    const knownFailing = await loadKnownFailing(knownFailingProtocolCodec)
    const report = await runSuite(suite, { target: protocolCodecTarget, knownFailing })
    const failures = report.cases.filter((c) => c.outcome === 'fail' || c.outcome === 'stale')
    expect(failures.map((c) => `${c.id}: ${c.message} ${c.actual ?? ''}`)).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.summary.passed + report.summary.expectedFailures).toBe(suite.cases.length)
    expect(report.summary.expectedFailures).toBe(knownFailing.size)
    expect(report.unknownKnownFailing).toEqual([])
  })

  it('fails a codec that skips signature checks (ops, device proofs) and size limits, naming those cases', async () => {
    const report = await runSuite(suite, { target: brokenCodecTarget })
    expect(report.ok).toBe(false)
    const failed = report.cases.filter((c) => c.outcome === 'fail').map((c) => c.id)
    expect(failed).toEqual(
      expect.arrayContaining([
        'codec.memory-op.bad-signature.bit-flip',
        'codec.memory-op.bad-signature.other-device',
        'codec.memory-op.bad-signature.payload-changed',
        'codec.device-proof.other-challenge',
        'codec.device-proof.other-device',
        'codec.robustness.mutated-memory-ops',
        'codec.memory-op.oversize',
        'codec.envelope.oversize.proto',
        'codec.envelope.oversize.json',
      ]),
    )
    const flip = report.cases.find((c) => c.id === 'codec.memory-op.bad-signature.bit-flip')
    expect(flip?.expected).toBe('error BAD_SIGNATURE')
    expect(flip?.actual).toMatch(/^ok: verified/)
    expect(flip?.reproduce).toBe(
      `npx spaceos-conformance run --role codec --target "${brokenCodecTarget}" --case codec.memory-op.bad-signature.bit-flip`,
    )
    // What the broken codec does right still passes: the suite is specific, not all-or-nothing.
    expect(report.cases.find((c) => c.id === 'codec.envelope.ping.proto')?.outcome).toBe('pass')
  })

  it('fails the robustness cases of a codec that rejects bad input with an untyped error (INTERNAL)', async () => {
    const report = await runSuite(suite, {
      target: `${process.execPath} ${join(packageRoot, 'impl', 'serve.mjs')} untyped-errors`,
      caseIds: ['codec.robustness.mutated-frames.proto', 'codec.envelope.truncated.proto', 'codec.envelope.ping.proto'],
    })
    const outcome = Object.fromEntries(report.cases.map((c) => [c.id, c.outcome]))
    expect(outcome).toEqual({
      'codec.robustness.mutated-frames.proto': 'fail',
      'codec.envelope.truncated.proto': 'fail',
      'codec.envelope.ping.proto': 'pass',
    })
    expect(report.cases[0]?.actual).toMatch(/^error INTERNAL/)
  })

  it('fails every case with the exit reason when the implementation dies, and restarts it per case', async () => {
    const report = await runSuite(suite, {
      target: `node -e "process.stderr.write('boom\\n'); process.exit(3)"`,
      caseIds: ['codec.envelope.ping.proto', 'codec.memory-op.fact-set.synced'],
    })
    expect(report.summary.failed).toBe(2)
    for (const result of report.cases) expect(result.message).toMatch(/exited \(code 3\).*boom/)
  })

  it('fails a case whose implementation never answers, within the request timeout', async () => {
    const report = await runSuite(suite, {
      target: `node -e "process.stdin.resume()"`,
      caseIds: ['codec.envelope.ping.proto'],
      timeoutMs: 300,
    })
    expect(report.cases[0]?.outcome).toBe('fail')
    expect(report.cases[0]?.message).toMatch(/no response within 300 ms/)
  })
})
