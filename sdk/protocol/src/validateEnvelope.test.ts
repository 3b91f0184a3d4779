import {
  BPS_DENOMINATOR,
  MEMORY_CATCHUP_MAX_OPS,
  TOKEN_MAX_BYTES,
  TOOL_MAX_TIMEOUT_S,
} from '@spaceos/generated/parameters'
import { describe, expect, it } from 'vitest'
import { deviceKey, manifest, nodeJoin, opInit, signedOp } from '../test/fixtures.ts'
import { createEnvelope, type EnvelopeBodyInit } from './createEnvelope.ts'
import { ProtocolError } from './errors.ts'
import { signMemoryOp } from './memoryOp.ts'
import { validateEnvelope } from './validateEnvelope.ts'

function failure(body: EnvelopeBodyInit, options: { id?: string; correlationId?: string } = {}) {
  try {
    validateEnvelope(createEnvelope(body, options))
  } catch (error) {
    if (error instanceof ProtocolError) return { code: error.code, field: error.details.field, details: error.details }
    throw error
  }
  return undefined
}

describe('validateEnvelope', () => {
  it('accepts valid frames of every kind', () => {
    const valid: EnvelopeBodyInit[] = [
      { case: 'heartbeat', value: { state: 1, load: { turns: 1 }, manifestUpdate: manifest } },
      { case: 'userTurn', value: { turnId: 't1', conversationId: 'c1', text: 'hi', attachments: ['cid'] } },
      { case: 'dispatchTurn', value: { turnId: 't1', originNodeId: 'phone-1', text: 'hi' } },
      { case: 'token', value: { turnId: 't1', index: 0, text: 'Hel' } },
      { case: 'turnComplete', value: { turnId: 't1', status: 1, opIds: [signedOp.opId] } },
      { case: 'presenceClaim', value: { state: 1, active: true } },
      { case: 'presenceSubscribe', value: { account: `0x${'c3'.repeat(20)}`, nodeIds: ['phone-1'] } },
      { case: 'presenceState', value: { nodes: [{ nodeId: 'phone-1', state: 1 }] } },
      {
        case: 'toolRequest',
        value: { callId: 'c1', tool: 'user.fetch', argumentsJson: '{"url":"x"}', timeoutMs: 1000 },
      },
      { case: 'toolResult', value: { callId: 'c1', ok: true, outputJson: '{"ok":1}' } },
      { case: 'toolResult', value: { callId: 'c1', ok: false, error: { code: 41, message: 'boom' } } },
      { case: 'jobStart', value: { jobId: 'j1', capability: 'compute.nodelet', inputJson: '{}' } },
      { case: 'jobProgress', value: { jobId: 'j1', progress: BPS_DENOMINATOR } },
      { case: 'jobNeedsInput', value: { jobId: 'j1', content: { case: 'question', value: 'Which?' } } },
      { case: 'jobComplete', value: { jobId: 'j1', status: 1, resultJson: '[1]' } },
      { case: 'memoryDelta', value: { ops: [signedOp.bytes] } },
      { case: 'memorySync', value: { cursor: 4n } },
      { case: 'memoryCatchup', value: { ops: [signedOp.bytes], nextCursor: 5n, done: true } },
      { case: 'wake', value: { nodeId: 'phone-1', reason: 1, wakeId: 'w1' } },
      { case: 'ping', value: { nonce: new Uint8Array(64) } },
      { case: 'pong', value: {} },
      { case: 'error', value: { code: 4, message: 'bad' } },
      {
        case: 'nodeJoin',
        value: { sessionId: 's1', resumeToken: 'r', heartbeatIntervalS: 30, capabilities: ['agent.turn'] },
      },
    ]
    for (const body of valid) expect(failure(body), body.case).toBeUndefined()
    expect(() => validateEnvelope(nodeJoin())).not.toThrow()
  })

  it('rejects a malformed envelope id or correlation id [NP-WIRE-020]', () => {
    expect(failure({ case: 'pong', value: {} }, { id: '' })).toMatchObject({ code: 'INVALID_FIELD', field: 'id' })
    expect(failure({ case: 'pong', value: {} }, { id: 'a'.repeat(65) })).toMatchObject({ field: 'id' })
    expect(failure({ case: 'pong', value: {} }, { id: 'has space' })).toMatchObject({ field: 'id' })
    expect(failure({ case: 'pong', value: {} }, { correlationId: 'x/y' })).toMatchObject({ field: 'correlation_id' })
  })

  it('checks node_join credentials and manifest [NP-JOIN-010] [NP-JOIN-020] [NP-JOIN-021]', () => {
    const join = nodeJoin().body.value as Record<string, unknown>
    const without = (patch: Record<string, unknown>) => failure({ case: 'nodeJoin', value: { ...join, ...patch } })
    expect(without({ manifest: undefined })).toMatchObject({ code: 'INVALID_FIELD', field: 'node_join.manifest' })
    expect(without({ jwt: '' })).toMatchObject({ field: 'node_join.jwt' })
    expect(without({ deviceId: deviceKey.deviceId.toUpperCase() })).toMatchObject({ field: 'node_join.device_id' })
    expect(without({ deviceProof: new Uint8Array(63) })).toMatchObject({ field: 'node_join.device_proof' })
    expect(without({ resumeAck: 3n })).toMatchObject({ field: 'node_join.resume_ack' })
    expect(without({ manifest: { ...manifest, nodeId: '' } })).toMatchObject({ field: 'node_join.manifest.node_id' })
    expect(without({ sessionId: 's1', resumeToken: 'r' })).toMatchObject({ field: 'node_join' })
    expect(failure({ case: 'nodeJoin', value: { sessionId: 's1' } })).toMatchObject({ field: 'node_join.resume_token' })
    expect(
      failure({ case: 'nodeJoin', value: { sessionId: 's1', resumeToken: 'r', capabilities: ['Bad Name'] } }),
    ).toMatchObject({ field: 'node_join.capabilities[0]' })
  })

  it('rejects a heartbeat whose state is offline or unspecified [NP-HB-005]', () => {
    expect(failure({ case: 'heartbeat', value: { state: 5 } })).toMatchObject({ field: 'heartbeat.state' })
    expect(failure({ case: 'heartbeat', value: {} })).toMatchObject({ field: 'heartbeat.state' })
    expect(
      failure({ case: 'heartbeat', value: { state: 1, manifestUpdate: { ...manifest, roles: [] } } }),
    ).toMatchObject({
      field: 'heartbeat.manifest_update.roles',
    })
  })

  it('checks turn ids and statuses', () => {
    expect(failure({ case: 'userTurn', value: { turnId: '' } })).toMatchObject({ field: 'user_turn.turn_id' })
    expect(failure({ case: 'userTurn', value: { turnId: 't', conversationId: 'no good' } })).toMatchObject({
      field: 'user_turn.conversation_id',
    })
    expect(failure({ case: 'userTurn', value: { turnId: 't', targetNodeId: 'bad node' } })).toMatchObject({
      field: 'user_turn.target_node_id',
    })
    expect(failure({ case: 'dispatchTurn', value: { turnId: 't' } })).toMatchObject({
      field: 'dispatch_turn.origin_node_id',
    })
    expect(failure({ case: 'turnComplete', value: { turnId: 't' } })).toMatchObject({ field: 'turn_complete.status' })
    expect(failure({ case: 'token', value: { turnId: '' } })).toMatchObject({ field: 'token.turn_id' })
  })

  it('rejects a token over TOKEN_MAX_BYTES with FRAME_TOO_LARGE [NP-TURN-005]', () => {
    // 'é' is two bytes of UTF-8: the limit counts bytes, not characters.
    const text = 'é'.repeat(TOKEN_MAX_BYTES / 2 + 1)
    expect(failure({ case: 'token', value: { turnId: 't', text } })).toMatchObject({
      code: 'FRAME_TOO_LARGE',
      details: { field: 'token.text', limit: String(TOKEN_MAX_BYTES) },
    })
    expect(failure({ case: 'token', value: { turnId: 't', text: 'é'.repeat(TOKEN_MAX_BYTES / 2) } })).toBeUndefined()
  })

  it('checks presence frames', () => {
    expect(failure({ case: 'presenceClaim', value: {} })).toMatchObject({ field: 'presence_claim.state' })
    expect(failure({ case: 'presenceSubscribe', value: { account: '0x12' } })).toMatchObject({
      field: 'presence_subscribe.account',
    })
    expect(failure({ case: 'presenceSubscribe', value: { nodeIds: [''] } })).toMatchObject({
      field: 'presence_subscribe.node_ids[0]',
    })
    expect(failure({ case: 'presenceState', value: { nodes: [{ nodeId: '' }] } })).toMatchObject({
      field: 'presence_state.nodes[0].node_id',
    })
  })

  it('checks tool requests: name, scope, JSON object arguments and timeout [NP-TOOL-002] [NP-TOOL-003]', () => {
    const request = { callId: 'c1', tool: 'user.fetch', argumentsJson: '{}' }
    expect(failure({ case: 'toolRequest', value: { ...request, callId: '' } })).toMatchObject({
      field: 'tool_request.call_id',
    })
    expect(failure({ case: 'toolRequest', value: { ...request, tool: 'User Fetch' } })).toMatchObject({
      field: 'tool_request.tool',
    })
    expect(failure({ case: 'toolRequest', value: { ...request, argumentsJson: '[1]' } })).toMatchObject({
      field: 'tool_request.arguments_json',
    })
    expect(failure({ case: 'toolRequest', value: { ...request, argumentsJson: '{' } })).toMatchObject({
      field: 'tool_request.arguments_json',
    })
    expect(
      failure({ case: 'toolRequest', value: { ...request, timeoutMs: TOOL_MAX_TIMEOUT_S * 1000 + 1 } }),
    ).toMatchObject({
      field: 'tool_request.timeout_ms',
    })
    expect(failure({ case: 'toolRequest', value: { ...request, scope: { kind: 4 } } })).toMatchObject({
      field: 'tool_request.scope.country',
    })
    expect(failure({ case: 'toolRequest', value: { ...request, targetNodeId: '#' } })).toMatchObject({
      field: 'tool_request.target_node_id',
    })
  })

  it('checks tool results', () => {
    expect(failure({ case: 'toolResult', value: { callId: 'c1', ok: false } })).toMatchObject({
      field: 'tool_result.error',
    })
    expect(failure({ case: 'toolResult', value: { callId: 'c1', ok: true, outputJson: '{' } })).toMatchObject({
      field: 'tool_result.output_json',
    })
    expect(failure({ case: 'toolResult', value: { ok: true } })).toMatchObject({ field: 'tool_result.call_id' })
  })

  it('checks jobs: ids, capability, progress in basis points, content and status [NP-JOB-003]', () => {
    expect(failure({ case: 'jobStart', value: { jobId: 'j', capability: '' } })).toMatchObject({
      field: 'job_start.capability',
    })
    expect(failure({ case: 'jobStart', value: { jobId: 'j', capability: 'a.b', inputJson: 'x' } })).toMatchObject({
      field: 'job_start.input_json',
    })
    expect(failure({ case: 'jobStart', value: { jobId: '', capability: 'a.b' } })).toMatchObject({
      field: 'job_start.job_id',
    })
    expect(failure({ case: 'jobProgress', value: { jobId: 'j', progress: BPS_DENOMINATOR + 1 } })).toMatchObject({
      field: 'job_progress.progress',
    })
    expect(failure({ case: 'jobNeedsInput', value: { jobId: 'j' } })).toMatchObject({
      field: 'job_needs_input.content',
    })
    expect(failure({ case: 'jobComplete', value: { jobId: 'j' } })).toMatchObject({ field: 'job_complete.status' })
    expect(failure({ case: 'jobComplete', value: { jobId: 'j', status: 1, resultJson: '{' } })).toMatchObject({
      field: 'job_complete.result_json',
    })
  })

  it('checks every op of memory_delta and names the failing index [NP-MEM-100]', () => {
    const local = signMemoryOp({ ...opInit, scope: 'local', seq: 0n }, deviceKey.privateKey)
    expect(failure({ case: 'memoryDelta', value: { ops: [signedOp.bytes, local.bytes] } })).toMatchObject({
      code: 'SCOPE_VIOLATION',
      details: { op_index: '1' },
    })
    expect(failure({ case: 'memoryDelta', value: { ops: [new Uint8Array([0xff])] } })).toMatchObject({
      code: 'OP_INVALID',
      details: { op_index: '0' },
    })
  })

  it('limits a memory_catchup page to MEMORY_CATCHUP_MAX_OPS', () => {
    const ops = Array.from({ length: MEMORY_CATCHUP_MAX_OPS + 1 }, () => signedOp.bytes)
    expect(failure({ case: 'memoryCatchup', value: { ops } })).toMatchObject({ code: 'FRAME_TOO_LARGE' })
  })

  it('checks wake, ping nonce size and error codes [NP-WIRE-043] [NP-ERR-001]', () => {
    expect(failure({ case: 'wake', value: { nodeId: '', reason: 1, wakeId: 'w' } })).toMatchObject({
      field: 'wake.node_id',
    })
    expect(failure({ case: 'wake', value: { nodeId: 'n', wakeId: 'w' } })).toMatchObject({ field: 'wake.reason' })
    expect(failure({ case: 'wake', value: { nodeId: 'n', reason: 2 } })).toMatchObject({ field: 'wake.wake_id' })
    expect(failure({ case: 'ping', value: { nonce: new Uint8Array(65) } })).toMatchObject({ field: 'ping.nonce' })
    expect(failure({ case: 'pong', value: { nonce: new Uint8Array(65) } })).toMatchObject({ field: 'pong.nonce' })
    expect(failure({ case: 'error', value: {} })).toMatchObject({ field: 'error.code' })
  })
})
