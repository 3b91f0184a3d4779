import type { Vector } from '../suites/codec/vectors.ts'
import { toHex } from '../suites/codec/vectors.ts'
import {
  account,
  baseTs,
  encryptPrivate,
  type OpInit,
  opFields,
  type RawField,
  sha256,
  signOp,
  str,
  testNonce,
  testUserSecret,
  type VectorFile,
  writeFields,
} from './buildVectors.ts'
import type { DevKey } from './devKey.ts'

// Golden vectors for op payloads (spec/MEMORY.md §2.1, spec/AGENT.md §2–§3) and for merges (§6: a set of ops in →
// the canonical view out, §6.4). Built from node:crypto and hand-written JSON only, never from @spaceos/protocol,
// so the SDK is checked against an independent statement of the rules. Every expected view below is written out by
// hand from the rules.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const hex64 = (label: string) => toHex(sha256(str(label)))
const cidOf = (label: string) => {
  // A well-formed CIDv1 (raw, sha2-256) text: "b" + base32 of 0x01 0x55 0x12 0x20 || digest, 59 characters.
  const bytes = Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), sha256(str(label))])
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  let bits = 0
  let value = 0
  let out = 'b'
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}

// ---- payload vectors ---------------------------------------------------------------------------------------------

type PayloadCase = {
  id: string
  opKind: string
  scope?: string
  /** JSON text as carried, or an object rendered with JSON.stringify. */
  payload: string | Json | { hex: string }
  description: string
  requirements: string[]
  /** The members a v1 reader keeps; omitted = the payload itself. */
  known?: Json
  error?: 'OP_INVALID'
}

const personality = {
  v: 1,
  traits: {
    warmth: 70,
    verbosity: 40,
    humor: 55,
    assertiveness: 50,
    creativity: 60,
    formality: 30,
    proactivity: 50,
    emotional_iq: 75,
  },
  soul: 'You are Aether, a calm and curious companion.',
  voice: 'warm-alto',
  preset: null,
}

