import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { isAllowed, ruleBroken } from './dependencyRules.ts'
import { findReferences, type ReferenceKind } from './findReferences.ts'
import { listWorkspaces, type Workspace } from './listWorkspaces.ts'
import { walkFiles } from './walkFiles.ts'

/** A file (or a package.json entry) that uses a workspace its layer may not use. */
export type DependencyViolation = {
  /** Posix path relative to the repository root. */
  file: string
  line: number
  kind: ReferenceKind | 'package.json'
  /** The specifier, path or dependency name as written. */
  reference: string
  /** Folder of the workspace the file belongs to, and of the one it uses. */
  from: string
  to: string
  /** The rule it breaks, in words. */
  rule: string
}

/** Options of {@link checkDependencyRules}. */
export type CheckDependencyRulesOptions = {
  /** The repository root (its package.json lists the workspaces). */
  root: string
  /** Paths relative to `root` left out of the scan, e.g. fixtures that break the rules on purpose. Default none. */
  ignore?: readonly string[]
  /** Extra sources checked as if they were at `path` (posix, relative to `root`): how a test feeds in a violation. */
  extraFiles?: readonly { path: string; text: string }[]
}

const sourceExtensions = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']

/**
 * Test code: under a package's `test/`, a `*.test.*`/`*.test-d.*` file, or a vitest config.
 *
 * @example
 * import { isTestFile } from '@spaceos/repo-checks'
 * isTestFile('src/handlers/verify.test.ts') // true
 * isTestFile('src/handlers/verify.ts') // false
 */
export function isTestFile(pathInWorkspace: string): boolean {
  return (
    pathInWorkspace.startsWith('test/') ||
    /(^|\/)[^/]+\.test(-d)?\.[cm]?[jt]sx?$/.test(pathInWorkspace) ||
    /(^|\/)vitest\.config\.[cm]?[jt]s$/.test(pathInWorkspace)
  )
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The workspace that holds a repository-relative path (the longest folder that prefixes it). */
function workspaceOfPath(workspaces: readonly Workspace[], path: string): Workspace | undefined {
  return workspaces
    .filter((w) => path === w.dir || path.startsWith(`${w.dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length)[0]
}

/** Matches a repository-relative path into a workspace folder (`reference-nodes/kis/bin/x.mjs`). */
type FolderMatcher = { workspace: Workspace; pattern: RegExp }

// A path from the repository root, e.g. join(repoRoot, 'reference-nodes', 'kis', 'bin', 'spaceos-kis.mjs'). A folder
// without a slash (`conformance`) counts only with a path inside it, so the bare word is not a reference.
const folderMatchers = (workspaces: readonly Workspace[]): FolderMatcher[] =>
  [...workspaces]
    .sort((a, b) => b.dir.length - a.dir.length)
    .map((workspace) => {
      const dir = escapeRegExp(workspace.dir)
      return {
        workspace,
        pattern: new RegExp(workspace.dir.includes('/') ? `(^|/)${dir}(/|$)` : `(^|/)${dir}/.`),
      }
    })

/** The workspace a reference names: by package name, by a path relative to the file, or by a repo-relative path. */
function targetOf(
  workspaces: readonly Workspace[],
  matchers: readonly FolderMatcher[],
  file: string,
  kind: ReferenceKind,
  text: string,
): Workspace | undefined {
  const byName = workspaces.find((w) => text === w.name || text.startsWith(`${w.name}/`))
  if (byName !== undefined) return byName
  if (/^\.\.?(\/|$)/.test(text))
    return workspaceOfPath(workspaces, posix.normalize(posix.join(posix.dirname(file), text)))
  // Only strings can name a folder; long ones are data (bytecode, fixtures), not paths. A command line or a sentence
  // is read word by word: `node reference-nodes/kis/bin/spaceos-kis.mjs`.
  if (kind !== 'string' || !text.includes('/') || text.length > 500) return undefined
  const words = text.split(/\s+/).map((word) => word.replace(/^[`'"(]+|[`'"),.:;]+$/g, ''))
  return matchers.find((m) => words.some((word) => m.pattern.test(word)))?.workspace
}

/**
 * Checks the dependency arrows over the whole repository, tests included: every import, `export … from`, dynamic
 * `import()`, `require`/`resolve` call, path string (a bin spawned by path, `new URL('../…', import.meta.url)`) and
 * package-name string in every workspace's sources, and every workspace's package.json dependencies
 * (`devDependencies` count as tests). Returns the violations; an empty list means the rules hold.
 *
 * @example
 * import { checkDependencyRules, formatViolation } from '@spaceos/repo-checks'
 * const violations = checkDependencyRules({ root: process.cwd() })
 * for (const v of violations) console.error(formatViolation(v))
 */
export function checkDependencyRules(options: CheckDependencyRulesOptions): DependencyViolation[] {
  const workspaces = listWorkspaces(options.root)
  const matchers = folderMatchers(workspaces)
  const violations: DependencyViolation[] = []
  const check = (
    file: string,
    from: Workspace,
    inTests: boolean,
    found: { kind: ReferenceKind | 'package.json'; text: string; line: number; to: Workspace | undefined },
  ) => {
    const { to } = found
    if (to === undefined || to.dir === from.dir || isAllowed(from.layer, to.layer, inTests)) return
    violations.push({
      file,
      line: found.line,
      kind: found.kind,
      reference: found.text,
      from: from.dir,
      to: to.dir,
      rule: ruleBroken(from.layer, to.layer),
    })
  }

  const sources = walkFiles({
    root: options.root,
    extensions: sourceExtensions,
    ...(options.ignore === undefined ? {} : { ignore: options.ignore }),
  }).map((path) => ({ path, text: () => readFileSync(join(options.root, path), 'utf8') }))
  for (const extra of options.extraFiles ?? []) sources.push({ path: extra.path, text: () => extra.text })

  for (const source of sources) {
    const from = workspaceOfPath(workspaces, source.path)
    if (from === undefined) continue
    const inTests = isTestFile(source.path.slice(from.dir.length + 1))
    for (const reference of findReferences(source.path, source.text())) {
      check(source.path, from, inTests, {
        ...reference,
        to: targetOf(workspaces, matchers, source.path, reference.kind, reference.text),
      })
    }
  }

  for (const workspace of workspaces) {
    const file = `${workspace.dir}/package.json`
    const lines = readFileSync(join(options.root, file), 'utf8').split('\n')
    const lineOf = (name: string) => lines.findIndex((l) => l.includes(`"${name}"`)) + 1
    for (const [names, inTests] of [
      [workspace.dependencies.code, false],
      [workspace.dependencies.tests, true],
    ] as const) {
      for (const name of names) {
        const to = workspaces.find((w) => w.name === name)
        check(file, workspace, inTests, { kind: 'package.json', text: name, line: lineOf(name), to })
      }
    }
  }
  return violations
}

/**
 * One violation as a line a reader can act on.
 *
 * @example
 * import { formatViolation } from '@spaceos/repo-checks'
 * // "sdk/identity/test/sdk.test.ts:6 imports '@spaceos/identity-node' (reference-nodes/identity): an SDK never …"
 */
export function formatViolation(violation: DependencyViolation): string {
  const verb = {
    import: 'imports',
    'dynamic-import': 'imports dynamically',
    require: 'requires',
    string: 'names',
    'package.json': 'depends on',
  }[violation.kind]
  return `${violation.file}:${violation.line} ${verb} '${violation.reference}' (${violation.to}): ${violation.rule}`
}
