import type { ConformanceCase, Role } from './case.ts'
import type { Requirement, RequirementLevel } from './requirements.ts'
import { roleOfRequirement } from './roles.ts'

export type LevelCoverage = { total: number; covered: number; uncovered: number }

export type CoverageReport = {
  /** The role filter, or undefined for all roles. */
  role: Role | undefined
  byLevel: Record<RequirementLevel, LevelCoverage>
  /** Uncovered MUST and SHOULD requirements, with the role responsible and whether that role has a suite. */
  uncovered: { id: string; level: RequirementLevel; role: Role; roleHasSuite: boolean }[]
  /** IDs cited by cases that requirements.json does not define. */
  unknownCitations: { caseId: string; id: string }[]
  /** Uncovered MUSTs whose role has a suite: these fail `--fail-on-uncovered-must`. */
  failingMusts: string[]
}

/**
 * Computes requirement coverage: a requirement is covered when at least one case (of any role) cites it.
 *
 * @example
 * ```ts
 * import { computeCoverage, allCases, loadRequirements, suiteRoles } from '@spaceos/conformance'
 * const report = computeCoverage(await loadRequirements('spec/requirements.json'), allCases(), suiteRoles())
 * ```
 */
export function computeCoverage(
  requirements: readonly Requirement[],
  cases: readonly ConformanceCase<never>[],
  rolesWithSuite: ReadonlySet<Role>,
  role?: Role,
): CoverageReport {
  const cited = new Set(cases.flatMap((c) => c.requirements))
  const known = new Set(requirements.map((r) => r.id))
  const selected = role === undefined ? requirements : requirements.filter((r) => roleOfRequirement(r.id) === role)
  const byLevel: Record<RequirementLevel, LevelCoverage> = {
    MUST: { total: 0, covered: 0, uncovered: 0 },
    SHOULD: { total: 0, covered: 0, uncovered: 0 },
    MAY: { total: 0, covered: 0, uncovered: 0 },
  }
  const uncovered: CoverageReport['uncovered'] = []
  for (const requirement of selected) {
    const level = byLevel[requirement.level]
    level.total++
    if (cited.has(requirement.id)) level.covered++
    else {
      level.uncovered++
      if (requirement.level !== 'MAY') {
        const owner = roleOfRequirement(requirement.id)
        uncovered.push({
          id: requirement.id,
          level: requirement.level,
          role: owner,
          roleHasSuite: rolesWithSuite.has(owner),
        })
      }
    }
  }
  const unknownCitations = cases
    .filter((c) => role === undefined || c.role === role)
    .flatMap((c) => c.requirements.filter((id) => !known.has(id)).map((id) => ({ caseId: c.id, id })))
  return {
    role,
    byLevel,
    uncovered,
    unknownCitations,
    failingMusts: uncovered.filter((u) => u.level === 'MUST' && u.roleHasSuite).map((u) => u.id),
  }
}

/** Terminal rendering of a coverage report. */
export function formatCoverage(report: CoverageReport): string {
  const lines = [`requirement coverage${report.role ? ` for role ${report.role}` : ''}:`]
  for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
    const c = report.byLevel[level]
    lines.push(`  ${level.padEnd(6)} ${c.covered}/${c.total} covered, ${c.uncovered} uncovered`)
  }
  for (const level of ['MUST', 'SHOULD'] as const) {
    const ids = report.uncovered.filter((u) => u.level === level)
    if (ids.length === 0) continue
    lines.push('', `uncovered ${level} (${ids.length}):`)
    const byRole = new Map<Role, typeof ids>()
    for (const u of ids) byRole.set(u.role, [...(byRole.get(u.role) ?? []), u])
    for (const [role, entries] of [...byRole].sort(([a], [b]) => a.localeCompare(b))) {
      const suite = entries[0]?.roleHasSuite ? 'has a suite' : 'no suite yet'
      lines.push(`  ${role} (${suite}): ${entries.map((e) => e.id).join(' ')}`)
    }
  }
  if (report.unknownCitations.length > 0) {
    lines.push('', 'cases citing IDs not in requirements.json:')
    for (const u of report.unknownCitations) lines.push(`  ${u.caseId} → ${u.id}`)
  }
  return lines.join('\n')
}