function payloadCases(): PayloadCase[] {
  const user = {
    conversation_id: 'conv-1',
    turn_id: 'turn-1',
    entry_id: 'turn-1',
    role: 'user',
    text: 'Olá — what is on my calendar? 📅',
    attachments: ['att-1'],
  }
  const assistant = {
    conversation_id: 'conv-1',
    turn_id: 'turn-1',
    entry_id: '01JDKZA0000000000000000001',
    role: 'assistant',
    text: '',
    tool_calls: [
      {
        call_id: 'call-1',
        tool: 'personal.calendar.list',
        arguments_json: '{"from_ms":"1764115200000","to_ms":"1764201600000"}',
      },
    ],
    model: 'llama-3.1-8b',
    node_id: 'laptop-01',
  }
  const tool = {
    conversation_id: 'conv-1',
    turn_id: 'turn-1',
    entry_id: '01JDKZA0000000000000000002',
    role: 'tool',
    tool_call_id: 'call-1',
    tool_ok: true,
    text: '{"events":[]}',
  }
  const question = {
    conversation_id: 'conv-1',
    turn_id: 'turn-2',
    entry_id: '01JDKZA0000000000000000003',
    role: 'assistant',
    text: 'May I send the e-mail to Ana?',
    node_id: 'laptop-01',
    question: {
      job_id: 'job-9',
      question_id: 'q-frame-1',
      type: 'consent',
      prompt: 'Send the e-mail to Ana?',
      options: ['allow', 'deny'],
      expires_ms: '1764115800000',
    },
  }
  const v = (
    id: string,
    opKind: string,
    payload: Json,
    description: string,
    requirements: string[],
    extra: Partial<PayloadCase> = {},
  ): PayloadCase => ({ id, opKind, payload, description, requirements, ...extra })
  const bad = (
    id: string,
    opKind: string,
    payload: PayloadCase['payload'],
    description: string,
    requirements: string[],
    extra: Partial<PayloadCase> = {},
  ): PayloadCase => ({ id, opKind, payload, description, requirements, error: 'OP_INVALID', ...extra })
  return [
    v('turn-append.user', 'turn.append', user, 'the user entry of a turn, keyed by its turn_id', [
      'NP-MEM-061',
      'NP-MEM-065',
      'NP-AGENT-020',
    ]),
    v(
      'turn-append.assistant-tool-calls',
      'turn.append',
      assistant,
      'an assistant entry asking for a tool (tool_calls, model, node_id)',
      ['NP-MEM-061', 'NP-AGENT-023'],
    ),
    v('turn-append.tool-result', 'turn.append', tool, 'a tool entry answering the call by tool_call_id', [
      'NP-MEM-061',
      'NP-AGENT-023',
    ]),
    v('turn-append.question', 'turn.append', question, "an assistant entry showing a job's consent question", [
      'NP-MEM-061',
      'NP-AGENT-077',
    ]),
    v(
      'turn-append.unknown-members',
      'turn.append',
      { ...user, mood: 'curious', conversationId: 'conv-2' },
      'unknown members, including the lowerCamelCase alias of a field, are ignored and the payload stays valid',
      ['NP-MEM-062'],
      { known: user },
    ),
    v(
      'conversation-set',
      'conversation.set',
      { conversation_id: 'conv-1', fields: { title: 'Calendar', archived: false } },
      'conversation metadata',
      ['NP-MEM-061'],
    ),
    v(
      'fact-set',
      'fact.set',
      {
        fact_id: 'home-city',
        fields: { text: 'Lives in Lisbon', pinned: true, source_op: hex64('turn op') },
        clear: ['superseded_by'],
      },
      'a fact with fields and a cleared field',
      ['NP-MEM-061', 'NP-MEM-046'],
    ),
    v(
      'attachment-add',
      'attachment.add',
      {
        attachment_id: 'att-1',
        cid: cidOf('photo'),
        media_type: 'image/jpeg',
        size: '123456',
        name: 'beach.jpg',
        conversation_id: 'conv-1',
      },
      'an attachment: CIDv1 base32, size as a decimal string',
      ['NP-MEM-061', 'NP-MEM-070'],
    ),
    v(
      'attachment-add.private-encrypted',
      'attachment.add',
      {
        attachment_id: 'att-2',
        cid: cidOf('sealed photo'),
        media_type: 'image/png',
        size: '2048',
        encryption: { key_epoch: 1, nonce: Buffer.from(testNonce('attachment')).toString('base64') },
      },
      'a private attachment names how its content is encrypted',
      ['NP-MEM-071'],
      { scope: 'private' },
    ),
    v(
      'pref-set.personality',
      'pref.set',
      { key: 'personality', value: personality },
      'the personality of white paper §4.4',
      ['NP-AGENT-010'],
    ),
    v('pref-set.voice-source', 'pref.set', { key: 'voice.source', value: 'device' }, 'the voice source preference', [
      'NP-AGENT-001',
    ]),
    v('pref-set.unset', 'pref.set', { key: 'x.acme.theme', value: null }, 'a null value unsets a key', ['NP-MEM-042']),
    v(
      'pref-set.unknown-key',
      'pref.set',
      { key: 'x.acme.theme', value: { dark: true, accent: '#ff8800' } },
      'a key the registry does not know takes any JSON value',
      ['NP-AGENT-002'],
    ),
    v(
      'entity-set',
      'entity.set',
      {
        entity_id: 'ent-ana',
        fields: { type: 'person', name: 'Ana', frontmatter: { born: 1990, tags: ['family'] }, status: 'proposed' },
      },
      'an awareness entity proposed by the watcher',
      ['NP-MEM-061'],
      { scope: 'local' },
    ),
    v(
      'entity-note',
      'entity.note',
      { entity_id: 'ent-ana', note_id: 'note-1', text: 'Prefers tea to coffee.', observed_ms: '1764115200000' },
      'an entity note',
      ['NP-MEM-061'],
      { scope: 'local' },
    ),
    v(
      'task-set',
      'task.set',
      {
        task_id: 'task-news',
        fields: {
          title: 'Morning news brief',
          status: 'active',
          schedule: 'DTSTART;TZID=Europe/Lisbon:20260105T080000\nRRULE:FREQ=DAILY',
          action: { prompt: 'Summarise the news I care about.' },
          cost_per_run_wei: '2000000000000000',
          budget_annual_wei: '1000000000000000000',
          projected_annual_wei: '730000000000000000',
          runner_node_id: 'mini-01',
        },
      },
      'a recurring task with its costs and runner',
      ['NP-AGENT-033', 'NP-AGENT-030'],
    ),
    v(
      'job-set',
      'job.set',
      {
        job_id: 'job-9',
        fields: {
          capability: 'messaging.email.send',
          status: 'needs_input',
          progress_bps: 2500,
          executor_node_id: 'phone-abc123',
          deadline_ms: '1764119000000',
          result: { draft: true },
        },
      },
      "the requester's record of a job",
      ['NP-AGENT-041'],
    ),
    v('op-retract', 'op.retract', { targets: [hex64('a'), hex64('b')] }, 'a retraction of two ops', ['NP-MEM-005']),
    bad('not-json', 'fact.set', 'fact_id=home-city', 'a payload that is not JSON is invalid', ['NP-MEM-060']),
    bad('not-object', 'fact.set', '["home-city"]', 'a JSON array is not a payload', ['NP-MEM-061']),
    bad(
      'bom',
      'fact.set',
      { hex: `efbbbf${toHex(str('{"fact_id":"home-city"}'))}` },
      'a payload beginning with a byte-order mark is invalid',
      ['NP-MEM-060'],
    ),
    bad(
      'duplicate-member',
      'fact.set',
      '{"fact_id":"a","fact_id":"b"}',
      'a duplicate member name is invalid (I-JSON)',
      ['NP-MEM-060'],
    ),
    bad(
      'lone-surrogate',
      'fact.set',
      '{"fact_id":"a","fields":{"text":"\\ud800"}}',
      'a lone surrogate is invalid (I-JSON)',
      ['NP-MEM-060'],
    ),
    bad(
      'integer-beyond-2-53',
      'pref.set',
      '{"key":"x.acme.n","value":9007199254740993}',
      'an integer beyond 2^53 - 1 is invalid (I-JSON)',
      ['NP-MEM-060'],
    ),
    bad('fact-set.id-missing', 'fact.set', { fields: { text: 'x' } }, 'a fact.set without fact_id is invalid', [
      'NP-MEM-061',
    ]),
    bad(
      'fact-set.camel-case-only',
      'fact.set',
      { factId: 'home-city', fields: { text: 'x' } },
      'the lowerCamelCase spelling does not stand for fact_id',
      ['NP-MEM-061', 'NP-MEM-062'],
    ),
    bad(
      'fact-set.id-format',
      'fact.set',
      { fact_id: 'home city', fields: { text: 'x' } },
      'an id with a space is invalid',
      ['NP-MEM-061'],
    ),
    bad(
      'fact-set.null-member',
      'fact.set',
      { fact_id: 'home-city', fields: { text: null } },
      'a null member is invalid (clear removes a field)',
      ['NP-MEM-063'],
    ),
    bad(
      'fact-set.clear-and-set',
      'fact.set',
      { fact_id: 'home-city', fields: { text: 'x' }, clear: ['text'] },
      'a field both set and cleared is invalid',
      ['NP-MEM-064'],
    ),
    bad(
      'turn-append.role-unknown',
      'turn.append',
      { ...user, role: 'bot' },
      'role "bot" is not one of the four roles',
      ['NP-MEM-064'],
    ),
    bad(
      'turn-append.user-entry-id',
      'turn.append',
      { ...user, entry_id: 'other' },
      'a user entry whose entry_id is not its turn_id is invalid',
      ['NP-MEM-065'],
    ),
    bad(
      'turn-append.tool-without-call-id',
      'turn.append',
      { ...tool, tool_call_id: undefined } as unknown as Json,
      'a tool entry without tool_call_id is invalid',
      ['NP-MEM-064'],
    ),
    bad(
      'turn-append.tool-calls-on-user',
      'turn.append',
      { ...user, tool_calls: assistant.tool_calls },
      'tool_calls on a user entry are invalid',
      ['NP-MEM-064'],
    ),
    bad(
      'attachment-add.size-as-number',
      'attachment.add',
      { attachment_id: 'att-1', cid: cidOf('photo'), media_type: 'image/jpeg', size: 123456 },
      'a uint64 written as a JSON number is invalid',
      ['NP-MEM-063'],
    ),
    bad(
      'attachment-add.cid-format',
      'attachment.add',
      { attachment_id: 'att-1', cid: 'Qm-not-a-cidv1', media_type: 'image/jpeg', size: '1' },
      'a cid that is not CIDv1 base32 is invalid',
      ['NP-MEM-070'],
    ),
    bad(
      'attachment-add.encryption-in-synced',
      'attachment.add',
      {
        attachment_id: 'att-2',
        cid: cidOf('sealed photo'),
        media_type: 'image/png',
        size: '2048',
        encryption: { key_epoch: 1, nonce: Buffer.from(testNonce('attachment')).toString('base64') },
      },
      'encryption outside a private op is invalid',
      ['NP-MEM-071'],
    ),
    bad(
      'pref-set.trait-out-of-range',
      'pref.set',
      { key: 'personality', value: { ...personality, traits: { ...personality.traits, humor: 101 } } },
      'a trait above PERSONALITY_TRAIT_MAX is invalid',
      ['NP-AGENT-010', 'NP-AGENT-001'],
    ),
    bad(
      'pref-set.soul-too-long',
      'pref.set',
      { key: 'personality', value: { ...personality, soul: 'é'.repeat(1001) } },
      'a Soul of 1001 code points is invalid',
      ['NP-AGENT-010', 'NP-MEM-068'],
    ),
    bad(
      'pref-set.preset-unknown',
      'pref.set',
      { key: 'personality', value: { ...personality, preset: 'grumpy' } },
      'a preset that is not one of the six is invalid',
      ['NP-AGENT-010'],
    ),
    bad(
      'pref-set.voice-source-unknown',
      'pref.set',
      { key: 'voice.source', value: 'cloud' },
      'voice.source "cloud" is not device, hub or off',
      ['NP-AGENT-001'],
    ),
    bad(
      'pref-set.tools-policy-synced',
      'pref.set',
      { key: 'tools.policy', value: { 'fs.delete': 'allow' } },
      'tools.policy is local only: a synced one is invalid',
      ['NP-AGENT-001'],
    ),
    bad(
      'job-set.session-scope',
      'job.set',
      { job_id: 'job-9', fields: { status: 'running' } },
      'job.set in scope session is invalid',
      ['NP-SCOPE-012'],
      { scope: 'session' },
    ),
    bad(
      'job-set.progress-above-bps',
      'job.set',
      { job_id: 'job-9', fields: { progress_bps: 10001 } },
      'progress above BPS_DENOMINATOR is invalid',
      ['NP-AGENT-041'],
    ),
    bad(
      'task-set.action-both',
      'task.set',
      { task_id: 'task-news', fields: { action: { prompt: 'x', capability: 'web.search' } } },
      'a task action with both prompt and capability is invalid',
      ['NP-AGENT-033'],
    ),
    bad(
      'entity-set.type-unknown',
      'entity.set',
      { entity_id: 'ent-1', fields: { type: 'animal' } },
      'an entity type outside the five is invalid',
      ['NP-MEM-064'],
    ),
    bad('op-retract.empty', 'op.retract', { targets: [] }, 'a retraction with no targets is invalid', ['NP-MEM-005']),
    bad('op-retract.duplicate', 'op.retract', { targets: [hex64('a'), hex64('a')] }, 'repeated targets are invalid', [
      'NP-MEM-005',
    ]),
    bad(
      'op-retract.uppercase',
      'op.retract',
      { targets: [hex64('a').toUpperCase()] },
      'a target in upper-case hex is invalid',
      ['NP-MEM-005'],
    ),
  ]
}

