import { ID_MAX_LENGTH } from '@spaceos/generated/parameters'
import { OpInvalidError } from './errors.ts'

/** A memory scope name (white paper §4.2). */
export type MemoryScope = 'synced' | 'local' | 'session' | 'private' | `subagent:${string}`

/** A parsed memory scope. */
export type ParsedMemoryScope =
  | { kind: 'synced' | 'local' | 'session' | 'private' }
  | { kind: 'subagent'; jobId: string }

const subagentPattern = new RegExp(`^subagent:([A-Za-z0-9_-]{1,${ID_MAX_LENGTH}})$`)

/**
 * Parses a memory scope string. Throws OpInvalidError for a name that is not one of the five scopes or a `subagent:`
 * scope whose job id is not an id (1..ID_MAX_LENGTH of `[A-Za-z0-9_-]`) [NP-SCOPE-001].
 *
 * @example
 * import { parseMemoryScope } from '@spaceos/protocol'
 * parseMemoryScope('subagent:job-42') // { kind: 'subagent', jobId: 'job-42' }
 */
export function parseMemoryScope(scope: string): ParsedMemoryScope {
  switch (scope) {
    case 'synced':
    case 'local':
    case 'session':
    case 'private':
      return { kind: scope }
  }
  const match = subagentPattern.exec(scope)
  if (match?.[1]) return { kind: 'subagent', jobId: match[1] }
  throw new OpInvalidError({
    reason: `scope "${scope}" is not synced, local, session, private or subagent:{job_id}`,
    details: { field: 'scope', scope },
  })
}

/**
 * The scope of a sub-agent's memory for a job: `subagent:{job_id}`.
 *
 * @example
 * import { subagentScope } from '@spaceos/protocol'
 * subagentScope('job-42') // 'subagent:job-42'
 */
export function subagentScope(jobId: string): MemoryScope {
  const scope = `subagent:${jobId}` as const
  parseMemoryScope(scope)
  return scope
}

/** True for scopes whose ops may leave the node that made them (everything but `local` and `session`). */
export function isTransmittableScope(scope: ParsedMemoryScope): boolean {
  return scope.kind !== 'local' && scope.kind !== 'session'
}
