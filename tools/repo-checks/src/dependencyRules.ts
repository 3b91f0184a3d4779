import type { WorkspaceLayer } from './listWorkspaces.ts'

/** What a layer may use besides its own package: in its code, and additionally in its tests. */
export type LayerAllowance = { code: readonly WorkspaceLayer[]; tests: readonly WorkspaceLayer[] }

/**
 * The house rule's arrows (docs/architecture.md, rule 1), as the layers each layer may import, require, resolve or
 * start by path. Anything else inside the repository is a violation.
 *
 * - `generated` is produced from spec/, proto/ and abi/ only: it uses no workspace.
 * - `codegen` writes generated/ and reads the contracts' build output (`abi/` ◄── `contracts/*`).
 * - `sdk` uses `generated` and other SDKs; `conformance` uses both and never a node (it certifies over the wire).
 * - A reference `node` uses `generated` and the SDKs (and the compiled contracts it deploys); its tests may also run
 *   the conformance suite against it. A node never uses another node or the CLI, not even in tests.
 * - The `cli` is the one package that starts every node (it wires the local network): it may depend on the nodes; no
 *   node may depend on it.
 * - `e2e` (tests that need several nodes) and `bench` use everything; nothing uses them. `tools` (these checks) name
 *   every folder as data.
 */
export const allowedLayers: Record<WorkspaceLayer, LayerAllowance> = {
  generated: { code: [], tests: [] },
  codegen: { code: ['generated', 'sdk', 'contracts'], tests: [] },
  sdk: { code: ['generated', 'sdk'], tests: [] },
  conformance: { code: ['generated', 'sdk'], tests: [] },
  node: { code: ['generated', 'sdk', 'contracts'], tests: ['conformance'] },
  cli: { code: ['generated', 'sdk', 'node', 'contracts'], tests: ['conformance'] },
  contracts: { code: ['generated', 'sdk'], tests: [] },
  e2e: { code: ['generated', 'sdk', 'conformance', 'node', 'cli', 'contracts'], tests: [] },
  bench: { code: ['generated', 'sdk', 'conformance', 'node', 'cli', 'contracts'], tests: [] },
  tools: {
    code: ['generated', 'codegen', 'sdk', 'conformance', 'node', 'cli', 'contracts', 'e2e', 'bench'],
    tests: [],
  },
}

/**
 * Whether code (or test code) of layer `from` may use layer `to`.
 *
 * @example
 * import { isAllowed } from '@spaceos/repo-checks'
 * isAllowed('node', 'conformance', true) // true: a node's tests run the suite against it
 * isAllowed('node', 'node', true) // false
 */
export function isAllowed(from: WorkspaceLayer, to: WorkspaceLayer, inTests: boolean): boolean {
  const allowance = allowedLayers[from]
  return allowance.code.includes(to) || (inTests && allowance.tests.includes(to))
}

/**
 * Why an arrow is forbidden, in the words of the rule it breaks.
 *
 * @example
 * import { ruleBroken } from '@spaceos/repo-checks'
 * ruleBroken('sdk', 'node') // 'an SDK never depends on a reference node (generated ← sdk ← reference-nodes)'
 */
export function ruleBroken(from: WorkspaceLayer, to: WorkspaceLayer): string {
  if (from === 'generated') return 'generated/ is produced from spec/, proto/ and abi/ only and uses no workspace'
  if (from === 'sdk' && (to === 'node' || to === 'cli'))
    return 'an SDK never depends on a reference node (generated ← sdk ← reference-nodes)'
  if (from === 'conformance' && (to === 'node' || to === 'cli'))
    return 'conformance certifies nodes over the wire and never imports or starts a reference node'
  if (from === 'node' && to === 'node')
    return 'reference nodes never import or start each other, not even in tests: a test that needs several nodes goes in e2e/'
  if (from === 'node' && to === 'cli') return 'a reference node never depends on the CLI (the CLI starts the nodes)'
  const allowance = allowedLayers[from]
  const tests = allowance.tests.length > 0 ? ` (tests also: ${allowance.tests.join(', ')})` : ''
  return `${from} may use only ${allowance.code.join(', ') || 'no workspace'}${tests}`
}
