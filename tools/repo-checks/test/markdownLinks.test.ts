import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkMarkdownLinks } from '../src/index.ts'

const repoRoot = join(import.meta.dirname, '..', '..', '..')
const fixtureRepo = join(import.meta.dirname, 'fixtures', 'broken-repo')

describe('Markdown links of this repository', () => {
  it('resolve to files inside the repository, and no Markdown or YAML text names a machine path', () => {
    const problems = checkMarkdownLinks({ root: repoRoot, ignore: ['tools/repo-checks/test/fixtures'] })
    expect(problems.map((p) => `${p.file}:${p.line} ${p.problem} ${p.target}`)).toEqual([])
  })
})

describe('the Markdown link check against a fixture repository with broken links', () => {
  it('reports missing targets, links that leave the repository, absolute and file: paths, machine paths in text', () => {
    expect(
      checkMarkdownLinks({ root: fixtureRepo }).map((p) => `${p.file}:${p.line} ${p.problem} ${p.target}`),
    ).toEqual([
      'README.md:6 missing docs/nope.md',
      'README.md:7 outside-repository ../../outside.md',
      'README.md:8 absolute-path /etc/hosts',
      'README.md:9 machine-path file:///srv/notes.md',
      'README.md:10 missing img/missing.png',
      'README.md:14 missing docs/table.md',
      'README.md:18 missing docs/ref-missing.md',
      'README.md:20 machine-path ../shared/ARCHITECTURE.md',
      'README.md:20 machine-path /work/notes/contracts.md.',
      'docs/settings.yaml:1 machine-path /home/someone/notes.txt',
    ])
  })
})