function payloadVectors(): Vector[] {
  return payloadCases().map((c) => {
    const text = typeof c.payload === 'string' ? c.payload : isHex(c.payload) ? undefined : JSON.stringify(c.payload)
    const payload = text === undefined ? { hex: (c.payload as { hex: string }).hex } : { text }
    const readable = text === undefined ? 'see payload.hex' : safeParse(text)
    const expect = c.error
      ? { error: c.error }
      : { known: (c.known ?? JSON.parse(text ?? '{}')) as Record<string, unknown> }
    return {
      kind: 'payload' as const,
      id: `payload.${c.id}`,
      description: c.description,
      requirements: c.requirements,
      opKind: c.opKind,
      scope: c.scope ?? 'synced',
      payload,
      readable,
      expect,
    }
  })
}
const isHex = (value: unknown): value is { hex: string } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).join() === 'hex'
function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

// ---- merge vectors -----------------------------------------------------------------------------------------------

type Device = { key: DevKey; seq: bigint; prev?: Uint8Array }
type Built = { bytes: Uint8Array; id: string; readable: Record<string, unknown> }
type OpSpec = {
  kind: string
  scope?: string
  lamport: bigint
  hlc?: bigint
  parents?: Built[]
  payload: Json | string
  /** Encrypt under this epoch (scope private). */
  epoch?: { number: number; secret: Uint8Array; nonce: string }
}

