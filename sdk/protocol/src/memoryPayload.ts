import { type AnyNode, parse as parseJsonAst } from '@humanwhocodes/momoa'
import {
  BPS_DENOMINATOR,
  CAPABILITY_NAME_MAX_LENGTH,
  JOB_RESULT_INLINE_MAX_BYTES,
  MEMORY_CLOCK_MAX,
  MEMORY_LIST_MAX_ITEMS,
  MEMORY_NAME_MAX_LENGTH,
  MEMORY_RETRACT_MAX_TARGETS,
  PERSONALITY_SOUL_MAX_CHARS,
  PERSONALITY_TRAIT_MAX,
} from '@spaceos/generated/parameters'
import { OpInvalidError } from './errors.ts'
import { capabilityNamePattern, idPattern, nodeIdPattern, utf8Length } from './formats.ts'
import { parseMemoryScope } from './memoryScope.ts'

/** A JSON value as parsed from a payload. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }
/** A payload object with only the members this version knows, as the merge reads them (spec/MEMORY.md §2.1). */
export type OpPayload = { [key: string]: JsonValue }

/** The op kinds of spec/MEMORY.md §2. */
export const memoryOpKinds = [
  'turn.append',
  'conversation.set',
  'fact.set',
  'attachment.add',
  'pref.set',
  'entity.set',
  'entity.note',
  'task.set',
  'job.set',
  'op.retract',
] as const
/** One of the op kinds this version knows. */
export type MemoryOpKind = (typeof memoryOpKinds)[number]

/** Options of validateOpPayload. */
export type ValidateOpPayloadOptions = {
  /** The op's scope: some members and `pref.set` keys are allowed only in some scopes. Default: `synced`. */
  scope?: string
}

/**
 * Validates the payload (or decrypted private plaintext) of a memory op of a known kind against spec/MEMORY.md §2.1
 * and spec/AGENT.md §2–§3, and returns it with only the members this version knows (unknown members are ignored,
 * [NP-MEM-062]). Throws OpInvalidError (with `details.field`) for an invalid payload: not I-JSON [NP-MEM-060], a
 * required member missing or of the wrong type or format [NP-MEM-061], a 64-bit integer written as a number or a
 * `null` member [NP-MEM-063], any other rule broken [NP-MEM-064]. An invalid payload never rejects the op: it is only
 * left out of materialised memory [NP-MEM-004].
 *
 * @example
 * import { validateOpPayload } from '@spaceos/protocol'
 * const fact = validateOpPayload('fact.set', new TextEncoder().encode('{"fact_id":"f1","fields":{"text":"Lives in Lisbon"}}'))
 * fact.fields // { text: 'Lives in Lisbon' }
 */
export function validateOpPayload(
  kind: string,
  payload: Uint8Array,
  options: ValidateOpPayloadOptions = {},
): OpPayload {
  const schema = kindSchemas[kind as MemoryOpKind]
  if (!schema) throw invalidPayload('kind', `"${kind}" is not a kind this version knows`)
  const value = parseIJson(payload)
  if (!isObject(value)) throw invalidPayload('payload', 'must be a JSON object')
  const scope = options.scope ?? 'synced'
  const known = readMessage(value, schema.fields, '')
  schema.check?.(known, scope)
  return known
}

/** True for the op kinds of spec/MEMORY.md §2. */
export function isMemoryOpKind(kind: string): kind is MemoryOpKind {
  return (memoryOpKinds as readonly string[]).includes(kind)
}

function invalidPayload(field: string, reason: string): OpInvalidError {
  return new OpInvalidError({
    reason: `payload ${field} ${reason}`,
    details: { field: field ? `payload.${field}` : 'payload' },
  })
}

// ---- I-JSON (RFC 7493) -----------------------------------------------------------------------------------------

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Parses UTF-8 I-JSON: no BOM, no duplicate names, no lone surrogates, integers within ±MEMORY_CLOCK_MAX [NP-MEM-060]. */
function parseIJson(bytes: Uint8Array): JsonValue {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) throw invalidPayload('', 'must not begin with a BOM')
  let text: string
  try {
    text = strictUtf8.decode(bytes)
  } catch {
    throw invalidPayload('', 'is not valid UTF-8')
  }
  let root: AnyNode
  try {
    root = parseJsonAst(text, { mode: 'json' }).body
  } catch (cause) {
    throw new OpInvalidError({ reason: 'the payload is not JSON', details: { field: 'payload' }, cause })
  }
  return toValue(root, '')
}

