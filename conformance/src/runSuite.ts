import { CaseFailedError, CaseSkippedError, type ConformanceCase } from './case.ts'
import type { KnownFailing } from './knownFailing.ts'
import { type CaseResult, type RunReport, reproduceCommand } from './report.ts'
import type { ConformanceSuite, SuiteSession } from './suite.ts'

export type RunSuiteOptions = {
  /** `--target`: a command line (codec) or a URL (role suites). */
  target: string
  /** Only these case ids (all when absent). Unknown ids are an error. */
  caseIds?: readonly string[]
  /** Cases expected to fail on this target. Default: none. */
  knownFailing?: KnownFailing
  /** Per-request timeout in ms. Default 10 000. */
  timeoutMs?: number
  /** Receives the implementation's diagnostic output. Default: dropped. */
  log?: (line: string) => void
  /** Called after every case (the CLI prints progress with it). */
  onResult?: (result: CaseResult) => void
}

/** `--case` named an id the suite does not have. */
export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError'
}

/**
 * Runs a suite's cases (or the selected ones) against one target and returns the report. A case runs at most
 * `timeoutMs × 5` overall; a crashed or hung implementation fails the running case and is restarted for the next.
 *
 * @example
 * ```ts
 * import { runSuite, getSuite } from '@spaceos/conformance'
 * const report = await runSuite(getSuite('codec'), { target: 'node impl.mjs' })
 * console.log(report.summary.failed)
 * ```
 */
export async function runSuite<Context>(
  suite: ConformanceSuite<Context>,
  options: RunSuiteOptions,
): Promise<RunReport> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const knownFailing = options.knownFailing ?? new Map<string, string>()
  const log = options.log ?? (() => {})
  let cases: readonly ConformanceCase<Context>[] = suite.cases
  if (options.caseIds && options.caseIds.length > 0) {
    const byId = new Map(suite.cases.map((c) => [c.id, c]))
    const missing = options.caseIds.filter((id) => !byId.has(id))
    if (missing.length > 0) throw new CaseNotFoundError(`no case ${missing.join(', ')} in role ${suite.role}`)
    cases = options.caseIds.map((id) => byId.get(id)!)
  }
  const ids = new Set(suite.cases.map((c) => c.id))
  const startedAt = new Date()
  const started = performance.now()
  const results: CaseResult[] = []
  let session: SuiteSession<Context> | undefined

  try {
    for (const testCase of cases) {
      const caseStarted = performance.now()
      let outcome: CaseResult['outcome']
      let failure: { message: string; expected?: string; actual?: string } | undefined
      let skipReason: string | undefined
      try {
        if (!session || session.broken()) {
          await session?.close()
          session = undefined
          session = await suite.open(options.target, { timeoutMs, log })
        }
        await withTimeout(testCase.run(session.context), timeoutMs * 5, `case ${testCase.id}`)
        outcome = 'pass'
      } catch (error) {
        if (error instanceof CaseSkippedError) {
          outcome = 'skip'
          skipReason = error.message
        } else {
          outcome = 'fail'
          failure = describeFailure(error)
        }
      }
      const listed = knownFailing.has(testCase.id)
      if (listed && outcome === 'fail') outcome = 'expected-fail'
      else if (listed && outcome === 'pass') {
        outcome = 'stale'
        failure = { message: 'listed as known-failing but passed: remove it from the known-failing file' }
      }
      const result: CaseResult = {
        id: testCase.id,
        title: testCase.title,
        requirements: [...testCase.requirements],
        outcome,
        durationMs: Math.max(0, performance.now() - caseStarted),
      }
      if (failure) {
        result.message = failure.message
        if (failure.expected !== undefined) result.expected = failure.expected
        if (failure.actual !== undefined) result.actual = failure.actual
      }
      if (skipReason !== undefined) result.message = skipReason
      if (listed) result.knownFailingReason = knownFailing.get(testCase.id) ?? ''
      if (outcome === 'fail' || outcome === 'stale' || outcome === 'expected-fail') {
        result.reproduce = reproduceCommand(suite.role, options.target, testCase.id)
      }
      results.push(result)
      options.onResult?.(result)
    }
  } finally {
    await session?.close()
  }

  const count = (outcome: CaseResult['outcome']) => results.filter((r) => r.outcome === outcome).length
  const summary = {
    total: results.length,
    passed: count('pass'),
    failed: count('fail'),
    skipped: count('skip'),
    expectedFailures: count('expected-fail'),
    stale: count('stale'),
  }
  return {
    schemaVersion: 1,
    tool: 'spaceos-conformance',
    role: suite.role,
    target: options.target,
    startedAt: startedAt.toISOString(),
    durationMs: Math.max(0, performance.now() - started),
    ok: summary.failed === 0 && summary.stale === 0,
    summary,
    unknownKnownFailing: [...knownFailing.keys()].filter((id) => !ids.has(id)),
    cases: results,
  }
}

function describeFailure(error: unknown): { message: string; expected?: string; actual?: string } {
  if (error instanceof CaseFailedError) {
    const out: { message: string; expected?: string; actual?: string } = { message: error.message }
    if (error.expected !== undefined) out.expected = error.expected
    if (error.actual !== undefined) out.actual = error.actual
    return out
  }
  if (error instanceof Error) return { message: `${error.name}: ${error.message}` }
  return { message: String(error) }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CaseFailedError(`${what} did not finish within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