function build(device: Device, spec: OpSpec): Built {
  const scope = spec.scope ?? (spec.epoch ? 'private' : 'synced')
  const chained = scope === 'synced' || scope === 'private'
  const plaintext = str(typeof spec.payload === 'string' ? spec.payload : JSON.stringify(spec.payload))
  const init: OpInit = {
    deviceId: device.key.deviceId,
    kind: spec.kind,
    scope,
    lamport: spec.lamport,
    hlcMs: baseTs + (spec.hlc ?? spec.lamport * 1000n),
    parents: (spec.parents ?? []).map((p) => sha256(p.bytes)).sort((a, b) => Buffer.compare(a, b)),
    ...(spec.epoch
      ? {
          ciphertext: encryptPrivate(
            spec.epoch.secret,
            spec.epoch.number,
            account,
            testNonce(spec.epoch.nonce),
            plaintext,
          ),
        }
      : { payload: plaintext }),
  }
  if (chained) {
    device.seq += 1n
    init.seq = device.seq
    if (device.prev) init.prev = device.prev
  }
  const fields: RawField[] = opFields(init)
  const bytes = signOp(writeFields(fields), device.key)
  if (chained) device.prev = sha256(bytes)
  const id = toHex(sha256(bytes))
  return {
    bytes,
    id,
    readable: {
      opId: id,
      device: device.key === undefined ? '' : device.key.deviceId.slice(0, 8),
      kind: spec.kind,
      scope,
      lamport: spec.lamport.toString(),
      hlcMs: init.hlcMs.toString(),
      ...(init.seq ? { seq: init.seq.toString() } : {}),
      ...(spec.epoch ? { encryptedUnderEpoch: spec.epoch.number } : {}),
      payload: typeof spec.payload === 'string' ? spec.payload : spec.payload,
    },
  }
}

