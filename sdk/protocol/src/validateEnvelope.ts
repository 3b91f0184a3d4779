import {
  BPS_DENOMINATOR,
  ID_MAX_LENGTH,
  MEMORY_CATCHUP_MAX_OPS,
  PING_NONCE_MAX_BYTES,
  TOKEN_MAX_BYTES,
  TOOL_MAX_TIMEOUT_S,
} from '@spaceos/generated/parameters'
import { ErrorCode } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import { NodeState } from '@spaceos/generated/proto/spaceos/node/v1/manifest_pb'
import type { Envelope } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import { JobStatus } from '@spaceos/generated/proto/spaceos/wire/v1/job_pb'
import { WakeReason } from '@spaceos/generated/proto/spaceos/wire/v1/session_pb'
import { TurnStatus } from '@spaceos/generated/proto/spaceos/wire/v1/turn_pb'
import { FrameTooLargeError, InvalidFieldError, ProtocolError, UnknownMessageError } from './errors.ts'
import {
  capabilityNamePattern,
  deviceIdPattern,
  idPattern,
  nodeIdPattern,
  utf8Length,
  walletAddressPattern,
} from './formats.ts'
import { validateCapabilityScope, validateManifest } from './manifest.ts'
import { decodeMemoryOp } from './memoryOp.ts'

function requireId(value: string, field: string): void {
  if (!idPattern.test(value))
    throw new InvalidFieldError({ field, reason: `must be 1..${ID_MAX_LENGTH} characters of [A-Za-z0-9_-]` })
}

function optionalNodeId(value: string, field: string): void {
  if (value !== '' && !nodeIdPattern.test(value)) {
    throw new InvalidFieldError({ field, reason: 'is not a node id' })
  }
}

function requireJsonObject(value: string, field: string, optional: boolean): void {
  if (optional && value === '') return
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new InvalidFieldError({ field, reason: 'must be JSON' })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidFieldError({ field, reason: 'must be a JSON object' })
  }
}

function requireJson(value: string, field: string): void {
  if (value === '') return
  try {
    JSON.parse(value)
  } catch {
    throw new InvalidFieldError({ field, reason: 'must be JSON' })
  }
}

function validateOps(ops: readonly Uint8Array[], field: string): void {
  ops.forEach((op, index) => {
    try {
      decodeMemoryOp(op, { signed: true, inTransit: true })
    } catch (error) {
      // [NP-MEM-100] name the failing op's index.
      if (error instanceof ProtocolError) {
        Object.defineProperty(error, 'details', { value: Object.freeze({ ...error.details, op_index: String(index) }) })
        Object.defineProperty(error, 'message', { value: `${field}[${index}]: ${error.message}` })
      }
      throw error
    }
  })
}

/**
 * Checks every limit, format, enum and required rule ([NP-CODEC-009], [NP-MAN-020]) of spec/WIRE.md that can be checked on one frame without session
 * state: the Envelope id [NP-WIRE-020] and correlation id, a set body [NP-WIRE-025], and per message the rules of
 * WIRE.md §8 (token size [NP-TURN-005], heartbeat state [NP-HB-005], tool timeout and arguments [NP-TOOL-002]
 * [NP-TOOL-003], job progress [NP-JOB-003], ping nonce [NP-WIRE-043], node_join proof and device id [NP-JOIN-020]
 * [NP-JOIN-021], manifests [NP-JOIN-010], memory ops [NP-MEM-100]). Throws the typed error of the first rule broken.
 *
 * @example
 * import { validateEnvelope } from '@spaceos/protocol'
 * validateEnvelope(envelope)
 */
