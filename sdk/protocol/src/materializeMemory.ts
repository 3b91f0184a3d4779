import type { MemoryOp } from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'
import { isMemoryOpKind, type JsonValue, type OpPayload, validateOpPayload } from './memoryPayload.ts'

/**
 * An op a node holds, as materialisation sees it: verified and decoded, with the plaintext of a private op when the
 * node could open it. A private op without `plaintext` (its epoch's secret not held, or GCM failed) is unreadable,
 * and so is a pending op (spec/MEMORY.md §5.4).
 */
export type HeldOp = {
  /** Lowercase hex op id. */
  opId: string
  /** The decoded op. */
  op: MemoryOp
  /** The decrypted payload of a private op. */
  plaintext?: Uint8Array
  /** True for an op held but not yet checkable (unknown device): left out as unreadable. */
  pending?: boolean
}

/** A record's fields, or an entry/note/attachment with its op id. */
export type ViewObject = { [key: string]: JsonValue }

/** The canonical view of materialised memory (spec/MEMORY.md §6.4) [NP-MEM-057]. */
export type MemoryView = {
  conversations: Record<string, { fields: ViewObject; entries: ViewObject[] }>
  facts: Record<string, ViewObject>
  entities: Record<string, { fields: ViewObject; notes: ViewObject[] }>
  tasks: Record<string, ViewObject>
  jobs: Record<string, ViewObject>
  prefs: Record<string, JsonValue>
  attachments: Record<string, ViewObject>
  excluded: { retracted: string[]; invalid: string[]; unreadable: string[]; unknown_kind: string[] }
}

const recordKinds = {
  'conversation.set': 'conversation_id',
  'fact.set': 'fact_id',
  'entity.set': 'entity_id',
  'task.set': 'task_id',
  'job.set': 'job_id',
} as const
type RecordKind = keyof typeof recordKinds

/** Total order of spec/MEMORY.md §6.1: lamport, then hlc_ms, then op id as unsigned bytes [NP-MEM-033]. */
export function compareOps(a: HeldOp, b: HeldOp): number {
  if (a.op.lamport !== b.op.lamport) return a.op.lamport < b.op.lamport ? -1 : 1
  if (a.op.hlcMs !== b.op.hlcMs) return a.op.hlcMs < b.op.hlcMs ? -1 : 1
  // Lowercase hex of equal length compares like the bytes.
  return a.opId < b.opId ? -1 : a.opId > b.opId ? 1 : 0
}

/**
 * Builds the canonical view of memory from the ops a node holds (spec/MEMORY.md §6): a deterministic function of the
 * set of ops, whatever their order [NP-MEM-040]. Append kinds keep the first entry per key in total order
 * [NP-MEM-041]; `pref.set` and the record kinds take the last writer per key or field, `clear` and `null` removing
 * [NP-MEM-042] [NP-MEM-043] [NP-MEM-046]; deleted records are hidden [NP-MEM-048]; live retractions exclude their
 * targets whatever the order, and never retract a retraction [NP-MEM-044] [NP-MEM-047]; invalid payloads and
 * unknown kinds are left out and listed [NP-MEM-004] [NP-MEM-003].
 *
 * @example
 * import { materializeMemory } from '@spaceos/protocol'
 * const view = materializeMemory(heldOps)
 * view.facts['f1']?.text
 */