type Scenario = {
  id: string
  description: string
  requirements: string[]
  ops: Built[]
  /** Arrival order: indexes into ops. */
  order: number[]
  view: Record<string, unknown>
  secrets?: { keyEpoch: number; userSecretHex: string }[]
}

const emptyView = () => ({
  conversations: {},
  facts: {},
  entities: {},
  tasks: {},
  jobs: {},
  prefs: {},
  attachments: {},
  excluded: {
    retracted: [] as string[],
    invalid: [] as string[],
    unreadable: [] as string[],
    unknown_kind: [] as string[],
  },
})
const sorted = (ids: string[]) => [...ids].sort()

function scenarios(a: DevKey, b: DevKey): Scenario[] {
  const out: Scenario[] = []
  const dev = (key: DevKey): Device => ({ key, seq: BigInt(0) })

  // 1. Facts: last writer per field, lamport ties broken by hlc_ms, clear removes a field.
  {
    const A = dev(a)
    const B = dev(b)
    const a1 = build(A, {
      kind: 'fact.set',
      lamport: 1n,
      hlc: 1000n,
      payload: { fact_id: 'home-city', fields: { text: 'Lives in Lisbon', pinned: true } },
    })
    const b1 = build(B, {
      kind: 'fact.set',
      lamport: 1n,
      hlc: 2000n,
      payload: { fact_id: 'home-city', fields: { text: 'Lives in Porto' } },
    })
    const a2 = build(A, {
      kind: 'fact.set',
      lamport: 2n,
      parents: [a1, b1],
      payload: { fact_id: 'home-city', clear: ['pinned'] },
    })
    const a3 = build(A, {
      kind: 'fact.set',
      lamport: 3n,
      parents: [a2],
      payload: { fact_id: 'likes', fields: { text: 'Likes tea', entity_id: 'ent-ana' } },
    })
    out.push({
      id: 'facts-last-writer-per-field',
      description:
        'two devices write one fact concurrently (equal lamport: hlc_ms decides the text); pinned, set by the loser, stays until a later op clears it',
      requirements: ['NP-MEM-040', 'NP-MEM-043', 'NP-MEM-046', 'NP-MEM-033', 'NP-MEM-057'],
      ops: [a1, b1, a2, a3],
      order: [3, 2, 1, 0],
      view: {
        ...emptyView(),
        facts: { 'home-city': { text: 'Lives in Porto' }, likes: { text: 'Likes tea', entity_id: 'ent-ana' } },
      },
    })
  }

  // 2. A conversation: entries in total order, tool call and result paired, a re-dispatched user entry ignored.
  {
    const A = dev(a)
    const B = dev(b)
    const user = {
      conversation_id: 'conv-1',
      turn_id: 'turn-1',
      entry_id: 'turn-1',
      role: 'user',
      text: 'What is on my calendar?',
    }
    const call = {
      conversation_id: 'conv-1',
      turn_id: 'turn-1',
      entry_id: 'e-call',
      role: 'assistant',
      text: '',
      tool_calls: [{ call_id: 'call-1', tool: 'personal.calendar.list', arguments_json: '{}' }],
    }
    const result = {
      conversation_id: 'conv-1',
      turn_id: 'turn-1',
      entry_id: 'e-result',
      role: 'tool',
      tool_call_id: 'call-1',
      tool_ok: true,
      text: '{"events":[]}',
    }
    const answer = {
      conversation_id: 'conv-1',
      turn_id: 'turn-1',
      entry_id: 'e-answer',
      role: 'assistant',
      text: 'Nothing today.',
      model: 'llama-3.1-8b',
    }
    const u = build(A, { kind: 'turn.append', lamport: 1n, payload: user })
    const again = build(B, {
      kind: 'turn.append',
      lamport: 2n,
      parents: [u],
      payload: { ...user, text: 'What is on my calendar?' },
    })
    const c = build(A, { kind: 'turn.append', lamport: 3n, parents: [again], payload: call })
    const r = build(A, { kind: 'turn.append', lamport: 4n, parents: [c], payload: result })
    const ans = build(A, { kind: 'turn.append', lamport: 5n, parents: [r], payload: answer })
    const title = build(B, {
      kind: 'conversation.set',
      lamport: 6n,
      parents: [ans],
      payload: { conversation_id: 'conv-1', fields: { title: 'Calendar' } },
    })
    out.push({
      id: 'conversation-entries',
      description:
        'a turn written by its agent host (user entry, tool call, tool result, answer) plus a second user entry with the same entry_id from a re-dispatch: one entry per entry_id, the first in total order',
      requirements: ['NP-MEM-041', 'NP-AGENT-020', 'NP-AGENT-022', 'NP-AGENT-023', 'NP-MEM-057'],
      ops: [u, again, c, r, ans, title],
      order: [5, 4, 3, 1, 2, 0],
      view: {
        ...emptyView(),
        conversations: {
          'conv-1': {
            fields: { title: 'Calendar' },
            entries: [
              { op_id: u.id, ...user },
              { op_id: c.id, ...call },
              { op_id: r.id, ...result },
              { op_id: ans.id, ...answer },
            ],
          },
        },
      },
    })
  }

  // 3. Retraction: remove wins whatever the order, is final, and is remembered before its target arrives.
  {
    const A = dev(a)
    const B = dev(b)
    const f1 = build(A, { kind: 'fact.set', lamport: 1n, payload: { fact_id: 'f1', fields: { text: 'First value' } } })
    const f2 = build(A, {
      kind: 'fact.set',
      lamport: 2n,
      parents: [f1],
      payload: { fact_id: 'f1', fields: { text: 'Mistaken value' } },
    })
    const retract = build(B, { kind: 'op.retract', lamport: 3n, parents: [f2], payload: { targets: [f2.id] } })
    const undo = build(A, { kind: 'op.retract', lamport: 4n, parents: [retract], payload: { targets: [retract.id] } })
    const pref = build(B, {
      kind: 'pref.set',
      lamport: 5n,
      parents: [undo],
      payload: { key: 'voice.source', value: 'device' },
    })
    const retractPref = build(A, {
      kind: 'op.retract',
      lamport: 6n,
      parents: [pref],
      payload: { targets: [pref.id, hex64('an op never held')] },
    })
    out.push({
      id: 'retraction',
      description:
        'a retraction arriving before its target still excludes it (the earlier value comes back); retracting a retraction has no effect; a target never held is harmless',
      requirements: ['NP-MEM-044', 'NP-MEM-047', 'NP-MEM-054', 'NP-MEM-055', 'NP-MEM-057'],
      ops: [f1, f2, retract, undo, pref, retractPref],
      order: [2, 3, 5, 0, 4, 1],
      view: {
        ...emptyView(),
        facts: { f1: { text: 'First value' } },
        excluded: { ...emptyView().excluded, retracted: sorted([f2.id, pref.id]) },
      },
    })
  }

  // 4. Deleting a record beats a concurrent edit of another field; an undelete comes back by total order.
  {
    const A = dev(a)
    const B = dev(b)
    const f = build(A, {
      kind: 'fact.set',
      lamport: 1n,
      payload: { fact_id: 'secret', fields: { text: 'Old PIN hint' } },
    })
    const del = build(A, {
      kind: 'fact.set',
      lamport: 2n,
      hlc: 2000n,
      parents: [f],
      payload: { fact_id: 'secret', fields: { deleted: true } },
    })
    const edit = build(B, {
      kind: 'fact.set',
      lamport: 2n,
      hlc: 3000n,
      parents: [f],
      payload: { fact_id: 'secret', fields: { text: 'New PIN hint' } },
    })
    const t = build(B, {
      kind: 'task.set',
      lamport: 3n,
      parents: [del, edit],
      payload: { task_id: 'task-1', fields: { title: 'Water plants', status: 'active', runner_node_id: 'mini-01' } },
    })
    const tDel = build(A, {
      kind: 'task.set',
      lamport: 4n,
      parents: [t],
      payload: { task_id: 'task-1', fields: { deleted: true } },
    })
    const tBack = build(B, {
      kind: 'task.set',
      lamport: 5n,
      parents: [tDel],
      payload: { task_id: 'task-1', fields: { deleted: false, status: 'paused', pause_reason: 'user' } },
    })
    out.push({
      id: 'delete-versus-edit',
      description:
        '"forget this" (deleted: true) survives a concurrent edit of another field; a later deleted: false brings a record back with all its fields',
      requirements: ['NP-MEM-043', 'NP-MEM-048', 'NP-MEM-057'],
      ops: [f, del, edit, t, tDel, tBack],
      order: [2, 5, 0, 4, 1, 3],
      view: {
        ...emptyView(),
        tasks: {
          'task-1': {
            title: 'Water plants',
            status: 'paused',
            runner_node_id: 'mini-01',
            deleted: false,
            pause_reason: 'user',
          },
        },
      },
    })
  }

  // 5. Preferences: last writer per key, null unsets, an invalid value is left out and the previous one stays.
  {
    const A = dev(a)
    const B = dev(b)
    const p1 = build(A, { kind: 'pref.set', lamport: 1n, payload: { key: 'personality', value: personality } })
    const p2value = { ...personality, traits: { ...personality.traits, humor: 90 }, preset: null }
    const p2 = build(B, {
      kind: 'pref.set',
      lamport: 2n,
      parents: [p1],
      payload: { key: 'personality', value: p2value },
    })
    const bad = build(A, {
      kind: 'pref.set',
      lamport: 3n,
      parents: [p2],
      payload: { key: 'personality', value: { ...p2value, traits: { warmth: 150 } } },
    })
    const v1 = build(A, {
      kind: 'pref.set',
      lamport: 4n,
      parents: [bad],
      payload: { key: 'voice.source', value: 'hub' },
    })
    const v2 = build(B, { kind: 'pref.set', lamport: 5n, parents: [v1], payload: { key: 'voice.source', value: null } })
    const local = build(A, {
      kind: 'pref.set',
      scope: 'local',
      lamport: 6n,
      parents: [v2],
      payload: { key: 'agent.model', value: 'llama-3.1-8b' },
    })
    out.push({
      id: 'preferences',
      description:
        'personality: whole-object last writer wins; an invalid personality (trait 150) is left out so the previous one stays; null unsets voice.source; a local pref overlays on its device',
      requirements: ['NP-MEM-042', 'NP-MEM-004', 'NP-AGENT-010', 'NP-AGENT-013', 'NP-MEM-057'],
      ops: [p1, p2, bad, v1, v2, local],
      order: [4, 2, 0, 5, 1, 3],
      view: {
        ...emptyView(),
        prefs: { personality: p2value, 'agent.model': 'llama-3.1-8b' },
        excluded: { ...emptyView().excluded, invalid: [bad.id] },
      },
    })
  }

  // 6. Private ops: one opens, one names an epoch whose secret the node does not hold (unreadable, not dropped).
  {
    const A = dev(a)
    const secret1 = testUserSecret('epoch 1')
    const open = build(A, {
      kind: 'fact.set',
      lamport: 1n,
      epoch: { number: 1, secret: secret1, nonce: 'merge-1' },
      payload: { fact_id: 'diary', fields: { text: 'Call the doctor.' } },
    })
    const later = build(A, {
      kind: 'fact.set',
      lamport: 2n,
      parents: [open],
      epoch: { number: 3, secret: testUserSecret('epoch 3'), nonce: 'merge-3' },
      payload: { fact_id: 'diary', fields: { text: 'Doctor called.' } },
    })
    const plain = build(A, {
      kind: 'fact.set',
      lamport: 3n,
      parents: [later],
      payload: { fact_id: 'diary', fields: { pinned: true } },
    })
    out.push({
      id: 'private-unreadable',
      description:
        'a private op under a held epoch merges like any op; one under an epoch the node lacks is unreadable: kept, listed, left out (its text does not win)',
      requirements: ['NP-MEM-137', 'NP-MEM-135', 'NP-PRIV-022', 'NP-PRIV-002', 'NP-MEM-057'],
      ops: [open, later, plain],
      order: [1, 2, 0],
      secrets: [{ keyEpoch: 1, userSecretHex: toHex(secret1) }],
      view: {
        ...emptyView(),
        facts: { diary: { text: 'Call the doctor.', pinned: true } },
        excluded: { ...emptyView().excluded, unreadable: [later.id] },
      },
    })
  }

  // 7. Invalid payloads and unknown kinds are kept, listed and left out; unknown members are ignored.
  {
    const A = dev(a)
    const ok = build(A, {
      kind: 'entity.set',
      scope: 'local',
      lamport: 1n,
      payload: { entity_id: 'ent-ana', fields: { type: 'person', name: 'Ana', status: 'proposed' }, confidence: 0.9 },
    })
    const camel = build(A, {
      kind: 'fact.set',
      lamport: 2n,
      payload: { factId: 'x', fields: { text: 'camelCase id' } },
    })
    const vendor = build(A, { kind: 'x.acme.mood', lamport: 3n, parents: [camel], payload: { mood: 'happy' } })
    const bot = build(A, {
      kind: 'turn.append',
      lamport: 4n,
      parents: [vendor],
      payload: { conversation_id: 'c', turn_id: 't', entry_id: 't', role: 'bot', text: 'hi' },
    })
    const note = build(A, {
      kind: 'entity.note',
      scope: 'local',
      lamport: 5n,
      payload: { entity_id: 'ent-ana', note_id: 'n1', text: 'Prefers tea.', observed_ms: '1764115200000' },
    })
    const promoted = build(A, {
      kind: 'entity.set',
      lamport: 6n,
      parents: [bot],
      payload: { entity_id: 'ent-ana', fields: { type: 'person', name: 'Ana', status: 'accepted' } },
    })
    const noteCopy = build(A, {
      kind: 'entity.note',
      lamport: 7n,
      parents: [promoted],
      payload: { entity_id: 'ent-ana', note_id: 'n1', text: 'Prefers tea.', observed_ms: '1764115200000' },
    })
    out.push({
      id: 'invalid-unknown-and-promotion',
      description:
        'a camelCase-only id and role "bot" are invalid payloads, x.acme.mood an unknown kind: all kept and listed; a local entity promoted to synced by copying its fields and notes (one note per note_id)',
      requirements: ['NP-MEM-004', 'NP-MEM-003', 'NP-MEM-062', 'NP-MEM-041', 'NP-SCOPE-015', 'NP-MEM-057'],
      ops: [ok, camel, vendor, bot, note, promoted, noteCopy],
      order: [6, 3, 5, 1, 4, 0, 2],
      view: {
        ...emptyView(),
        entities: {
          'ent-ana': {
            fields: { type: 'person', name: 'Ana', status: 'accepted' },
            notes: [
              {
                op_id: note.id,
                entity_id: 'ent-ana',
                note_id: 'n1',
                text: 'Prefers tea.',
                observed_ms: '1764115200000',
              },
            ],
          },
        },
        excluded: { ...emptyView().excluded, invalid: sorted([camel.id, bot.id]), unknown_kind: [vendor.id] },
      },
    })
  }

  // 8. Attachments (first per id) and jobs (the requester's record).
  {
    const A = dev(a)
    const B = dev(b)
    const att = {
      attachment_id: 'att-1',
      cid: cidOf('photo'),
      media_type: 'image/jpeg',
      size: '123456',
      name: 'beach.jpg',
    }
    const first = build(A, { kind: 'attachment.add', lamport: 1n, payload: att })
    const second = build(B, {
      kind: 'attachment.add',
      lamport: 2n,
      parents: [first],
      payload: { ...att, name: 'renamed.jpg' },
    })
    const j1 = build(A, {
      kind: 'job.set',
      lamport: 3n,
      parents: [second],
      payload: {
        job_id: 'job-9',
        fields: { capability: 'compute.nodelet', status: 'running', executor_node_id: 'mini-01' },
      },
    })
    const j2 = build(A, {
      kind: 'job.set',
      lamport: 4n,
      parents: [j1],
      payload: { job_id: 'job-9', fields: { status: 'succeeded', progress_bps: 10000, result: { answer: 42 } } },
    })
    out.push({
      id: 'attachments-and-jobs',
      description:
        'attachment.add is immutable: the first op per attachment_id is the attachment; a job record is updated field by field',
      requirements: ['NP-MEM-041', 'NP-MEM-043', 'NP-AGENT-040', 'NP-MEM-057'],
      ops: [first, second, j1, j2],
      order: [3, 1, 2, 0],
      view: {
        ...emptyView(),
        attachments: { 'att-1': { op_id: first.id, ...att } },
        jobs: {
          'job-9': {
            capability: 'compute.nodelet',
            status: 'succeeded',
            executor_node_id: 'mini-01',
            progress_bps: 10000,
            result: { answer: 42 },
          },
        },
      },
    })
  }
  return out
}

