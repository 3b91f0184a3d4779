/** A protocol role a suite certifies (`codec`, `identity`, `kis` …; `coordinator`, `chain` … as their suites arrive). */
export type Role = string

/**
 * One conformance case: a black-box check of an implementation, citing the spec requirements it proves.
 *
 * @example
 * ```ts
 * import { defineCase } from '@spaceos/conformance'
 * export const pingCase = defineCase<{ ping(): Promise<string> }>({
 *   id: 'demo.ping', title: 'answers ping', requirements: ['NP-WIRE-001'], role: 'demo',
 *   async run(ctx) { if ((await ctx.ping()) !== 'pong') throw new Error('expected pong') },
 * })
 * ```
 */
export type ConformanceCase<Context = unknown> = {
  /** Stable, unique within the role; used by `--case` and known-failing files. */
  id: string
  /** One sentence about the behaviour checked. */
  title: string
  /** Spec requirement IDs (`NP-…`) this case proves. */
  requirements: readonly string[]
  role: Role
  /** Throws (usually a {@link CaseFailedError}) when the implementation misbehaves; {@link skipCase} to skip. */
  run: (context: Context) => Promise<void>
}

/** Identity helper that keeps a case's context type. */
export function defineCase<Context>(definition: ConformanceCase<Context>): ConformanceCase<Context> {
  return definition
}

/** A case found the implementation misbehaving. `expected`/`actual` are short readable renderings. */
export class CaseFailedError extends Error {
  override name = 'CaseFailedError'
  readonly expected: string | undefined
  readonly actual: string | undefined
  constructor(message: string, details: { expected?: string; actual?: string } = {}) {
    super(message)
    this.expected = details.expected
    this.actual = details.actual
  }
}

/** Thrown by {@link skipCase}; the runner records the case as skipped with the reason. */
export class CaseSkippedError extends Error {
  override name = 'CaseSkippedError'
}

/** Skips the running case (e.g. the implementation declares it does not support a feature). */
export function skipCase(reason: string): never {
  throw new CaseSkippedError(reason)
}