function toValue(node: AnyNode, path: string): JsonValue {
  switch (node.type) {
    case 'Object': {
      const out: { [key: string]: JsonValue } = {}
      for (const member of node.members) {
        const name = member.name.type === 'String' ? member.name.value : member.name.name
        if (loneSurrogate.test(name)) throw invalidPayload(path, 'holds a name with a lone surrogate')
        if (Object.hasOwn(out, name)) throw invalidPayload(join(path, name), 'appears twice (I-JSON forbids it)')
        out[name] = toValue(member.value, join(path, name))
      }
      return out
    }
    case 'Array':
      return node.elements.map((element, i) => toValue(element.value, `${path}[${i}]`))
    case 'String':
      if (loneSurrogate.test(node.value)) throw invalidPayload(path, 'holds a lone surrogate')
      return node.value
    case 'Number':
      if (!Number.isFinite(node.value)) throw invalidPayload(path, 'is a number beyond IEEE 754 double range')
      if (Number.isInteger(node.value) && Math.abs(node.value) > MEMORY_CLOCK_MAX) {
        throw invalidPayload(path, 'is an integer beyond ±MEMORY_CLOCK_MAX (2^53 - 1)')
      }
      return node.value
    case 'Boolean':
      return node.value
    case 'Null':
      return null
    default:
      throw invalidPayload(path, 'is not JSON')
  }
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name)
const isObject = (value: JsonValue | undefined): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// ---- member rules ------------------------------------------------------------------------------------------------

type Rule =
  | { type: 'id' | 'opid' | 'name' | 'short' | 'text' | 'node' | 'cid' | 'media' | 'decimal' | 'error' | 'nonce' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'bool' | 'uint64' | 'struct' | 'value' }
  | { type: 'uint32'; max?: number }
  | { type: 'message'; fields: Fields }
type Member = Rule & { required?: boolean; list?: number; nullable?: boolean }
type Fields = Readonly<Record<string, Member>>

const opIdPattern = /^[0-9a-f]{64}$/
const cidPattern = /^b[a-z2-7]{58}$/
const mediaTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i
const decimalPattern = /^(0|[1-9][0-9]*)$/
const errorNamePattern = /^[A-Z][A-Z_]*$/
const fieldNamePattern = new RegExp(`^(?=.{1,${CAPABILITY_NAME_MAX_LENGTH}}$)[a-z][a-z0-9_]*$`)
const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/
const codePoints = (text: string) => {
  let count = 0
  for (const _ of text) count++
  return count
}

function readMessage(object: { [key: string]: JsonValue }, fields: Fields, path: string): OpPayload {
  const out: OpPayload = {}
  for (const [name, member] of Object.entries(fields)) {
    const at = join(path, name)
    const value = object[name]
    if (value === undefined) {
      if (member.required) throw invalidPayload(at, 'is required')
      continue
    }
    if (value === null && !member.nullable) throw invalidPayload(at, 'must not be null')
    if (member.list !== undefined) {
      if (!Array.isArray(value)) throw invalidPayload(at, 'must be an array')
      if (value.length > member.list) throw invalidPayload(at, `must hold at most ${member.list} items`)
      if (member.required && value.length === 0) throw invalidPayload(at, 'must not be empty')
      out[name] = value.map((item, i) => readRule(item, member, `${at}[${i}]`))
      continue
    }
    const read = readRule(value, member, at)
    if (
      member.required &&
      (read === '' || (isObject(read) && Object.keys(read).length === 0 && member.type !== 'struct'))
    ) {
      throw invalidPayload(at, 'is required')
    }
    out[name] = read
  }
  return out
}

