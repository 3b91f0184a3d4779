import { z } from 'zod'

/**
 * pass: behaved as specified. fail: did not. skip: not run. expected-fail: failed and listed as known-failing.
 * stale: listed as known-failing but passed — fails the run so the list is kept honest.
 */
export const caseOutcomes = ['pass', 'fail', 'skip', 'expected-fail', 'stale'] as const
export type CaseOutcome = (typeof caseOutcomes)[number]

/** Schema of one case result in the JSON report (`--report json`). */
export const caseResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  requirements: z.array(z.string()),
  outcome: z.enum(caseOutcomes),
  durationMs: z.number().nonnegative(),
  message: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  knownFailingReason: z.string().optional(),
  /** One command line that runs this case alone (failures and stale cases). */
  reproduce: z.string().optional(),
})
export type CaseResult = z.infer<typeof caseResultSchema>

/** Schema of the JSON report file; `schemaVersion` changes on incompatible edits. */
export const runReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.literal('spaceos-conformance'),
  role: z.string(),
  target: z.string(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  ok: z.boolean(),
  summary: z.object({
    total: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    expectedFailures: z.number().int(),
    stale: z.number().int(),
  }),
  /** Known-failing entries that name no case of this suite (typos, removed cases). */
  unknownKnownFailing: z.array(z.string()),
  cases: z.array(caseResultSchema),
})
export type RunReport = z.infer<typeof runReportSchema>

/** Quotes one argument for a POSIX shell when needed. */
export function shellQuote(argument: string): string {
  if (/^[\w@%+=:,./-]+$/.test(argument)) return argument
  return `"${argument.replace(/["\\$`]/g, (c) => `\\${c}`)}"`
}

/** The one-line command that reruns a single case against the same target. */
export function reproduceCommand(role: string, target: string, caseId: string): string {
  return `npx spaceos-conformance run --role ${shellQuote(role)} --target ${shellQuote(target)} --case ${shellQuote(caseId)}`
}
