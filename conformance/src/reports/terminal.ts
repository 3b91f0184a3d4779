import type { CaseResult, RunReport } from '../report.ts'

const marks: Record<CaseResult['outcome'], string> = {
  pass: 'PASS ',
  fail: 'FAIL ',
  skip: 'SKIP ',
  'expected-fail': 'XFAIL',
  stale: 'STALE',
}

/** One terminal line per case, followed by detail lines for failures. */
export function formatCaseLine(result: CaseResult): string {
  const lines = [`${marks[result.outcome]} ${result.id}  [${result.requirements.join(', ')}]`]
  if (result.outcome === 'fail' || result.outcome === 'stale') {
    if (result.message) lines.push(`      ${result.message}`)
    if (result.expected !== undefined) lines.push(`      expected: ${result.expected}`)
    if (result.actual !== undefined) lines.push(`      actual:   ${result.actual}`)
  }
  if (result.outcome === 'skip' && result.message) lines.push(`      ${result.message}`)
  return lines.join('\n')
}

/**
 * The closing summary: counts, unknown known-failing ids, then one reproduce command per failure.
 *
 * @example
 * ```ts
 * import { formatSummary } from '@spaceos/conformance'
 * console.log(formatSummary(report))
 * ```
 */
export function formatSummary(report: RunReport): string {
  const s = report.summary
  const lines = [
    '',
    `${report.role}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.expectedFailures} expected failures, ${s.stale} stale (${s.total} cases, ${Math.round(report.durationMs)} ms)`,
  ]
  for (const id of report.unknownKnownFailing) lines.push(`warning: known-failing entry ${id} names no case`)
  const toReproduce = report.cases.filter((r) => r.outcome === 'fail' || r.outcome === 'stale')
  if (toReproduce.length > 0) {
    lines.push('', 'Reproduce a failure:')
    for (const r of toReproduce) lines.push(`  ${r.reproduce}`)
  }
  lines.push(report.ok ? 'RESULT: PASS' : 'RESULT: FAIL')
  return lines.join('\n')
}