function readRule(value: JsonValue, rule: Member, at: string): JsonValue {
  const string = (check: (text: string) => boolean, what: string): string => {
    if (typeof value !== 'string') throw invalidPayload(at, 'must be a string')
    if (!check(value)) throw invalidPayload(at, `must be ${what}`)
    return value
  }
  switch (rule.type) {
    case 'id':
      return string((t) => idPattern.test(t), 'an id (1..ID_MAX_LENGTH of [A-Za-z0-9_-])')
    case 'opid':
      return string((t) => opIdPattern.test(t), 'an op id (64 lowercase hex characters)')
    case 'name':
      return string((t) => capabilityNamePattern.test(t), 'a dotted lowercase name')
    case 'short':
      return string((t) => codePoints(t) <= MEMORY_NAME_MAX_LENGTH, 'at most MEMORY_NAME_MAX_LENGTH code points')
    case 'text':
      return string(() => true, 'a string')
    case 'node':
      return string((t) => nodeIdPattern.test(t), 'a node id')
    case 'cid':
      return string((t) => cidPattern.test(t), 'a CIDv1 in base32 ("b" and 58 characters)')
    case 'media':
      return string((t) => mediaTypePattern.test(t), 'a media type type/subtype')
    case 'decimal':
      return string((t) => decimalPattern.test(t), 'a decimal string without leading zeros')
    case 'error':
      return string((t) => errorNamePattern.test(t), 'an error name of spec/ERRORS.md')
    case 'nonce':
      return string((t) => base64Pattern.test(t) && t.length === 16, '12 bytes in standard base64')
    case 'enum':
      return string((t) => rule.values.includes(t), `one of ${rule.values.join(', ')}`)
    case 'bool':
      if (typeof value !== 'boolean') throw invalidPayload(at, 'must be true or false')
      return value
    case 'uint32':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > (rule.max ?? 0xffff_ffff)) {
        throw invalidPayload(at, `must be an integer from 0 to ${rule.max ?? 0xffff_ffff}`)
      }
      return value
    case 'uint64':
      // [NP-MEM-063] as proto3 JSON writes 64-bit integers: a decimal string, never a number
      return string((t) => decimalPattern.test(t) && Number(t) <= MEMORY_CLOCK_MAX, 'a decimal string up to 2^53 - 1')
    case 'struct':
      if (!isObject(value)) throw invalidPayload(at, 'must be a JSON object')
      return value
    case 'value':
      return value
    case 'message':
      if (!isObject(value)) throw invalidPayload(at, 'must be a JSON object')
      return readMessage(value, rule.fields, at)
  }
}

// ---- the kinds ---------------------------------------------------------------------------------------------------

const id = { type: 'id' } as const
const required = <M extends Member>(member: M): M => ({ ...member, required: true })
const enumOf = (...values: string[]) => ({ type: 'enum', values }) as const
const bool = { type: 'bool' } as const
const short = { type: 'short' } as const
const text = { type: 'text' } as const
const uint64 = { type: 'uint64' } as const
const clear = { type: 'text', list: MEMORY_LIST_MAX_ITEMS } as const

type KindSchema = { fields: Fields; check?: (payload: OpPayload, scope: string) => void }

/** Rules shared by the record kinds: `clear` names are field names, none also set in `fields` [NP-MEM-064]. */
function recordCheck(payload: OpPayload): void {
  const names = (payload.clear as string[] | undefined) ?? []
  const fields = (payload.fields as OpPayload | undefined) ?? {}
  if (new Set(names).size !== names.length) throw invalidPayload('clear', 'must not repeat a name')
  for (const name of names) {
    if (!fieldNamePattern.test(name)) throw invalidPayload('clear', `"${name}" is not a field name`)
  }
  const fieldsSet = isObject(fields) ? fields : {}
  for (const name of names) if (name in fieldsSet) throw invalidPayload('clear', `"${name}" is also set in fields`)
}
function recordKind(idName: string, fields: Fields, check?: (payload: OpPayload, scope: string) => void): KindSchema {
  return {
    fields: { [idName]: required(id), fields: { type: 'message', fields }, clear },
    check(payload, scope) {
      recordCheck(payload)
      check?.(payload, scope)
    },
  }
}
/** `job.set` and `pref.set` are not for `session` or `subagent:` scopes [NP-SCOPE-012]. */
function persistentScopesOnly(kind: string, scope: string): void {
  const parsed = parseMemoryScope(scope)
  if (parsed.kind === 'session' || parsed.kind === 'subagent') {
    throw invalidPayload('', `of ${kind} is not allowed in scope ${scope}`)
  }
}

const traitNames = [
  'warmth',
  'verbosity',
  'humor',
  'assertiveness',
  'creativity',
  'formality',
  'proactivity',
  'emotional_iq',
] as const
const presetIds = ['balanced', 'companion', 'professional', 'coach', 'creative', 'concise'] as const

