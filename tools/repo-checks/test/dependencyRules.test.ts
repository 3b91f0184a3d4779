import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkDependencyRules, findReferences, formatViolation, listWorkspaces } from '../src/index.ts'

const repoRoot = join(import.meta.dirname, '..', '..', '..')
const fixtureRepo = join(import.meta.dirname, 'fixtures', 'broken-repo')
// The fixtures break the rules on purpose; the real check must not read them.
const ignore = ['tools/repo-checks/test/fixtures']

const summary = (violations: ReturnType<typeof checkDependencyRules>) =>
  violations.map((v) => `${v.file}:${v.line} ${v.kind} ${v.reference} → ${v.to}`).sort()

describe('the dependency rules of this repository (docs/architecture.md, rule 1)', () => {
  it('hold: generated ← sdk ← reference-nodes, conformance ← sdk, no node uses another, tests included', () => {
    expect(checkDependencyRules({ root: repoRoot, ignore }).map(formatViolation)).toEqual([])
  })

  it('fail when a node test imports another node (a fake file fed into the real repository)', () => {
    const violations = checkDependencyRules({
      root: repoRoot,
      ignore,
      extraFiles: [
        {
          path: 'reference-nodes/identity/test/fake.test.ts',
          text: "import { startKisServer } from '@spaceos/kis-node'\nexport const kis = startKisServer\n",
        },
      ],
    })
    expect(violations.map(formatViolation)).toEqual([
      "reference-nodes/identity/test/fake.test.ts:1 imports '@spaceos/kis-node' (reference-nodes/kis): reference nodes never import or start each other, not even in tests: a test that needs several nodes goes in e2e/",
    ])
  })

  it('fail when a conformance test starts a node by its bin path (a fake file fed into the real repository)', () => {
    const violations = checkDependencyRules({
      root: repoRoot,
      ignore,
      extraFiles: [
        {
          path: 'conformance/test/fake.test.ts',
          text: "import { join } from 'node:path'\nconst bin = join(repoRoot, 'reference-nodes', 'kis', 'bin', 'spaceos-kis.mjs')\n",
        },
      ],
    })
    expect(summary(violations)).toEqual([
      'conformance/test/fake.test.ts:2 string reference-nodes/kis/bin/spaceos-kis.mjs → reference-nodes/kis',
    ])
  })
})

describe('the dependency check against a fixture repository that breaks every rule', () => {
  it('lists each violation (imports, type imports, dynamic imports, require, bin paths, package.json) and nothing allowed', () => {
    expect(summary(checkDependencyRules({ root: fixtureRepo }))).toEqual([
      'conformance/src/startTarget.ts:6 string reference-nodes/kis/bin/spaceos-kis.mjs → reference-nodes/kis',
      'generated/src/index.ts:2 import @spaceos/units → sdk/units',
      'reference-nodes/chain/package.json:4 package.json @spaceos/cli → reference-nodes/cli',
      'reference-nodes/chain/src/index.ts:4 import @spaceos/cli → reference-nodes/cli',
      'reference-nodes/kis/package.json:4 package.json @spaceos/chain-node → reference-nodes/chain',
      'reference-nodes/kis/src/index.ts:2 import @spaceos/conformance → conformance',
      'reference-nodes/kis/src/node.test.ts:4 string @spaceos/chain-node → reference-nodes/chain',
      'reference-nodes/kis/test/devnet.ts:2 string ../../chain/bin/spaceos-chain.mjs → reference-nodes/chain',
      'reference-nodes/kis/test/devnet.ts:4 string */reference-nodes/chain/bin/spaceos-chain.mjs → reference-nodes/chain',
      'sdk/units/src/index.ts:7 import @spaceos/kis-node → reference-nodes/kis',
      'sdk/units/test/units.test.ts:2 dynamic-import ../../../reference-nodes/kis/src/index.ts → reference-nodes/kis',
    ])
  })

  it('explains each violation with the rule it breaks', () => {
    const byFile = new Map(checkDependencyRules({ root: fixtureRepo }).map((v) => [`${v.file}:${v.line}`, v.rule]))
    expect(byFile.get('generated/src/index.ts:2')).toMatch(/uses no workspace/)
    expect(byFile.get('sdk/units/src/index.ts:7')).toMatch(/an SDK never depends on a reference node/)
    expect(byFile.get('conformance/src/startTarget.ts:6')).toMatch(/never imports or starts a reference node/)
    expect(byFile.get('reference-nodes/kis/test/devnet.ts:2')).toMatch(/not even in tests/)
    expect(byFile.get('reference-nodes/chain/src/index.ts:4')).toMatch(/never depends on the CLI/)
  })
})

describe('the workspaces and their layers', () => {
  it('puts the CLI, the code generator and e2e in layers of their own', () => {
    const layers = Object.fromEntries(listWorkspaces(repoRoot).map((w) => [w.name, w.layer]))
    expect(layers).toMatchObject({
      '@spaceos/generated': 'generated',
      '@spaceos/protocol': 'sdk',
      '@spaceos/codegen': 'codegen',
      '@spaceos/identity-node': 'node',
      '@spaceos/kis-node': 'node',
      '@spaceos/chain-node': 'node',
      '@spaceos/cli': 'cli',
      '@spaceos/conformance': 'conformance',
      '@spaceos/e2e': 'e2e',
    })
  })
})

describe('findReferences', () => {
  it('reads every way a file can name another module, and no comment', () => {
    const source = [
      "import a from '@x/static'",
      "import type { B } from '@x/type-only'",
      "export * from './re-export.ts'",
      "const c = await import('@x/dynamic')",
      "const d = require('@x/required')",
      "const e = import.meta.resolve('@x/resolved')",
      "type F = typeof import('@x/import-type')",
      "spawn(process.execPath, [join(root, 'reference-nodes', 'kis', 'bin', 'spaceos-kis.mjs')])",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal of the TypeScript source under test
      'const g = `${root}/sdk/evm/src`',
      "// import h from '@x/comment'",
    ].join('\n')
    expect(findReferences('file.ts', source).map((r) => `${r.line} ${r.kind} ${r.text}`)).toEqual([
      '1 import @x/static',
      '2 import @x/type-only',
      '3 import ./re-export.ts',
      '4 dynamic-import @x/dynamic',
      '5 require @x/required',
      '6 require @x/resolved',
      '7 import @x/import-type',
      '8 string reference-nodes/kis/bin/spaceos-kis.mjs',
      '9 string */sdk/evm/src',
    ])
  })
})