function mergeVectors(a: DevKey, b: DevKey): Vector[] {
  return scenarios(a, b).map((s) => ({
    kind: 'merge' as const,
    id: `merge.${s.id}`,
    description: s.description,
    requirements: s.requirements,
    account,
    devices: [a, b].map((key) => ({ deviceId: key.deviceId, publicKeyHex: toHex(key.publicKey) })),
    secrets: s.secrets ?? [],
    ops: s.order.map((i) => ({ hex: toHex(s.ops[i]?.bytes ?? new Uint8Array()) })),
    readable: s.order.map((i) => s.ops[i]?.readable),
    expect: { view: s.view },
  }))
}

/** The payload and merge vector files (spec/vectors/codec/memory-payloads.json, memory-merge.json). */
export function buildMemoryVectorFiles(a: DevKey, b: DevKey): VectorFile[] {
  return [
    {
      name: 'memory-payloads.json',
      comment:
        'Payloads of every memory op kind (spec/MEMORY.md §2.1, spec/AGENT.md §2-§3): valid ones with the members a v1 reader keeps, and invalid ones (OP_INVALID: left out of materialised memory, never a rejected op).',
      vectors: payloadVectors(),
    },
    {
      name: 'memory-merge.json',
      comment:
        'Sets of signed ops (TEST-ONLY dev keys, see ../dev-key.json) and the canonical view (spec/MEMORY.md §6.4) every replica holding them builds, whatever the arrival order.',
      vectors: mergeVectors(a, b),
    },
  ]
}
