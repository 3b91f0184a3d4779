import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Where a workspace sits in the one-way flow (docs/architecture.md, rule 1): `generated` ← `sdk` ← `node`;
 * `conformance` ← `sdk`; the `cli` starts the nodes; `e2e` and `bench` may use everything. `codegen` (sdk/codegen) is the
 * build tool that writes generated/ from spec/, proto/, abi/ and the contracts' build output.
 */
export type WorkspaceLayer =
  | 'generated'
  | 'codegen'
  | 'sdk'
  | 'conformance'
  | 'node'
  | 'cli'
  | 'contracts'
  | 'e2e'
  | 'bench'
  | 'tools'

/** One npm workspace of the repository. */
export type Workspace = {
  /** The package name from its package.json, e.g. `@spaceos/kis-node`. */
  name: string
  /** Its folder relative to the repository root (posix), e.g. `reference-nodes/kis`. */
  dir: string
  layer: WorkspaceLayer
  /** Workspace-or-not names from `dependencies` (code) and from `devDependencies` (tests only). */
  dependencies: { code: string[]; tests: string[] }
}

/** Thrown when a workspace folder matches no layer: decide where the new folder sits in the flow first. */
export class WorkspaceLayerUnknownError extends Error {
  readonly code = 'WORKSPACE_LAYER_UNKNOWN'
  constructor(readonly dir: string) {
    super(
      `workspace ${dir} has no layer: add its folder to layerOfWorkspace in tools/repo-checks/src/listWorkspaces.ts`,
    )
    this.name = 'WorkspaceLayerUnknownError'
  }
}

/**
 * The layer of a workspace folder: `reference-nodes/cli` is the CLI, every other `reference-nodes/*` a node;
 * `sdk/codegen` is the code generator, every other `sdk/*` an SDK.
 *
 * @example
 * import { layerOfWorkspace } from '@spaceos/repo-checks'
 * layerOfWorkspace('reference-nodes/kis') // 'node'
 */
export function layerOfWorkspace(dir: string): WorkspaceLayer {
  if (dir === 'generated') return 'generated'
  if (dir === 'conformance') return 'conformance'
  if (dir === 'e2e') return 'e2e'
  if (dir === 'bench') return 'bench'
  if (dir === 'reference-nodes/cli') return 'cli'
  if (dir === 'sdk/codegen') return 'codegen'
  const top = dir.split('/')[0]
  if (top === 'sdk') return 'sdk'
  if (top === 'reference-nodes') return 'node'
  if (top === 'contracts') return 'contracts'
  if (top === 'tools') return 'tools'
  throw new WorkspaceLayerUnknownError(dir)
}

type PackageJson = {
  name?: string
  workspaces?: string[]
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

const readPackageJson = (path: string): PackageJson => JSON.parse(readFileSync(path, 'utf8')) as PackageJson

/**
 * The workspaces named by the root package.json (`dir` and `dir/*` patterns), each with its package name, layer and
 * declared dependencies.
 *
 * @example
 * import { listWorkspaces } from '@spaceos/repo-checks'
 * const nodes = listWorkspaces(process.cwd()).filter((w) => w.layer === 'node')
 */
export function listWorkspaces(root: string): Workspace[] {
  const patterns = readPackageJson(join(root, 'package.json')).workspaces ?? []
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern]
    const parent = pattern.slice(0, -2)
    if (!existsSync(join(root, parent))) return []
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
  })
  return dirs
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .sort()
    .map((dir) => {
      const pkg = readPackageJson(join(root, dir, 'package.json'))
      return {
        name: pkg.name ?? dir,
        dir,
        layer: layerOfWorkspace(dir),
        dependencies: {
          code: Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }).sort(),
          tests: Object.keys(pkg.devDependencies ?? {}).sort(),
        },
      }
    })
}