export function validateEnvelope(envelope: Envelope): void {
  const { body } = envelope
  if (body.case === undefined) throw new UnknownMessageError()
  requireId(envelope.id, 'id')
  if (envelope.correlationId !== '') requireId(envelope.correlationId, 'correlation_id')
  switch (body.case) {
    case 'nodeJoin': {
      const join = body.value
      const isReply = join.sessionId !== ''
      if (isReply) {
        if (join.manifest || join.jwt !== '' || join.deviceId !== '' || join.deviceProof.length > 0) {
          throw new InvalidFieldError({ field: 'node_join', reason: 'reply must not carry node credentials' })
        }
        requireId(join.sessionId, 'node_join.session_id')
        if (join.resumeToken === '')
          throw new InvalidFieldError({ field: 'node_join.resume_token', reason: 'must be set' })
        join.capabilities.forEach((name, index) => {
          if (!capabilityNamePattern.test(name)) {
            throw new InvalidFieldError({
              field: `node_join.capabilities[${index}]`,
              reason: 'is not a capability name',
            })
          }
        })
        break
      }
      if (!join.manifest) throw new InvalidFieldError({ field: 'node_join.manifest', reason: 'must be set' })
      validateManifest(join.manifest, 'node_join.manifest')
      if (join.jwt === '') throw new InvalidFieldError({ field: 'node_join.jwt', reason: 'must be set' })
      if (!deviceIdPattern.test(join.deviceId)) {
        throw new InvalidFieldError({ field: 'node_join.device_id', reason: 'must be 64 lowercase hex characters' })
      }
      if (join.deviceProof.length !== 64) {
        throw new InvalidFieldError({ field: 'node_join.device_proof', reason: 'must be a 64-byte Ed25519 signature' })
      }
      if (join.resumeToken === '' && join.resumeAck !== 0n) {
        throw new InvalidFieldError({ field: 'node_join.resume_ack', reason: 'must be 0 without a resume_token' })
      }
      break
    }
    case 'heartbeat': {
      const { state, manifestUpdate } = body.value
      if (state === NodeState.UNSPECIFIED || state === NodeState.OFFLINE) {
        throw new InvalidFieldError({ field: 'heartbeat.state', reason: 'must be a state other than offline' })
      }
      if (manifestUpdate) validateManifest(manifestUpdate, 'heartbeat.manifest_update')
      break
    }
    case 'userTurn':
    case 'dispatchTurn': {
      const name = body.case === 'userTurn' ? 'user_turn' : 'dispatch_turn'
      requireId(body.value.turnId, `${name}.turn_id`)
      if (body.value.conversationId !== '') requireId(body.value.conversationId, `${name}.conversation_id`)
      optionalNodeId(body.value.targetNodeId, `${name}.target_node_id`)
      if (body.case === 'dispatchTurn') {
        if (!nodeIdPattern.test(body.value.originNodeId)) {
          throw new InvalidFieldError({ field: 'dispatch_turn.origin_node_id', reason: 'must be a node id' })
        }
      }
      break
    }
    case 'token': {
      requireId(body.value.turnId, 'token.turn_id')
      const size = utf8Length(body.value.text)
      if (size > TOKEN_MAX_BYTES)
        throw new FrameTooLargeError({ field: 'token.text', limit: TOKEN_MAX_BYTES, actual: size })
      break
    }
    case 'turnComplete': {
      requireId(body.value.turnId, 'turn_complete.turn_id')
      if (body.value.status === TurnStatus.UNSPECIFIED) {
        throw new InvalidFieldError({ field: 'turn_complete.status', reason: 'must be set' })
      }
      break
    }
    case 'presenceClaim': {
      if (body.value.state === NodeState.UNSPECIFIED) {
        throw new InvalidFieldError({ field: 'presence_claim.state', reason: 'must be set' })
      }
      break
    }
    case 'presenceSubscribe': {
      if (body.value.account !== '' && !walletAddressPattern.test(body.value.account)) {
        throw new InvalidFieldError({ field: 'presence_subscribe.account', reason: 'must be 0x and 40 hex digits' })
      }
      body.value.nodeIds.forEach((id, index) => {
        if (!nodeIdPattern.test(id)) {
          throw new InvalidFieldError({ field: `presence_subscribe.node_ids[${index}]`, reason: 'is not a node id' })
        }
      })
      break
    }
    case 'presenceState':
      body.value.nodes.forEach((node, index) => {
        if (!nodeIdPattern.test(node.nodeId)) {
          throw new InvalidFieldError({ field: `presence_state.nodes[${index}].node_id`, reason: 'is not a node id' })
        }
      })
      break
    case 'toolRequest': {
      const request = body.value
      requireId(request.callId, 'tool_request.call_id')
      if (!capabilityNamePattern.test(request.tool)) {
        throw new InvalidFieldError({ field: 'tool_request.tool', reason: 'is not a capability name' })
      }
      if (request.scope) validateCapabilityScope(request.scope, 'tool_request.scope')
      requireJsonObject(request.argumentsJson, 'tool_request.arguments_json', false)
      if (request.timeoutMs > TOOL_MAX_TIMEOUT_S * 1000) {
        throw new InvalidFieldError({
          field: 'tool_request.timeout_ms',
          reason: `must be at most ${TOOL_MAX_TIMEOUT_S * 1000}`,
          details: { limit: String(TOOL_MAX_TIMEOUT_S * 1000) },
        })
      }
      optionalNodeId(request.targetNodeId, 'tool_request.target_node_id')
      break
    }
    case 'toolResult': {
      const result = body.value
      requireId(result.callId, 'tool_result.call_id')
      requireJson(result.outputJson, 'tool_result.output_json')
      if (!result.ok && !result.error)
        throw new InvalidFieldError({ field: 'tool_result.error', reason: 'must be set when ok is false' })
      break
    }
    case 'jobStart': {
      requireId(body.value.jobId, 'job_start.job_id')
      if (!capabilityNamePattern.test(body.value.capability)) {
        throw new InvalidFieldError({ field: 'job_start.capability', reason: 'is not a capability name' })
      }
      requireJson(body.value.inputJson, 'job_start.input_json')
      optionalNodeId(body.value.targetNodeId, 'job_start.target_node_id')
      break
    }
    case 'jobProgress': {
      requireId(body.value.jobId, 'job_progress.job_id')
      if (body.value.progress > BPS_DENOMINATOR) {
        throw new InvalidFieldError({
          field: 'job_progress.progress',
          reason: `must be 0..${BPS_DENOMINATOR} basis points`,
        })
      }
      break
    }
    case 'jobNeedsInput': {
      requireId(body.value.jobId, 'job_needs_input.job_id')
      if (body.value.content.case === undefined) {
        throw new InvalidFieldError({ field: 'job_needs_input.content', reason: 'must carry a question or an answer' })
      }
      break
    }
    case 'jobComplete': {
      requireId(body.value.jobId, 'job_complete.job_id')
      if (body.value.status === JobStatus.UNSPECIFIED) {
        throw new InvalidFieldError({ field: 'job_complete.status', reason: 'must be set' })
      }
      requireJson(body.value.resultJson, 'job_complete.result_json')
      break
    }
    case 'memoryDelta':
      validateOps(body.value.ops, 'memory_delta.ops')
      break
    case 'memorySync':
      break
    case 'memoryCatchup': {
      if (body.value.ops.length > MEMORY_CATCHUP_MAX_OPS) {
        throw new FrameTooLargeError({
          field: 'memory_catchup.ops',
          limit: MEMORY_CATCHUP_MAX_OPS,
          actual: body.value.ops.length,
        })
      }
      validateOps(body.value.ops, 'memory_catchup.ops')
      break
    }
    case 'wake': {
      if (!nodeIdPattern.test(body.value.nodeId))
        throw new InvalidFieldError({ field: 'wake.node_id', reason: 'must be a node id' })
      if (body.value.reason === WakeReason.UNSPECIFIED) {
        throw new InvalidFieldError({ field: 'wake.reason', reason: 'must be set' })
      }
      requireId(body.value.wakeId, 'wake.wake_id')
      break
    }
    case 'ping':
    case 'pong': {
      if (body.value.nonce.length > PING_NONCE_MAX_BYTES) {
        throw new InvalidFieldError({
          field: `${body.case}.nonce`,
          reason: `must be at most ${PING_NONCE_MAX_BYTES} bytes`,
          details: { limit: String(PING_NONCE_MAX_BYTES) },
        })
      }
      break
    }
    case 'error': {
      if (body.value.code === ErrorCode.UNSPECIFIED) {
        throw new InvalidFieldError({ field: 'error.code', reason: 'must not be UNSPECIFIED' })
      }
      break
    }
    default: {
      const exhaustive: never = body
      throw new UnknownMessageError({ cause: exhaustive })
    }
  }
}