export function materializeMemory(held: readonly HeldOp[]): MemoryView {
  const view: MemoryView = {
    conversations: {},
    facts: {},
    entities: {},
    tasks: {},
    jobs: {},
    prefs: {},
    attachments: {},
    excluded: { retracted: [], invalid: [], unreadable: [], unknown_kind: [] },
  }
  const unique = new Map<string, HeldOp>()
  for (const op of held) if (!unique.has(op.opId)) unique.set(op.opId, op)
  const ordered = [...unique.values()].sort(compareOps)

  // Read every op's payload once: unreadable, unknown kind, invalid or valid.
  const valid: { held: HeldOp; payload: OpPayload }[] = []
  const notLive = new Map<string, keyof MemoryView['excluded']>()
  for (const entry of ordered) {
    const { op } = entry
    const body = op.scope === 'private' ? entry.plaintext : op.body.case === 'payload' ? op.body.value : undefined
    if (entry.pending || body === undefined) {
      notLive.set(entry.opId, 'unreadable')
      continue
    }
    if (!isMemoryOpKind(op.kind)) {
      notLive.set(entry.opId, 'unknown_kind')
      continue
    }
    try {
      valid.push({ held: entry, payload: validateOpPayload(op.kind, body, { scope: op.scope }) })
    } catch {
      notLive.set(entry.opId, 'invalid')
    }
  }

  // Retraction is final and remembered whatever the order [NP-MEM-044] [NP-MEM-047] [NP-MEM-054].
  const retracted = new Set<string>()
  for (const { held: entry, payload } of valid) {
    if (entry.op.kind === 'op.retract') for (const target of payload.targets as string[]) retracted.add(target)
  }
  for (const entry of ordered) {
    if (entry.op.kind !== 'op.retract' && retracted.has(entry.opId)) view.excluded.retracted.push(entry.opId)
    else {
      const reason = notLive.get(entry.opId)
      if (reason) view.excluded[reason].push(entry.opId)
    }
  }
  for (const list of Object.values(view.excluded)) list.sort()

  const records = new Map<string, ViewObject>()
  const entries = new Map<string, ViewObject[]>()
  const notes = new Map<string, ViewObject[]>()
  const seenEntries = new Set<string>()
  const seenNotes = new Set<string>()
  for (const { held: entry, payload } of valid) {
    const { op, opId } = entry
    if (op.kind !== 'op.retract' && retracted.has(opId)) continue
    switch (op.kind) {
      case 'turn.append': {
        const key = payload.entry_id as string
        if (seenEntries.has(key)) break
        seenEntries.add(key)
        push(entries, payload.conversation_id as string, { op_id: opId, ...payload })
        break
      }
      case 'entity.note': {
        const key = payload.note_id as string
        if (seenNotes.has(key)) break
        seenNotes.add(key)
        push(notes, payload.entity_id as string, { op_id: opId, ...payload })
        break
      }
      case 'attachment.add': {
        const key = payload.attachment_id as string
        if (!view.attachments[key]) view.attachments[key] = { op_id: opId, ...payload }
        break
      }
      case 'pref.set': {
        // Ascending order: the last live writer wins; null unsets [NP-MEM-042].
        const key = payload.key as string
        if (payload.value === null) delete view.prefs[key]
        else view.prefs[key] = payload.value as JsonValue
        break
      }
      case 'op.retract':
        break
      default: {
        const kind = op.kind as RecordKind
        const recordKey = `${kind}\u0000${payload[recordKinds[kind]] as string}`
        const fields = records.get(recordKey) ?? {}
        for (const [name, value] of Object.entries((payload.fields as OpPayload | undefined) ?? {}))
          fields[name] = value
        for (const name of (payload.clear as string[] | undefined) ?? []) delete fields[name]
        records.set(recordKey, fields)
      }
    }
  }

  const shown = (fields: ViewObject | undefined) => fields?.deleted !== true
  for (const [recordKey, fields] of records) {
    const [kind, id] = recordKey.split('\u0000') as [RecordKind, string]
    if (!shown(fields) || Object.keys(fields).length === 0) continue
    if (kind === 'fact.set') view.facts[id] = fields
    else if (kind === 'task.set') view.tasks[id] = fields
    else if (kind === 'job.set') view.jobs[id] = fields
  }
  const conversationIds = new Set([...entries.keys(), ...recordIds(records, 'conversation.set')])
  for (const id of [...conversationIds].sort()) {
    const fields = records.get(`conversation.set\u0000${id}`) ?? {}
    if (!shown(fields)) continue
    const list = entries.get(id) ?? []
    if (Object.keys(fields).length === 0 && list.length === 0) continue
    view.conversations[id] = { fields, entries: list }
  }
  const entityIds = new Set([...notes.keys(), ...recordIds(records, 'entity.set')])
  for (const id of [...entityIds].sort()) {
    const fields = records.get(`entity.set\u0000${id}`) ?? {}
    if (!shown(fields)) continue
    const list = notes.get(id) ?? []
    if (Object.keys(fields).length === 0 && list.length === 0) continue
    view.entities[id] = { fields, notes: list }
  }
  return view
}

function push(map: Map<string, ViewObject[]>, key: string, value: ViewObject): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function recordIds(records: Map<string, ViewObject>, kind: RecordKind): string[] {
  const prefix = `${kind}\u0000`
  return [...records.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length))
}
