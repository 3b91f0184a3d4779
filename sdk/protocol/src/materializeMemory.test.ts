import { describe, expect, it } from 'vitest'
import { generateDeviceKey } from './keys.ts'
import { type HeldOp, materializeMemory } from './materializeMemory.ts'
import { signMemoryOp } from './memoryOp.ts'

const account = `0x${'5a'.repeat(20)}`
const key = generateDeviceKey()
let seq = 0n
function hold(kind: string, lamport: bigint, payload: unknown, scope = 'synced'): HeldOp {
  const chained = scope === 'synced' || scope === 'private'
  const { op, opId } = signMemoryOp(
    {
      account,
      deviceId: key.deviceId,
      kind,
      scope,
      lamport,
      hlcMs: 1_764_000_000_000n + lamport,
      body: { case: 'payload', value: new TextEncoder().encode(JSON.stringify(payload)) },
      ...(chained ? { seq: ++seq, prev: seq > 1n ? new Uint8Array(32).fill(1) : new Uint8Array(0) } : {}),
    },
    key.privateKey,
  )
  return { op, opId }
}
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]),
  )
}

describe('materializeMemory', () => {
  it('builds the same view from every arrival order [NP-MEM-040]', () => {
    const ops = [
      hold('fact.set', 1n, { fact_id: 'f', fields: { text: 'a', pinned: true } }),
      hold('fact.set', 2n, { fact_id: 'f', fields: { text: 'b' } }),
      hold('op.retract', 3n, { targets: [] as string[] }),
      hold('turn.append', 4n, { conversation_id: 'c', turn_id: 't', entry_id: 't', role: 'user', text: 'hi' }),
      hold('turn.append', 5n, { conversation_id: 'c', turn_id: 't', entry_id: 't', role: 'user', text: 'again' }),
    ]
    const views = permutations(ops).map((order) => JSON.stringify(materializeMemory(order)))
    expect(new Set(views).size).toBe(1)
    const view = materializeMemory(ops)
    expect(view.facts.f).toEqual({ text: 'b', pinned: true })
    expect(view.conversations.c?.entries.map((entry) => entry.text)).toEqual(['hi'])
    expect(view.excluded.invalid).toEqual([ops[2]?.opId]) // a retraction needs at least one target
  })

  it('excludes retracted ops whatever the order, and never retracts a retraction [NP-MEM-044] [NP-MEM-047]', () => {
    const fact = hold('fact.set', 1n, { fact_id: 'f', fields: { text: 'x' } })
    const retract = hold('op.retract', 2n, { targets: [fact.opId] })
    const undo = hold('op.retract', 3n, { targets: [retract.opId] })
    const view = materializeMemory([undo, retract, fact])
    expect(view.facts).toEqual({})
    expect(view.excluded.retracted).toEqual([fact.opId])
  })

  it('hides deleted records and lists pending ops as unreadable [NP-MEM-048] [NP-MEM-137]', () => {
    const set = hold('entity.set', 1n, { entity_id: 'e', fields: { name: 'Ana' } }, 'local')
    const note = hold('entity.note', 2n, { entity_id: 'e', note_id: 'n', text: 'tea' }, 'local')
    const del = hold('entity.set', 3n, { entity_id: 'e', fields: { deleted: true } })
    const pending = { ...hold('fact.set', 4n, { fact_id: 'g', fields: { text: 'y' } }), pending: true }
    const view = materializeMemory([set, note, del, pending])
    expect(view.entities).toEqual({})
    expect(view.facts).toEqual({})
    expect(view.excluded.unreadable).toEqual([pending.opId])
  })
})
