import { ErrorCode } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import { describe, expect, it } from 'vitest'
import { deviceKey } from '../test/fixtures.ts'
import { decodeEnvelope, encodeEnvelope } from './codec.ts'
import { createEnvelope, newFrameId } from './createEnvelope.ts'
import { deviceProofBytes, signDeviceProof, verifyDeviceProof } from './deviceProof.ts'
import { errorCodeName, InvalidFieldError, OpInvalidError, ProtocolError, ScopeViolationError } from './errors.ts'
import { deviceIdFromPublicKey, generateDeviceKey, publicKeyFromPrivateKey } from './keys.ts'
import { parseMemoryScope, subagentScope } from './memoryScope.ts'
import { isSubprotocol, subprotocols, supportedSubprotocols } from './subprotocols.ts'
import { fromWireError, toErrorEnvelope, toWireError } from './toErrorEnvelope.ts'

describe('errors on the wire', () => {
  it('builds an error envelope correlated to the frame it answers [NP-ERR-010]', () => {
    const error = new InvalidFieldError({ field: 'node_join.jwt', reason: 'must be set' })
    const envelope = toErrorEnvelope(error, 'frame-7')
    expect(envelope.correlationId).toBe('frame-7')
    expect(envelope.body).toMatchObject({
      case: 'error',
      value: {
        code: ErrorCode.INVALID_FIELD,
        message: 'node_join.jwt must be set.',
        details: { field: 'node_join.jwt' },
      },
    })
    const decoded = decodeEnvelope(encodeEnvelope(envelope, subprotocols.json), subprotocols.json)
    expect(decoded.body.case).toBe('error')
  })

  it('answers a frame too damaged to read with an empty correlation id [NP-ERR-011]', () => {
    expect(toErrorEnvelope(new ProtocolError('MALFORMED_FRAME')).correlationId).toBe('')
  })

  it('turns unknown failures into INTERNAL without leaking their message [NP-ERR-012]', () => {
    const wire = toWireError(new Error('db password is hunter2'))
    expect(wire.code).toBe(ErrorCode.INTERNAL)
    expect(wire.message).not.toContain('hunter2')
  })

  it('keeps retry hints', () => {
    const wire = toWireError(new ProtocolError('RATE_LIMITED', { retryable: true, retryAfterMs: 1500 }))
    expect(wire).toMatchObject({ code: ErrorCode.RATE_LIMITED, retryable: true, retryAfterMs: 1500 })
  })

  it('reads a received wire error back as a ProtocolError, unknown codes as INTERNAL [NP-ERR-002]', () => {
    const back = fromWireError(toWireError(new ScopeViolationError({ scope: 'local' })))
    expect(back).toMatchObject({ code: 'SCOPE_VIOLATION', details: { scope: 'local' } })
    const unknown = fromWireError(toWireError(new ProtocolError('INTERNAL')))
    expect(unknown.code).toBe('INTERNAL')
    const future = fromWireError({ ...toWireError(new ProtocolError('INTERNAL')), code: 59 as ErrorCode })
    expect(future).toMatchObject({ code: 'INTERNAL', details: { remote_code: '59' } })
    expect(errorCodeName(13)).toBe('BAD_SIGNATURE')
    expect(errorCodeName(0)).toBe('INTERNAL')
  })

  it('gives every error a code, a number, a docs path and a cause', () => {
    const cause = new Error('inner')
    const error = new ProtocolError('TIMEOUT', { cause, details: { limit: '30' } })
    expect(error).toMatchObject({ code: 'TIMEOUT', errorCode: ErrorCode.TIMEOUT, docsPath: 'spec/ERRORS.md' })
    expect(error.cause).toBe(cause)
    expect(error).toBeInstanceOf(Error)
  })
})

describe('envelopes, subprotocols and scopes', () => {
  it('creates envelopes with fresh ULID ids and the current time', () => {
    const before = BigInt(Date.now())
    const envelope = createEnvelope({ case: 'pong', value: {} }, { seq: 4n, ack: 2n })
    expect(envelope.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(envelope.tsMs).toBeGreaterThanOrEqual(before)
    expect(envelope).toMatchObject({ seq: 4n, ack: 2n, correlationId: '' })
    expect(newFrameId()).not.toBe(newFrameId())
  })

  it('names the two v1 subprotocols, binary first [NP-WIRE-004]', () => {
    expect(supportedSubprotocols).toEqual(['spaceos.v1.proto', 'spaceos.v1.json'])
    expect(isSubprotocol('spaceos.v1.json')).toBe(true)
    expect(isSubprotocol('spaceos.v2.json')).toBe(false)
  })

  it('parses the five memory scopes', () => {
    expect(parseMemoryScope('synced')).toEqual({ kind: 'synced' })
    expect(parseMemoryScope('subagent:job-1')).toEqual({ kind: 'subagent', jobId: 'job-1' })
    expect(subagentScope('job-9')).toBe('subagent:job-9')
    // [NP-SCOPE-001] anything else is a malformed op.
    expect(() => subagentScope('bad id')).toThrow(OpInvalidError)
    expect(() => parseMemoryScope('Synced')).toThrow(OpInvalidError)
  })
})

describe('device keys and the node_join proof', () => {
  it('derives the device id as the SHA-256 of the public key [NP-JOIN-021]', () => {
    expect(deviceKey.deviceId).toMatch(/^[0-9a-f]{64}$/)
    expect(deviceIdFromPublicKey(deviceKey.publicKey)).toBe(deviceKey.deviceId)
    expect(publicKeyFromPrivateKey(deviceKey.privateKey)).toEqual(deviceKey.publicKey)
  })

  it('signs and verifies the proof over the bytes of spec/WIRE.md §4 [NP-JOIN-008]', () => {
    const parameters = { challenge: new Uint8Array(32).fill(4), jwt: 'a.b.c', nodeId: 'phone-1' }
    const bytes = deviceProofBytes(parameters)
    expect(Buffer.from(bytes.subarray(0, 21)).toString('latin1')).toBe('SPACEOS-NODE-JOIN-V1\0')
    expect(bytes).toHaveLength(21 + 32 + 32 + 7)
    const proof = signDeviceProof(parameters, deviceKey.privateKey)
    expect(proof).toHaveLength(64)
    expect(verifyDeviceProof(parameters, proof, deviceKey.publicKey)).toBe(true)
    expect(verifyDeviceProof({ ...parameters, nodeId: 'phone-2' }, proof, deviceKey.publicKey)).toBe(false)
    expect(verifyDeviceProof(parameters, proof, generateDeviceKey().publicKey)).toBe(false)
    expect(verifyDeviceProof(parameters, proof.subarray(1), deviceKey.publicKey)).toBe(false)
  })

  it('rejects keys of the wrong length with INVALID_FIELD', () => {
    expect(() => signDeviceProof({ challenge: new Uint8Array(32), jwt: '', nodeId: 'n' }, new Uint8Array(31))).toThrow(
      InvalidFieldError,
    )
    expect(
      verifyDeviceProof({ challenge: new Uint8Array(32), jwt: '', nodeId: 'n' }, new Uint8Array(64), new Uint8Array(3)),
    ).toBe(false)
  })
})
