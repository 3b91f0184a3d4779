import { create, toBinary } from '@bufbuild/protobuf'
import { WS_MAX_FRAME_BYTES } from '@spaceos/generated/parameters'
import { EnvelopeSchema } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import { describe, expect, it } from 'vitest'
import { nodeJoin } from '../test/fixtures.ts'
import { decodeEnvelope, encodeEnvelope } from './codec.ts'
import { createEnvelope } from './createEnvelope.ts'
import {
  FrameTooLargeError,
  InvalidFieldError,
  MalformedFrameError,
  ProtocolError,
  UnknownFieldError,
  UnknownMessageError,
  UnsupportedVersionError,
} from './errors.ts'
import { subprotocols } from './subprotocols.ts'

const ping = createEnvelope({ case: 'ping', value: { nonce: new Uint8Array([1, 2, 3]) } }, { id: 'frame-1' })

function codeOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof ProtocolError) return error.code
    throw error
  }
  throw new Error('expected a ProtocolError')
}

describe('encodeEnvelope / decodeEnvelope', () => {
  it('encodes binary frames as bytes and JSON frames as canonical proto3 JSON text', () => {
    const envelope = createEnvelope(
      { case: 'ping', value: { nonce: new Uint8Array([1, 2, 3]) } },
      {
        id: 'frame-1',
        tsMs: 1_700_000_000_000n,
        seq: 0n,
      },
    )
    expect(encodeEnvelope(envelope, subprotocols.proto)).toBeInstanceOf(Uint8Array)
    // [NP-VER-008] lowerCamelCase, 64-bit integers as strings, bytes as padded base64.
    expect(encodeEnvelope(envelope, subprotocols.json)).toBe(
      '{"id":"frame-1","tsMs":"1700000000000","ping":{"nonce":"AQID"}}',
    )
  })

  it('decodes what it encoded in both subprotocols', () => {
    const join = nodeJoin()
    for (const subprotocol of [subprotocols.proto, subprotocols.json]) {
      const decoded = decodeEnvelope(encodeEnvelope(join, subprotocol), subprotocol)
      expect(decoded.body.case).toBe('nodeJoin')
      expect(decoded.id).toBe(join.id)
    }
  })

  it('accepts proto field names as well as JSON names under spaceos.v1.json [NP-VER-007]', () => {
    const decoded = decodeEnvelope(
      '{"id":"a","correlation_id":"b","ts_ms":"5","ping":{"nonce":"AQID"}}',
      subprotocols.json,
    )
    expect(decoded.correlationId).toBe('b')
    expect(decoded.tsMs).toBe(5n)
  })

  it('reads a Uint8Array under spaceos.v1.json as UTF-8 text', () => {
    const text = encodeEnvelope(ping, subprotocols.json)
    expect(decodeEnvelope(new TextEncoder().encode(text), subprotocols.json).id).toBe('frame-1')
  })

  it('keeps unknown fields of binary frames instead of rejecting them [NP-VER-002] [NP-CODEC-008]', () => {
    const bytes = encodeEnvelope(ping, subprotocols.proto)
    // Field 9 (unknown to v1), varint 1.
    const withUnknown = new Uint8Array([...bytes, 0x48, 0x01])
    const decoded = decodeEnvelope(withUnknown, subprotocols.proto)
    expect(decoded.body.case).toBe('ping')
    expect(encodeEnvelope(decoded, subprotocols.proto)).toEqual(withUnknown)
  })

  it('rejects an unknown subprotocol with UNSUPPORTED_VERSION [NP-VER-010]', () => {
    expect(() => decodeEnvelope(new Uint8Array(), 'spaceos.v2.proto')).toThrow(UnsupportedVersionError)
    expect(() => encodeEnvelope(ping, 'spaceos.v2.proto' as never)).toThrow(UnsupportedVersionError)
  })

  it('rejects a text frame under spaceos.v1.proto with MALFORMED_FRAME [NP-WIRE-012]', () => {
    expect(() => decodeEnvelope('{}', subprotocols.proto)).toThrow(MalformedFrameError)
  })

  it('rejects truncated binary frames with MALFORMED_FRAME [NP-WIRE-013] [NP-CODEC-004]', () => {
    const bytes = encodeEnvelope(nodeJoin(), subprotocols.proto)
    expect(codeOf(() => decodeEnvelope(bytes.subarray(0, bytes.length - 3), subprotocols.proto))).toBe(
      'MALFORMED_FRAME',
    )
  })

  it('rejects an invalid wire type with MALFORMED_FRAME', () => {
    // Field 1 with wire type 7 does not exist.
    expect(codeOf(() => decodeEnvelope(new Uint8Array([0x0f, 0x00]), subprotocols.proto))).toBe('MALFORMED_FRAME')
  })

  it('rejects invalid UTF-8 in a binary string field with MALFORMED_FRAME', () => {
    // Field 1 (id), length 2, bytes 0xc3 0x28 (invalid UTF-8).
    expect(codeOf(() => decodeEnvelope(new Uint8Array([0x0a, 0x02, 0xc3, 0x28]), subprotocols.proto))).toBe(
      'MALFORMED_FRAME',
    )
  })

  it('rejects invalid JSON, non-object JSON and invalid UTF-8 text with MALFORMED_FRAME', () => {
    expect(codeOf(() => decodeEnvelope('{"id":', subprotocols.json))).toBe('MALFORMED_FRAME')
    expect(codeOf(() => decodeEnvelope('[1,2]', subprotocols.json))).toBe('MALFORMED_FRAME')
    expect(codeOf(() => decodeEnvelope('null', subprotocols.json))).toBe('MALFORMED_FRAME')
    expect(codeOf(() => decodeEnvelope(new Uint8Array([0x7b, 0xff, 0x7d]), subprotocols.json))).toBe('MALFORMED_FRAME')
  })

  it('rejects frames over WS_MAX_FRAME_BYTES with FRAME_TOO_LARGE before parsing [NP-WIRE-014] [NP-CODEC-005]', () => {
    const big = new Uint8Array(WS_MAX_FRAME_BYTES + 1)
    const error = (() => {
      try {
        decodeEnvelope(big, subprotocols.proto)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(FrameTooLargeError)
    expect((error as FrameTooLargeError).details).toMatchObject({ limit: String(WS_MAX_FRAME_BYTES) })
    expect(() => decodeEnvelope(`"${'a'.repeat(WS_MAX_FRAME_BYTES)}"`, subprotocols.json)).toThrow(FrameTooLargeError)
    expect(() =>
      decodeEnvelope(new TextEncoder().encode(' '.repeat(11)), subprotocols.json, { maxFrameBytes: 10 }),
    ).toThrow(FrameTooLargeError)
  })

  it('refuses to encode a frame over the limit [NP-WIRE-016]', () => {
    const big = createEnvelope({ case: 'memorySync', value: { cursor: 1n } })
    expect(() => encodeEnvelope(big, subprotocols.proto, { maxFrameBytes: 5 })).toThrow(FrameTooLargeError)
    expect(() => encodeEnvelope(big, subprotocols.json, { maxFrameBytes: 5 })).toThrow(FrameTooLargeError)
  })

  it('rejects an envelope without a body with UNKNOWN_MESSAGE [NP-WIRE-025] [NP-CODEC-006]', () => {
    const empty = toBinary(EnvelopeSchema, create(EnvelopeSchema, { id: 'a' }))
    expect(() => decodeEnvelope(empty, subprotocols.proto)).toThrow(UnknownMessageError)
    expect(() => decodeEnvelope('{"id":"a"}', subprotocols.json)).toThrow(UnknownMessageError)
  })

  it('rejects a body member this version does not know with UNKNOWN_MESSAGE [NP-VER-005]', () => {
    // Field 99 (not a body member), length-delimited, empty: a future message type.
    const future = new Uint8Array([0x0a, 0x01, 0x61, 0x9a, 0x06, 0x00])
    expect(() => decodeEnvelope(future, subprotocols.proto)).toThrow(UnknownMessageError)
    expect(() => decodeEnvelope('{"id":"a","futureMessage":{}}', subprotocols.json)).toThrow(UnknownMessageError)
  })

  it('rejects JSON fields and enum names the schema does not define with UNKNOWN_FIELD [NP-VER-006] [NP-CODEC-007]', () => {
    expect(() => decodeEnvelope('{"id":"a","ping":{},"extra":1}', subprotocols.json)).toThrow(UnknownFieldError)
    expect(() => decodeEnvelope('{"id":"a","ping":{"extra":1}}', subprotocols.json)).toThrow(UnknownFieldError)
    expect(() => decodeEnvelope('{"id":"a","heartbeat":{"state":"NODE_STATE_DREAMING"}}', subprotocols.json)).toThrow(
      UnknownFieldError,
    )
  })

  it('rejects JSON values of the wrong type with INVALID_FIELD', () => {
    expect(() => decodeEnvelope('{"id":"a","ping":{"nonce":5}}', subprotocols.json)).toThrow(InvalidFieldError)
    expect(() => decodeEnvelope('{"id":7,"ping":{}}', subprotocols.json)).toThrow(InvalidFieldError)
  })

  it('skips validation only when asked', () => {
    const bad = createEnvelope({ case: 'ping', value: {} }, { id: 'not valid!' })
    expect(() => encodeEnvelope(bad, subprotocols.proto)).toThrow(InvalidFieldError)
    const bytes = encodeEnvelope(bad, subprotocols.proto, { validate: false })
    expect(() => decodeEnvelope(bytes, subprotocols.proto)).toThrow(InvalidFieldError)
    expect(decodeEnvelope(bytes, subprotocols.proto, { validate: false }).id).toBe('not valid!')
  })

  it('answers adversarial nesting with typed errors, without exhausting the stack [NP-CODEC-012] [NP-CODEC-014]', () => {
    const deepArray = '['.repeat(900_000)
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`
    const deepBody = `{"id":"a","ping":${'{"nonce":'.repeat(50_000)}""${'}'.repeat(50_001)}`
    // Field 9 start-group tags, nested 300 000 deep.
    const deepGroups = new Uint8Array(300_000).fill(0x4b)
    expect(codeOf(() => decodeEnvelope(deepArray, subprotocols.json))).toBe('MALFORMED_FRAME')
    expect(codeOf(() => decodeEnvelope(deepObject, subprotocols.json))).toBe('UNKNOWN_MESSAGE')
    expect(codeOf(() => decodeEnvelope(deepBody, subprotocols.json))).toBe('INVALID_FIELD')
    expect(codeOf(() => decodeEnvelope(deepGroups, subprotocols.proto))).toBe('MALFORMED_FRAME')
  })
})
