/**
 * `@spaceos/repo-checks` — checks over the whole repository, run by `npm test`: the dependency arrows between
 * workspaces (docs/architecture.md, rule 1) and Markdown links that stay inside the repository.
 */
export {
  type CheckDependencyRulesOptions,
  checkDependencyRules,
  type DependencyViolation,
  formatViolation,
  isTestFile,
} from './checkDependencyRules.ts'
export { type CheckMarkdownLinksOptions, checkMarkdownLinks, type LinkProblem } from './checkMarkdownLinks.ts'
export { allowedLayers, isAllowed, type LayerAllowance, ruleBroken } from './dependencyRules.ts'
export { findReferences, type Reference, type ReferenceKind } from './findReferences.ts'
export {
  layerOfWorkspace,
  listWorkspaces,
  type Workspace,
  type WorkspaceLayer,
  WorkspaceLayerUnknownError,
} from './listWorkspaces.ts'
export { type WalkFilesOptions, walkFiles } from './walkFiles.ts'
