import { fileURLToPath } from 'node:url'
import { createIdentitySuite, loadKnownFailing, runSuite } from '@spaceos/conformance'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nonceNotConsumed, noPairingAttemptLimit } from '../../../reference-nodes/identity/test/brokenStores.ts'
import { type RunningNode, startNode } from '../../../reference-nodes/identity/test/harness.ts'
import { openPgStore, pgAvailable } from '../../../reference-nodes/identity/test/pg.ts'
import { startWalletInfra, type WalletInfra } from './walletInfra.ts'

const knownFailing = await loadKnownFailing(
  fileURLToPath(new URL('../../../reference-nodes/identity/conformance-known-failing.txt', import.meta.url)),
)

// A real KIS and a real devnet chain API: the wallet cases check the proxy wallet and the account on the chain.
let infra: WalletInfra
beforeAll(async () => {
  infra = await startWalletInfra()
}, 120_000)
afterAll(async () => {
  await infra?.stop()
})
const wallets = () => ({ custody: infra.custody, chain: infra.chain })

async function certify(running: RunningNode) {
  const suite = createIdentitySuite({
    advanceClock: async (ms) => running.clock.advance(ms),
    antelopeUrl: infra.antelopeUrl,
  })
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
  it('passes against the reference node on SQLite: every case, the wallets checked on the chain', async () => {
    const { suite, report } = await certify(await startNode({ wallets: wallets() }))
    expect(
      report.cases
        .filter((c) => c.outcome === 'fail' || c.outcome === 'stale')
        .map((c) => `${c.id}: ${c.message ?? ''} ${c.actual ?? ''}`),
    ).toEqual([])
    expect(report.summary.passed + report.summary.expectedFailures).toBe(suite.cases.length)
    expect(report.summary.expectedFailures).toBe(knownFailing.size)
  })

  it.runIf(withPg)(
    'passes against the reference node on PostgreSQL: every case, the wallets checked on the chain',
    async () => {
      const { suite, report } = await certify(await startNode({ store: await openPgStore(), wallets: wallets() }))
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
    const { report } = await certify(await startNode({ wrapStore: nonceNotConsumed, wallets: wallets() }))
    expect(report.ok).toBe(false)
    expect(failedIds(report)).toEqual(expect.arrayContaining(['identity.nonce.reuse', 'identity.verify.wrong-signer']))
  })

  it('fails a node without a pairing attempt limit, on the brute-force case', async () => {
    const { report } = await certify(await startNode({ wrapStore: noPairingAttemptLimit, wallets: wallets() }))
    expect(report.ok).toBe(false)
    expect(failedIds(report)).toEqual(['identity.pairing.brute-force'])
  })
})

describe('the wallet cases have teeth', () => {
  it('fail a node without KIS, whose wallets stay unprovisioned', async () => {
    const { report } = await certify(await startNode())
    expect(failedIds(report).sort()).toEqual(
      [
        'identity.api-keys.proxy-wallet',
        'identity.wallets',
        'identity.wallets.chain',
        'identity.wallets.own-only',
      ].sort(),
    )
  })
})
