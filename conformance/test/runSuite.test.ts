import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import {
  CaseFailedError,
  type ConformanceCase,
  defineSuite,
  formatHtml,
  formatJunit,
  formatSummary,
  parseKnownFailing,
  runReportSchema,
  runSuite,
  skipCase,
} from '../src/index.ts'

type Toy = { answer: (question: string) => Promise<string> }

/** A toy implementation that answers "42" to everything, so `wrong` fails and `right` passes. */
const toyCases: ConformanceCase<Toy>[] = [
  {
    id: 'toy.right',
    title: 'answers the question of life',
    requirements: ['NP-TOY-001'],
    role: 'toy',
    async run(toy) {
      if ((await toy.answer('life')) !== '42') throw new CaseFailedError('wrong answer')
    },
  },
  {
    id: 'toy.wrong',
    title: 'answers "<pong>" & friends to ping',
    requirements: ['NP-TOY-002'],
    role: 'toy',
    async run(toy) {
      const actual = await toy.answer('ping')
      if (actual !== 'pong') throw new CaseFailedError('ping was not answered with pong', { expected: 'pong', actual })
    },
  },
  {
    id: 'toy.skipped',
    title: 'is skipped',
    requirements: ['NP-TOY-003'],
    role: 'toy',
    async run() {
      skipCase('not supported by this implementation')
    },
  },
]

const toySuite = defineSuite<Toy>({
  role: 'toy',
  title: 'toy',
  targetKind: 'command',
  targetHelp: 'anything',
  cases: toyCases,
  async open() {
    return { context: { answer: async () => '42' }, broken: () => false, close: async () => {} }
  },
})

describe('runSuite', () => {
  it('counts passes, failures and skips and prints a reproduce line per failure', async () => {
    const report = await runSuite(toySuite, { target: 'node "my impl.mjs"' })
    expect(report.summary).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1, expectedFailures: 0, stale: 0 })
    expect(report.ok).toBe(false)
    const wrong = report.cases.find((c) => c.id === 'toy.wrong')
    expect(wrong?.expected).toBe('pong')
    expect(wrong?.actual).toBe('42')
    expect(wrong?.reproduce).toBe(
      'npx spaceos-conformance run --role toy --target "node \\"my impl.mjs\\"" --case toy.wrong',
    )
    expect(formatSummary(report)).toContain(wrong?.reproduce)
  })

  it('reports a listed failing case as expected and passes the run', async () => {
    const report = await runSuite(toySuite, {
      target: 'x',
      knownFailing: parseKnownFailing('toy.wrong # pong not implemented yet\n', 'known.txt'),
    })
    expect(report.ok).toBe(true)
    expect(report.cases.find((c) => c.id === 'toy.wrong')?.outcome).toBe('expected-fail')
    expect(report.cases.find((c) => c.id === 'toy.wrong')?.knownFailingReason).toBe('pong not implemented yet')
  })

  it('fails the run when a known-failing case passes (stale entry)', async () => {
    const report = await runSuite(toySuite, {
      target: 'x',
      knownFailing: parseKnownFailing('["toy.wrong", "toy.right", "toy.gone"]', 'known.json'),
    })
    expect(report.ok).toBe(false)
    expect(report.summary.stale).toBe(1)
    const right = report.cases.find((c) => c.id === 'toy.right')
    expect(right?.outcome).toBe('stale')
    expect(right?.reproduce).toContain('--case toy.right')
    expect(report.unknownKnownFailing).toEqual(['toy.gone'])
  })

  it('runs only the cases named with caseIds and rejects unknown ids', async () => {
    const report = await runSuite(toySuite, { target: 'x', caseIds: ['toy.right'] })
    expect(report.cases.map((c) => c.id)).toEqual(['toy.right'])
    await expect(runSuite(toySuite, { target: 'x', caseIds: ['toy.nope'] })).rejects.toThrow(/no case toy.nope/)
  })

  it('fails every case with the reason when the implementation cannot be started', async () => {
    const broken = defineSuite<Toy>({
      ...toySuite,
      async open() {
        throw new Error('cannot spawn')
      },
    })
    const report = await runSuite(broken, { target: 'x' })
    expect(report.summary.failed).toBe(3)
    expect(report.cases[0]?.message).toContain('cannot spawn')
  })
})

describe('reports', () => {
  it('writes a JSON report that matches the published schema', async () => {
    const report = await runSuite(toySuite, { target: 'x' })
    const parsed = runReportSchema.parse(JSON.parse(JSON.stringify(report)))
    expect(parsed.cases).toHaveLength(3)
  })

  it('writes well-formed JUnit XML with failures, skips and escaped text', async () => {
    const report = await runSuite(toySuite, {
      target: 'node <impl> & "x"',
      knownFailing: parseKnownFailing('{"toy.right": "stale on purpose"}', 'k.json'),
    })
    const xml = formatJunit(report)
    expect(XMLValidator.validate(xml)).toBe(true)
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml)
    const suite = doc.testsuites.testsuite
    expect(suite.tests).toBe('3')
    expect(suite.failures).toBe('2')
    expect(suite.skipped).toBe('1')
    const byName = Object.fromEntries(suite.testcase.map((c: { name: string }) => [c.name, c]))
    expect(byName['toy.wrong'].failure.type).toBe('fail')
    expect(byName['toy.right'].failure.type).toBe('stale')
    expect(byName['toy.skipped'].skipped.message).toBe('not supported by this implementation')
  })

  it('renders an HTML page that escapes case text', async () => {
    const html = formatHtml(await runSuite(toySuite, { target: 'x' }))
    expect(html).toContain('answers &quot;&lt;pong&gt;&quot; &amp; friends to ping')
    expect(html).not.toContain('<pong>')
  })
})

describe('parseKnownFailing', () => {
  it('reads text lists with comments and JSON in three shapes', () => {
    expect([...parseKnownFailing('# header\n a.b  # why\n\nc.d\n', 'k.txt')]).toEqual([
      ['a.b', 'why'],
      ['c.d', ''],
    ])
    expect([...parseKnownFailing('{"cases": ["a", {"id": "b", "reason": "r"}]}', 'k.json')]).toEqual([
      ['a', ''],
      ['b', 'r'],
    ])
  })

  it('rejects JSON of the wrong shape with a typed error', () => {
    expect(() => parseKnownFailing('{"cases": 3}', 'k.json')).toThrow(/KnownFailing|expected/)
    expect(() => parseKnownFailing('{nope', 'k.json')).toThrow(/not valid JSON/)
  })
})
