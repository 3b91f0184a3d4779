import { fileURLToPath } from 'node:url'
import { createIdentitySuite, loadKnownFailing, runSuite } from '@spaceos/conformance'
import { describe, expect, it } from 'vitest'
import { type RunningNode, startNode } from './harness.ts'
import { openPgStore, pgAvailable } from './pg.ts'

const knownFailing = await loadKnownFailing(fileURLToPath(new URL('../conformance-known-failing.txt', import.meta.url)))

async function certify(running: RunningNode) {
  const suite = createIdentitySuite({ advanceClock: async (ms) => running.clock.advance(ms) })
  try {
    return { suite, report: await runSuite(suite, { target: running.url, knownFailing }) }
  } finally {
    await running.close()
  }
}

const failedIds = (report: Awaited<ReturnType<typeof certify>>['report']) =>
  report.cases.filter((c) => c.outcome === 'fail').map((c) => c.id)

const withPg = await pgAvailable()

describe('the identity conformance suite', () => {
  it('passes against the reference node on SQLite: every case but the listed known failures', async () => {
    const { suite, report } = await certify(await startNode())
    expect(
      report.cases
        .filter((c) => c.outcome === 'fail' || c.outcome === 'stale')
        .map((c) => `${c.id}: ${c.message ?? ''} ${c.actual ?? ''}`),
    ).toEqual([])
    expect(report.summary.passed + report.summary.expectedFailures).toBe(suite.cases.length)
    expect(report.summary.expectedFailures).toBe(knownFailing.size)
  })

  it.runIf(withPg)(
    'passes against the reference node on PostgreSQL: every case but the listed known failures',
    async () => {
      const { suite, report } = await certify(await startNode({ store: await openPgStore() }))
      expect(
        report.cases
          .filter((c) => c.outcome === 'fail' || c.outcome === 'stale')
          .map((c) => `${c.id}: ${c.message ?? ''} ${c.actual ?? ''}`),
      ).toEqual([])
      expect(report.summary.passed + report.summary.expectedFailures).toBe(suite.cases.length)
      expect(report.summary.expectedFailures).toBe(knownFailing.size)
    },
  )

  it('fails a node that does not consume nonces, on the nonce cases', async () => {
    const { report } = await certify(await startNode({ faults: { nonceNotConsumed: true } }))
    expect(report.ok).toBe(false)
    expect(failedIds(report)).toEqual(expect.arrayContaining(['identity.nonce.reuse', 'identity.verify.wrong-signer']))
  })

  it('fails a node without a pairing attempt limit, on the brute-force case', async () => {
    const { report } = await certify(await startNode({ faults: { noAttemptLimit: true } }))
    expect(report.ok).toBe(false)
    expect(failedIds(report)).toEqual(['identity.pairing.brute-force'])
  })
})
