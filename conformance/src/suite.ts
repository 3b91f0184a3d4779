import type { ConformanceCase, Role } from './case.ts'

/** What a suite needs to reach the implementation under test. */
export type TargetKind = 'command' | 'url'

/** A connection to the implementation under test, opened once per run (and reopened after a crash). */
export type SuiteSession<Context> = {
  context: Context
  /** True when the session can no longer be used (the subprocess died, the socket closed …). */
  broken: () => boolean
  close: () => Promise<void>
}

export type OpenSessionOptions = {
  /** Per-request timeout in milliseconds. */
  timeoutMs: number
  /** Where the implementation's diagnostic output (stderr) goes. */
  log: (line: string) => void
}

/**
 * All cases of one role plus how to reach an implementation of it. A suite lives in
 * `conformance/src/suites/<role>/index.ts` and is listed in `conformance/src/suites/index.ts`.
 */
export type ConformanceSuite<Context = unknown> = {
  role: Role
  title: string
  targetKind: TargetKind
  /** Human description of `--target`, shown by `--help`. */
  targetHelp: string
  cases: readonly ConformanceCase<Context>[]
  open: (target: string, options: OpenSessionOptions) => Promise<SuiteSession<Context>>
}

/** Identity helper that keeps a suite's context type. */
export function defineSuite<Context>(suite: ConformanceSuite<Context>): ConformanceSuite<Context> {
  return suite
}
