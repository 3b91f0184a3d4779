import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './context.ts'
import { parseParameters } from './parameters.ts'
import { buildSpecIndex, extractRequirements, renderSpecIndex, SpecIndexError } from './specIndex.ts'
import { step } from './steps/30-spec-index.ts'

const specDir = join(repoRoot, 'spec')
const specDocs = readdirSync(specDir)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((doc) => ({ doc, markdown: readFileSync(join(specDir, doc), 'utf8') }))
const read = (doc: string) => readFileSync(join(specDir, doc), 'utf8')

describe('extractRequirements on fixtures', () => {
  it('reads the ID, level, heading path and hash of each normative sentence', () => {
    const md = [
      '# Wire',
      '## Framing',
      'Frames are binary. A sender MUST NOT send text frames [NP-WIRE-001]. A receiver MAY log them [NP-WIRE-002].',
      '',
      '- A node SHOULD NOT ping more often than needed [NP-WIRE-003].',
    ].join('\n')
    const found = extractRequirements('WIRE.md', md)
    expect(found.map((r) => [r.id, r.level, r.section])).toEqual([
      ['NP-WIRE-001', 'MUST NOT', 'Wire > Framing'],
      ['NP-WIRE-002', 'MAY', 'Wire > Framing'],
      ['NP-WIRE-003', 'SHOULD NOT', 'Wire > Framing'],
    ])
    expect(found[0]?.text).toBe('A sender MUST NOT send text frames')
    expect(found[1]?.text).toBe('A receiver MAY log them')
    expect(found[0]?.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('hashes the sentence independently of line wrapping', () => {
    const one = extractRequirements('A.md', 'A node MUST\n  send pings [NP-A-001].')
    const two = extractRequirements('A.md', 'A node MUST send pings [NP-A-001].')
    expect(one[0]?.sha256).toBe(two[0]?.sha256)
  })

  it('ignores IDs quoted in inline code and blocks in code fences', () => {
    const md = 'Cite as `[NP-WIRE-012]`. A node MUST ack [NP-A-001].\n```\nX MUST y [NP-A-002]\n```\n'
    expect(extractRequirements('A.md', md).map((r) => r.id)).toEqual(['NP-A-001'])
  })

  it('does not end a sentence at an abbreviation such as e.g.', () => {
    const found = extractRequirements('A.md', 'Intro. A check MUST name the rule, e.g. `prov: bad` [NP-A-001].')
    expect(found[0]?.text).toBe('A check MUST name the rule, e.g. `prov: bad`')
  })

  it('rejects a sentence with an ID but no requirement level', () => {
    expect(() => extractRequirements('A.md', 'A node sends pings [NP-A-001].')).toThrow(SpecIndexError)
    expect(() => extractRequirements('A.md', 'A node must send pings [NP-A-001].')).toThrow(/no requirement level/)
  })

  it('rejects a sentence with two requirement levels', () => {
    expect(() => extractRequirements('A.md', 'A node MUST ping and MAY pong [NP-A-001].')).toThrow(
      /2 requirement levels/,
    )
    expect(() => extractRequirements('A.md', 'A node MUST ping and MUST pong [NP-A-001].')).toThrow(SpecIndexError)
  })

  it('does not count a level keyword inside inline code', () => {
    const found = extractRequirements('A.md', 'A node MUST send the `MAY` flag [NP-A-001].')
    expect(found[0]?.level).toBe('MUST')
  })

  it('rejects a malformed ID', () => {
    expect(() => extractRequirements('A.md', 'A node MUST ping [NP-wire-1].')).toThrow(/malformed requirement ID/)
    expect(() => extractRequirements('A.md', 'A node MUST ping [NP-WIRE-01].')).toThrow(/malformed/)
  })
})

describe('buildSpecIndex', () => {
  it('rejects a duplicate ID across documents', () => {
    expect(() =>
      buildSpecIndex([
        { doc: 'A.md', markdown: 'X MUST y [NP-A-001].' },
        { doc: 'B.md', markdown: 'Z MAY w [NP-A-001].' },
      ]),
    ).toThrow(/duplicate requirement ID NP-A-001/)
  })

  it('sorts by ID and renders deterministically', () => {
    const docs = [
      { doc: 'B.md', markdown: 'Z MAY w [NP-B-001].' },
      { doc: 'A.md', markdown: 'X MUST y [NP-A-002]. X MUST z [NP-A-001].' },
    ]
    const index = buildSpecIndex(docs)
    expect(index.map((r) => r.id)).toEqual(['NP-A-001', 'NP-A-002', 'NP-B-001'])
    expect(renderSpecIndex(index, 'gen')).toBe(renderSpecIndex(buildSpecIndex([...docs].reverse()), 'gen'))
  })
})

describe('the real spec', () => {
  const index = buildSpecIndex(specDocs)

  it('indexes without errors, with unique IDs, and every area uses the NP- scheme', () => {
    expect(index.length).toBeGreaterThan(300)
    expect(new Set(index.map((r) => r.id)).size).toBe(index.length)
  })

  it('matches the committed spec/requirements.json', async () => {
    let written = ''
    await step.run({
      root: repoRoot,
      read: async (path) => readFileSync(join(repoRoot, path), 'utf8'),
      write: async (_path, contents) => {
        written = contents
        return _path
      },
    })
    expect(step.outputs).toEqual(['spec/requirements.json'])
    expect(written).toBe(read('requirements.json'))
  })

  it('has a DECISIONS.md heading for every decision parameter of spec/parameters.yaml', () => {
    const headings = read('DECISIONS.md')
      .split('\n')
      .filter((line) => /^#{2,6}\s/.test(line))
    const decisions = parseParameters(read('parameters.yaml')).filter((p) => p.decision)
    expect(decisions.length).toBeGreaterThan(0)
    const missing = decisions.filter((p) => !headings.some((h) => new RegExp(`\\b${p.name}\\b`).test(h)))
    expect(missing.map((p) => p.name)).toEqual([])
  })

  it('ERRORS.md lists exactly the fixed protocol error codes', () => {
    const expected: [number, string][] = [
      [0, 'UNSPECIFIED'],
      [1, 'MALFORMED_FRAME'],
      [2, 'UNKNOWN_MESSAGE'],
      [3, 'FRAME_TOO_LARGE'],
      [4, 'INVALID_FIELD'],
      [5, 'UNSUPPORTED_VERSION'],
      [6, 'UNKNOWN_FIELD'],
      [10, 'UNAUTHENTICATED'],
      [11, 'TOKEN_EXPIRED'],
      [12, 'PERMISSION_DENIED'],
      [13, 'BAD_SIGNATURE'],
      [14, 'NONCE_INVALID'],
      [15, 'DEVICE_REVOKED'],
      [16, 'PAIRING_CODE_INVALID'],
      [17, 'PAIRING_CODE_EXPIRED'],
      [18, 'RATE_LIMITED'],
      [19, 'INSUFFICIENT_BALANCE'],
      [20, 'NOT_JOINED'],
      [21, 'DUPLICATE_NODE'],
      [22, 'CAPABILITY_UNAVAILABLE'],
      [23, 'NO_ROUTE'],
      [24, 'TIMEOUT'],
      [25, 'BACKPRESSURE'],
      [26, 'RESUME_REJECTED'],
      [27, 'REPLAYED'],
      [30, 'SCOPE_VIOLATION'],
      [31, 'OP_INVALID'],
      [32, 'KEY_EPOCH_UNKNOWN'],
      [40, 'TOOL_NOT_ALLOWED'],
      [41, 'TOOL_FAILED'],
      [42, 'JOB_NOT_FOUND'],
      [50, 'INTERNAL'],
      [51, 'UNAVAILABLE'],
      [52, 'NOT_FOUND'],
    ]
    const md = read('ERRORS.md')
    const table = md.slice(md.indexOf('## 1.'), md.indexOf('## 2.'))
    const rows = [...table.matchAll(/^\|\s*(\d+)\s*\|\s*([A-Z_]+)\s*\|/gm)].map((m) => [Number(m[1]), m[2]])
    expect(rows).toEqual(expected)
  })

  it('every requirement ID the spec cites in prose is defined somewhere', () => {
    const defined = new Set(index.map((r) => r.id))
    const cited = new Set(
      specDocs.flatMap(({ markdown }) => [...markdown.matchAll(/\bNP-[A-Z]+-\d{3}\b/g)].map((m) => m[0])),
    )
    expect([...cited].filter((id) => !defined.has(id))).toEqual([])
  })

  it('ECONOMICS.md lists exactly the governable parameters of spec/parameters.yaml', () => {
    const md = read('ECONOMICS.md')
    const section = md.slice(md.indexOf('### 6.3 Governable parameters'), md.indexOf('## 7.'))
    const listed = [...section.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((m) => m[1]).sort()
    const governable = parseParameters(read('parameters.yaml'))
      .filter((p) => p.governable)
      .map((p) => p.name)
      .sort()
    expect(listed).toEqual(governable)
  })

  it('cites only parameters that exist in spec/parameters.yaml', () => {
    const names = new Set(parseParameters(read('parameters.yaml')).map((p) => p.name))
    const cited = new Set<string>()
    for (const { markdown } of specDocs) {
      for (const m of markdown.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)) cited.add(m[1]!)
    }
    // Names in backticks that are error codes or HTTP/EVM identifiers rather than parameters.
    const errorCodes = new Set([...read('ERRORS.md').matchAll(/^\|\s*\d+\s*\|\s*([A-Z_]+)\s*\|/gm)].map((m) => m[1]!))
    const looksLikeParameter = (n: string) =>
      /_(S|MS|BPS|BYTES|MAX|MIN|WEI|LENGTH|TTL|DIGITS|ID|USD)$|_MAX_|_PER_/.test(n)
    const unknown = [...cited].filter((n) => !errorCodes.has(n) && looksLikeParameter(n) && !names.has(n))
    expect(unknown).toEqual([])
  })
})
