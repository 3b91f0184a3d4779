import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKisSuite, findKeyMaterial, type RunReport, runSuite } from '../src/index.ts'
import { packageRoot } from './helpers.ts'
import { type KisFaults, startAnvil, startFakeKis } from './kisFake.ts'

async function certifyFake(faults: KisFaults = {}, evmRpcUrl?: string) {
  const kis = await startFakeKis(faults)
  try {
    const suite = createKisSuite({
      caller: kis.caller,
      otherCaller: kis.otherCaller,
      admin: kis.admin,
      antelopeChainId: kis.chainId,
      ...(evmRpcUrl === undefined ? {} : { evmRpcUrl }),
    })
    return { suite, report: await runSuite(suite, { target: kis.url }) }
  } finally {
    await kis.close()
  }
}

const failures = (report: RunReport) =>
  report.cases.filter((c) => c.outcome === 'fail').map((c) => `${c.id}: ${c.message ?? ''} ${c.actual ?? ''}`)
const failedIds = (report: RunReport) => report.cases.filter((c) => c.outcome === 'fail').map((c) => c.id)

describe('the kis conformance suite against a small KIS written from the spec in this test', () => {
  it('passes every case (rotation and mutual TLS skip: no EVM RPC, no TLS) when the KIS follows spec/AUTH.md §9', async () => {
    const { suite, report } = await certifyFake()
    expect(failures(report)).toEqual([])
    // The in-test KIS has no /rotate, no chain and no TLS: those cases skip (reference-nodes/kis/test/conformance.test.ts runs them on the node).
    expect(report.cases.filter((c) => c.outcome === 'skip').map((c) => c.id)).toEqual([
      'kis.rotate.evm',
      'kis.mtls.required',
    ])
    expect(report.summary.passed).toBe(suite.cases.length - 2)
  })

  const broken: [string, KisFaults, string[]][] = [
    ['accepts a replayed request', { noReplayCheck: true }, ['kis.hmac.replay', 'kis.errors.http']],
    ['signs EVM transactions for any chain ID', { anyChainId: true }, ['kis.sign-evm.policy', 'kis.errors.http']],
    ['answers every error with HTTP 400', { everyErrorIs400: true }, ['kis.errors.http']],
    ['ignores the timestamp window', { noWindow: true }, ['kis.hmac.window']],
    [
      'lets the signing credential import keys',
      { importWithSigningCredential: true },
      ['kis.admin.separate-credential'],
    ],
    ['lets any signing caller use any key', { noOwnership: true }, ['kis.keys.owner']],
    [
      'answers a bad signature with the valid one',
      { revealValidSignature: true },
      ['kis.hmac.required', 'kis.hmac.tampered'],
    ],
    [
      'checks the HMAC over re-serialized JSON instead of the bytes sent',
      { bodyReserialized: true },
      ['kis.hmac.tampered'],
    ],
    [
      'answers the private key (base64) when it creates a key',
      { leakOnCreate: true },
      [
        'kis.keys.create',
        'kis.keys.owner',
        'kis.keys.no-private-material',
        'kis.sign-evm.legacy',
        'kis.sign-evm.policy',
        'kis.hmac.required',
        'kis.hmac.tampered',
        'kis.hmac.window',
        'kis.hmac.replay',
        'kis.sign-native',
        'kis.errors.http',
      ],
    ],
  ]
  for (const [what, faults, expected] of broken) {
    it(`fails a KIS that ${what}, on exactly the cases of that rule`, async () => {
      const { report } = await certifyFake(faults)
      expect(report.ok).toBe(false)
      expect(failedIds(report)).toEqual(expected)
    })
  }

  it('refuses to run without the caller credential, naming the flag', async () => {
    const previous = process.env.SPACEOS_CONFORMANCE_KIS_CALLER
    delete process.env.SPACEOS_CONFORMANCE_KIS_CALLER
    try {
      const report = await runSuite(createKisSuite(), { target: 'http://127.0.0.1:9', caseIds: ['kis.keys.create'] })
      expect(report.cases[0]?.outcome).toBe('fail')
      expect(report.cases[0]?.message).toContain('--kis-caller')
    } finally {
      if (previous !== undefined) process.env.SPACEOS_CONFORMANCE_KIS_CALLER = previous
    }
  })
})

