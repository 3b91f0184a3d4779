import { equals } from '@bufbuild/protobuf'
import { EnvelopeSchema } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { envelopeBodyFields, envelopeWithBody } from '../test/arbitraries.ts'
import { decodeEnvelope, encodeEnvelope } from './codec.ts'
import { createEnvelope } from './createEnvelope.ts'
import { ProtocolError } from './errors.ts'
import { generateDeviceKey } from './keys.ts'
import { signMemoryOp } from './memoryOp.ts'
import { subprotocols } from './subprotocols.ts'

const runs = Number(process.env.SPACEOS_FUZZ_RUNS ?? 40)
const raw = { validate: false } as const

/** Runs `decode` and fails the property unless it returns or throws a ProtocolError. */
function decodesOrThrowsTyped(decode: () => unknown): boolean {
  try {
    decode()
    return true
  } catch (error) {
    if (error instanceof ProtocolError) return true
    throw error
  }
}

describe('Envelope round trip, every body member (read from the descriptor) [NP-CODEC-001] [NP-CODEC-002]', () => {
  it('covers every member of Envelope.body', () => {
    // 21 messages of §3.6 plus error; a new member in proto/ is picked up automatically.
    expect(envelopeBodyFields.length).toBeGreaterThanOrEqual(22)
  })

  for (const field of envelopeBodyFields) {
    it(`round-trips ${field.name} through spaceos.v1.proto and spaceos.v1.json`, () => {
      fc.assert(
        fc.property(envelopeWithBody(field), (envelope) => {
          const binary = decodeEnvelope(encodeEnvelope(envelope, subprotocols.proto, raw), subprotocols.proto, raw)
          expect(equals(EnvelopeSchema, binary, envelope)).toBe(true)
          const json = decodeEnvelope(encodeEnvelope(envelope, subprotocols.json, raw), subprotocols.json, raw)
          expect(equals(EnvelopeSchema, json, envelope)).toBe(true)
          expect(json.body.case).toBe(field.localName)
        }),
        { numRuns: runs },
      )
    })
  }
})

const key = generateDeviceKey()
const op = signMemoryOp(
  {
    account: `0x${'a1'.repeat(20)}`,
    deviceId: key.deviceId,
    kind: 'fact.set',
    scope: 'synced',
    lamport: 3n,
    parents: [new Uint8Array(32).fill(7)],
    body: { case: 'payload', value: new TextEncoder().encode('{"fact_id":"city","fields":{"text":"Lisbon"}}') },
    seq: 1n,
  },
  key.privateKey,
)
const validFrames = [
  createEnvelope({ case: 'ping', value: { nonce: new Uint8Array(32).fill(1) } }),
  createEnvelope({ case: 'token', value: { turnId: 'turn-1', index: 4, text: 'Hello' } }, { seq: 9n, ack: 3n }),
  createEnvelope({ case: 'memoryDelta', value: { ops: [op.bytes] } }, { seq: 2n }),
  createEnvelope({ case: 'heartbeat', value: { state: 1, load: { turns: 1 } } }),
]

describe('bad input never escapes as anything but a ProtocolError [NP-CODEC-003] [NP-CODEC-014]', () => {
  it('random bytes under spaceos.v1.proto', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) =>
        decodesOrThrowsTyped(() => decodeEnvelope(bytes, subprotocols.proto)),
      ),
      { numRuns: runs * 25 },
    )
  })

  it('random strings and bytes under spaceos.v1.json', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.uint8Array({ maxLength: 128 })), (frame) =>
        decodesOrThrowsTyped(() => decodeEnvelope(frame, subprotocols.json)),
      ),
      { numRuns: runs * 25 },
    )
  })

  it('mutated valid binary frames (flipped, inserted, deleted and truncated bytes)', () => {
    const frames = validFrames.map((frame) => encodeEnvelope(frame, subprotocols.proto))
    const mutation = fc.record({
      frame: fc.constantFrom(...frames),
      edits: fc.array(fc.tuple(fc.constantFrom('flip', 'insert', 'delete', 'truncate'), fc.nat(), fc.nat(255)), {
        minLength: 1,
        maxLength: 4,
      }),
    })
    fc.assert(
      fc.property(mutation, ({ frame, edits }) => {
        const bytes = Array.from(frame)
        for (const [kind, at, value] of edits) {
          const index = bytes.length === 0 ? 0 : at % bytes.length
          if (kind === 'flip') bytes[index] = (bytes[index] ?? 0) ^ (value || 1)
          else if (kind === 'insert') bytes.splice(index, 0, value)
          else if (kind === 'delete') bytes.splice(index, 1)
          else bytes.length = index
        }
        return decodesOrThrowsTyped(() => decodeEnvelope(new Uint8Array(bytes), subprotocols.proto))
      }),
      { numRuns: runs * 25 },
    )
  })

  it('mutated valid JSON frames', () => {
    const frames = validFrames.map((frame) => encodeEnvelope(frame, subprotocols.json))
    const mutation = fc.record({
      frame: fc.constantFrom(...frames),
      edits: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 3, unit: 'binary' })), {
        minLength: 1,
        maxLength: 4,
      }),
    })
    fc.assert(
      fc.property(mutation, ({ frame, edits }) => {
        let text = frame
        for (const [at, length, insert] of edits) {
          const index = at % (text.length + 1)
          text = text.slice(0, index) + insert + text.slice(index + (length % 4))
        }
        return decodesOrThrowsTyped(() => decodeEnvelope(text, subprotocols.json))
      }),
      { numRuns: runs * 25 },
    )
  })

  it('arbitrary envelopes of every type, validated', () => {
    const anyEnvelope = fc.oneof(...envelopeBodyFields.map((field) => envelopeWithBody(field)))
    fc.assert(
      fc.property(anyEnvelope, fc.constantFrom(subprotocols.proto, subprotocols.json), (envelope, subprotocol) =>
        decodesOrThrowsTyped(() => decodeEnvelope(encodeEnvelope(envelope, subprotocol, raw), subprotocol)),
      ),
      { numRuns: runs * 10 },
    )
  })
})
