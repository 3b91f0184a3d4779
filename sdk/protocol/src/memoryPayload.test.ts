import { describe, expect, it } from 'vitest'
import { OpInvalidError } from './errors.ts'
import { isMemoryOpKind, validateOpPayload } from './memoryPayload.ts'

const utf8 = (text: string) => new TextEncoder().encode(text)
const check = (kind: string, payload: unknown, scope = 'synced') =>
  validateOpPayload(kind, utf8(typeof payload === 'string' ? payload : JSON.stringify(payload)), { scope })
const codeOf = (run: () => unknown) => {
  try {
    run()
    return 'OK'
  } catch (error) {
    return error instanceof OpInvalidError ? error.code : String(error)
  }
}

describe('validateOpPayload', () => {
  it('keeps only the members this version knows [NP-MEM-062]', () => {
    const payload = { fact_id: 'f1', fields: { text: 'Lisbon', confidence: 0.9 }, factId: 'ignored', extra: [1] }
    expect(check('fact.set', payload)).toEqual({ fact_id: 'f1', fields: { text: 'Lisbon' } })
  })

  it('reads payloads as I-JSON only [NP-MEM-060]', () => {
    expect(codeOf(() => check('fact.set', '{"fact_id":"a","fact_id":"b"}'))).toBe('OP_INVALID')
    expect(codeOf(() => check('fact.set', '{"fact_id":"a\\udc00"}'))).toBe('OP_INVALID')
    expect(codeOf(() => check('pref.set', '{"key":"x.a","value":-9007199254740993}'))).toBe('OP_INVALID')
    expect(codeOf(() => check('pref.set', '{"key":"x.a","value":9007199254740991}'))).toBe('OK')
    expect(codeOf(() => check('pref.set', '{"key":"x.a","value":1e400}'))).toBe('OP_INVALID')
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"fact_id":"a"}')])
    expect(codeOf(() => validateOpPayload('fact.set', bom))).toBe('OP_INVALID')
    expect(codeOf(() => validateOpPayload('fact.set', new Uint8Array([0x7b, 0xff, 0x7d])))).toBe('OP_INVALID')
    expect(codeOf(() => check('fact.set', '{"fact_id":"a"} trailing'))).toBe('OP_INVALID')
  })

  it('writes 64-bit integers as decimal strings, never numbers or null [NP-MEM-063]', () => {
    const attachment = { attachment_id: 'a', cid: `b${'a'.repeat(58)}`, media_type: 'text/plain', size: '12' }
    expect(codeOf(() => check('attachment.add', attachment))).toBe('OK')
    expect(codeOf(() => check('attachment.add', { ...attachment, size: 12 }))).toBe('OP_INVALID')
    expect(codeOf(() => check('attachment.add', { ...attachment, size: '012' }))).toBe('OP_INVALID')
    expect(codeOf(() => check('attachment.add', { ...attachment, name: null }))).toBe('OP_INVALID')
  })

  it('holds every record to its field rules and clear [NP-MEM-064]', () => {
    expect(codeOf(() => check('fact.set', { fact_id: 'f', clear: ['text', 'text'] }))).toBe('OP_INVALID')
    expect(codeOf(() => check('fact.set', { fact_id: 'f', clear: ['Not-a-field'] }))).toBe('OP_INVALID')
    expect(codeOf(() => check('fact.set', { fact_id: 'f', clear: ['future_field'] }))).toBe('OK')
    expect(codeOf(() => check('conversation.set', { conversation_id: 'c', fields: { title: 'x'.repeat(257) } }))).toBe(
      'OP_INVALID',
    )
    expect(codeOf(() => check('conversation.set', { conversation_id: 'c', fields: { title: '😀'.repeat(256) } }))).toBe(
      'OK',
    )
  })

  it('checks roles of turn.append entries [NP-MEM-065]', () => {
    const user = { conversation_id: 'c', turn_id: 't', entry_id: 't', role: 'user', text: 'hi' }
    expect(codeOf(() => check('turn.append', user))).toBe('OK')
    expect(codeOf(() => check('turn.append', { ...user, entry_id: 'u' }))).toBe('OP_INVALID')
    expect(codeOf(() => check('turn.append', { ...user, role: 'tool', entry_id: 'u', tool_call_id: 'k' }))).toBe('OK')
    expect(codeOf(() => check('turn.append', { ...user, model: 'm' }))).toBe('OP_INVALID')
    const choice = { job_id: 'j', question_id: 'q', type: 'choice', prompt: 'Which?' }
    expect(codeOf(() => check('turn.append', { ...user, role: 'assistant', entry_id: 'u', question: choice }))).toBe(
      'OP_INVALID',
    )
  })

  it('applies the preference registry, its scopes and the personality schema [NP-AGENT-001] [NP-AGENT-010]', () => {
    expect(codeOf(() => check('pref.set', { key: 'memory.default_scope', value: 'private' }))).toBe('OK')
    expect(codeOf(() => check('pref.set', { key: 'memory.default_scope', value: 'local' }))).toBe('OP_INVALID')
    expect(codeOf(() => check('pref.set', { key: 'tools.policy', value: { '*': 'ask' } }, 'local'))).toBe('OK')
    expect(codeOf(() => check('pref.set', { key: 'personality', value: { traits: { wit: 5 } } }))).toBe('OP_INVALID')
    expect(codeOf(() => check('pref.set', { key: 'personality', value: { soul: 'é'.repeat(1000) } }))).toBe('OK')
    expect(codeOf(() => check('pref.set', { key: 'personality', value: { v: 1 } }, 'subagent:j'))).toBe('OP_INVALID')
    expect(codeOf(() => check('pref.set', { key: 'personality' }))).toBe('OP_INVALID')
  })

  it('rejects kinds it does not know, which materialisation lists apart', () => {
    expect(isMemoryOpKind('x.acme.mood')).toBe(false)
    expect(codeOf(() => check('x.acme.mood', {}))).toBe('OP_INVALID')
  })
})