/** The value schemas of the known `pref.set` keys, with the scopes each allows (spec/AGENT.md §2) [NP-AGENT-001]. */
const prefKeys: Record<string, { scopes: readonly string[]; check: (value: JsonValue) => string | undefined }> = {
  personality: { scopes: ['synced', 'private'], check: checkPersonality },
  'voice.source': { scopes: ['synced', 'private', 'local'], check: oneOf('device', 'hub', 'off') },
  'memory.default_scope': { scopes: ['synced', 'private'], check: oneOf('synced', 'private') },
  'awareness.autoclean': {
    scopes: ['synced', 'private', 'local'],
    check: (value) => {
      if (!isObject(value)) return 'must be an object'
      if (value.enabled !== undefined && typeof value.enabled !== 'boolean') return 'enabled must be true or false'
      const days = value.max_age_days
      if (days !== undefined && !(typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= 36500)) {
        return 'max_age_days must be an integer from 0 to 36500'
      }
      return undefined
    },
  },
  'agent.model': {
    scopes: ['synced', 'private', 'local'],
    check: (value) =>
      typeof value === 'string' && value !== '' && codePoints(value) <= MEMORY_NAME_MAX_LENGTH
        ? undefined
        : 'must be a model name (short text)',
  },
  'tools.policy': {
    scopes: ['local'],
    check: (value) => {
      if (!isObject(value)) return 'must be an object'
      for (const [tool, policy] of Object.entries(value)) {
        if (tool !== '*' && !capabilityNamePattern.test(tool)) return `"${tool}" is not a tool name`
        if (policy !== 'allow' && policy !== 'ask' && policy !== 'deny')
          return `policy of ${tool} must be allow, ask or deny`
      }
      return undefined
    },
  },
}
function oneOf(...values: string[]) {
  return (value: JsonValue) =>
    typeof value === 'string' && values.includes(value) ? undefined : `must be one of ${values.join(', ')}`
}
/** The personality object of spec/AGENT.md §2.1 [NP-AGENT-010]. */
function checkPersonality(value: JsonValue): string | undefined {
  if (!isObject(value)) return 'must be an object'
  if (value.v !== undefined && value.v !== 1) return 'v must be 1'
  if (value.traits !== undefined) {
    if (!isObject(value.traits)) return 'traits must be an object'
    for (const [trait, level] of Object.entries(value.traits)) {
      if (!(traitNames as readonly string[]).includes(trait)) return `traits.${trait} is not one of the eight traits`
      if (!(typeof level === 'number' && Number.isInteger(level) && level >= 0 && level <= PERSONALITY_TRAIT_MAX)) {
        return `traits.${trait} must be an integer from 0 to ${PERSONALITY_TRAIT_MAX}`
      }
    }
  }
  if (value.soul !== undefined) {
    if (typeof value.soul !== 'string') return 'soul must be a string'
    if (codePoints(value.soul) > PERSONALITY_SOUL_MAX_CHARS)
      return `soul must be at most ${PERSONALITY_SOUL_MAX_CHARS} code points`
  }
  if (
    value.voice !== undefined &&
    !(typeof value.voice === 'string' && codePoints(value.voice) <= MEMORY_NAME_MAX_LENGTH)
  ) {
    return 'voice must be a short text'
  }
  if (
    value.preset !== undefined &&
    value.preset !== null &&
    !(presetIds as readonly string[]).includes(value.preset as string)
  ) {
    return `preset must be one of ${presetIds.join(', ')} or null`
  }
  return undefined
}