describe('the rotation case against the in-test KIS and anvil (chain 800000)', () => {
  let anvil: Awaited<ReturnType<typeof startAnvil>>
  beforeAll(async () => {
    anvil = await startAnvil()
  }, 60_000)
  afterAll(async () => {
    await anvil?.stop()
  })

  it('passes when the rotation sweeps the balance and retires the old key', async () => {
    const { report } = await certifyFake({}, anvil.url)
    expect(failures(report)).toEqual([])
    expect(report.cases.find((c) => c.id === 'kis.rotate.evm')?.outcome).toBe('pass')
  })

  for (const [what, faults] of [
    ['does not sweep the balance', { rotateWithoutSweep: true }],
    ['lets the retired key sign', { retiredKeyStillSigns: true }],
  ] as const) {
    it(`fails a KIS whose rotation ${what}, on the rotation case only`, async () => {
      const { report } = await certifyFake(faults, anvil.url)
      expect(failedIds(report)).toEqual(['kis.rotate.evm'])
    })
  }
})

describe('the private-key scan', () => {
  const known = new Set<string>()
  // secp256k1 generator point: the public key of the scalar 1.
  known.add('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798')
  const one = `${'0'.repeat(63)}1`

  it('finds a known key in hex (bare, 0x, inside longer hex) and base64, and PVT_K1_/secret-named fields always', () => {
    expect(findKeyMaterial(JSON.stringify({ x: `0x${one}` }), known)).not.toEqual([])
    expect(findKeyMaterial(JSON.stringify({ raw: `0xf86b${one}00` }), known)).not.toEqual([])
    expect(findKeyMaterial(JSON.stringify({ b: Buffer.from(one, 'hex').toString('base64') }), known)).not.toEqual([])
    expect(findKeyMaterial(JSON.stringify({ b: Buffer.from(one, 'hex').toString('base64url') }), known)).not.toEqual([])
    expect(findKeyMaterial('{"k":"PVT_K1_2bfGi9rYsXQSXXTvJbDAPhHLQUojjaNLomdm3cEJ1XTzMqUt3V"}', new Set())).not.toEqual(
      [],
    )
    expect(findKeyMaterial('{"private_key":"x"}', new Set())).not.toEqual([])
    expect(findKeyMaterial(`{"key":"${'ab'.repeat(32)}"}`, new Set())).not.toEqual([])
    // An ID field may be 32 bytes of hex, but not the private key of a known public key.
    expect(findKeyMaterial(`{"key_id":"${'ab'.repeat(32)}"}`, new Set())).toEqual([])
    expect(findKeyMaterial(`{"key_id":"${one}"}`, known)).not.toEqual([])
  })

  it('leaves hashes, digests, signatures and public keys alone', () => {
    const body = {
      hash: `0x${'ab'.repeat(32)}`,
      digest: 'cd'.repeat(32),
      raw_signed_tx: `0xf86b${'12'.repeat(100)}`,
      public_key: `0x04${'79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'.repeat(2)}`,
      signature:
        'SIG_K1_KfQ57wLFFiPR85zjuQyZsn7hK3jRicHXg4qETxLvxnsq8gBLB8n6uZhqQ5M8PbGwqSaGStNmZRd2DuZNbz5oAVG7Vp77Hj',
    }
    expect(findKeyMaterial(JSON.stringify(body), known)).toEqual([])
  })
})

describe('the kis suite stays black-box', () => {
  it('imports neither the KIS reference node nor the @spaceos/kis SDK', () => {
    const dir = join(packageRoot, 'src', 'suites', 'kis')
    const offenders = readdirSync(dir)
      .map((name) => join(dir, name))
      .filter((path) => statSync(path).isFile())
      .flatMap((path) =>
        [...readFileSync(path, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)]
          .map((m) => m[1] ?? '')
          .filter((s) => /reference-nodes|@spaceos\/kis/.test(s))
          .map((s) => `${relative(packageRoot, path)} imports ${s}`),
      )
    expect(offenders).toEqual([])
  })
})