const kindSchemas: Record<MemoryOpKind, KindSchema> = {
  'turn.append': {
    fields: {
      conversation_id: required(id),
      turn_id: required(id),
      entry_id: required(id),
      role: required(enumOf('user', 'assistant', 'tool', 'system')),
      text,
      status: enumOf('complete', 'partial', 'cancelled'),
      attachments: { ...id, list: MEMORY_LIST_MAX_ITEMS },
      tool_calls: {
        type: 'message',
        list: MEMORY_LIST_MAX_ITEMS,
        fields: { call_id: required(id), tool: required({ type: 'name' }), arguments_json: required(text) },
      },
      tool_call_id: id,
      tool_ok: bool,
      model: short,
      node_id: { type: 'node' },
      question: {
        type: 'message',
        fields: {
          job_id: required(id),
          question_id: required(id),
          type: required(enumOf('consent', 'choice', 'text')),
          prompt: required(text),
          options: { ...short, list: MEMORY_LIST_MAX_ITEMS },
          expires_ms: uint64,
        },
      },
    },
    check(payload) {
      const role = payload.role
      // [NP-MEM-065] the user entry is keyed by its turn
      if (role === 'user' && payload.entry_id !== payload.turn_id) {
        throw invalidPayload('entry_id', 'of a user entry must equal its turn_id')
      }
      if (role === 'tool' && payload.tool_call_id === undefined)
        throw invalidPayload('tool_call_id', 'is required for role tool')
      if (role !== 'tool' && (payload.tool_call_id !== undefined || payload.tool_ok !== undefined)) {
        throw invalidPayload('tool_call_id', 'and tool_ok are only for role tool')
      }
      if (role !== 'assistant') {
        for (const name of ['tool_calls', 'model', 'question']) {
          if (payload[name] !== undefined) throw invalidPayload(name, 'is only for role assistant')
        }
      }
      const question = payload.question as OpPayload | undefined
      if (question?.type === 'choice' && !((question.options as string[] | undefined)?.length ?? 0)) {
        throw invalidPayload('question.options', 'are required for a choice')
      }
    },
  },
  'conversation.set': recordKind('conversation_id', { title: short, archived: bool, pinned: bool, deleted: bool }),
  'fact.set': recordKind('fact_id', {
    text,
    pinned: bool,
    source_op: { type: 'opid' },
    superseded_by: id,
    entity_id: id,
    deleted: bool,
  }),
  'attachment.add': {
    fields: {
      attachment_id: required(id),
      cid: required({ type: 'cid' }),
      media_type: required({ type: 'media' }),
      size: required(uint64),
      name: short,
      conversation_id: id,
      entity_id: id,
      encryption: {
        type: 'message',
        fields: { key_epoch: required({ type: 'uint32' }), nonce: required({ type: 'nonce' }) },
      },
    },
    check(payload, scope) {
      if (payload.encryption !== undefined && scope !== 'private') {
        throw invalidPayload('encryption', 'is allowed only in a private op')
      }
      if (isObject(payload.encryption) && payload.encryption.key_epoch === 0) {
        throw invalidPayload('encryption.key_epoch', 'must be at least 1')
      }
    },
  },
  'pref.set': {
    fields: { key: required({ type: 'name' }), value: { type: 'value', nullable: true } },
    check(payload, scope) {
      persistentScopesOnly('pref.set', scope)
      if (!('value' in payload)) throw invalidPayload('value', 'is required (null unsets the key)')
      const known = prefKeys[payload.key as string]
      if (!known || payload.value === null) return
      if (!known.scopes.includes(scope)) throw invalidPayload('key', `${payload.key} is not allowed in scope ${scope}`)
      const problem = known.check(payload.value as JsonValue)
      if (problem) throw invalidPayload('value', `of ${payload.key}: ${problem}`)
    },
  },
  'entity.set': recordKind('entity_id', {
    type: enumOf('person', 'project', 'place', 'topic', 'thing'),
    name: short,
    summary: text,
    frontmatter: { type: 'struct' },
    status: enumOf('proposed', 'accepted', 'rejected'),
    deleted: bool,
  }),
  'entity.note': {
    fields: { entity_id: required(id), note_id: required(id), text: required(text), observed_ms: uint64 },
  },
  'task.set': recordKind(
    'task_id',
    {
      title: short,
      status: enumOf('active', 'paused', 'done', 'cancelled'),
      pause_reason: enumOf('user', 'overrun', 'error'),
      schedule: text,
      action: { type: 'message', fields: { prompt: text, capability: { type: 'name' }, input_json: text } },
      cost_per_run_wei: { type: 'decimal' },
      budget_annual_wei: { type: 'decimal' },
      projected_annual_wei: { type: 'decimal' },
      runner_node_id: { type: 'node' },
      last_run_ms: uint64,
      deleted: bool,
    },
    (payload) => {
      const action = (payload.fields as OpPayload | undefined)?.action as OpPayload | undefined
      if (action !== undefined && (action.prompt === undefined) === (action.capability === undefined)) {
        throw invalidPayload('fields.action', 'must hold either prompt or capability')
      }
    },
  ),
  'job.set': recordKind(
    'job_id',
    {
      capability: { type: 'name' },
      status: enumOf('running', 'needs_input', 'succeeded', 'failed', 'cancelled'),
      progress_bps: { type: 'uint32', max: BPS_DENOMINATOR },
      error_code: { type: 'error' },
      result: { type: 'value' },
      result_cid: { type: 'cid' },
      executor_node_id: { type: 'node' },
      deadline_ms: uint64,
      deleted: bool,
    },
    (payload, scope) => {
      persistentScopesOnly('job.set', scope)
      const result = (payload.fields as OpPayload | undefined)?.result
      if (result !== undefined && utf8Length(JSON.stringify(result)) > JOB_RESULT_INLINE_MAX_BYTES) {
        throw invalidPayload('fields.result', 'is longer than JOB_RESULT_INLINE_MAX_BYTES')
      }
    },
  ),
  'op.retract': {
    fields: { targets: { type: 'opid', list: MEMORY_RETRACT_MAX_TARGETS, required: true } },
    check(payload) {
      const targets = payload.targets as string[]
      if (new Set(targets).size !== targets.length) throw invalidPayload('targets', 'must be distinct')
    },
  },
}
