import { create, equals, fromBinary, toBinary } from '@bufbuild/protobuf'
import { MemoryOpSchema } from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { message } from '../test/arbitraries.ts'
import { opInit } from '../test/fixtures.ts'
import { readOp } from './memoryOpDecoding.ts'
import { encodeUnsignedOp } from './memoryOpEncoding.ts'

const runs = Number(process.env.SPACEOS_FUZZ_RUNS ?? 40)

describe('the deterministic op encoding [NP-MEM-013]', () => {
  it('is byte-for-byte the protobuf-es encoding of the op with its signature empty, for arbitrary ops', () => {
    fc.assert(
      fc.property(message(MemoryOpSchema), (op) => {
        expect(encodeUnsignedOp(op)).toEqual(toBinary(MemoryOpSchema, { ...op, signature: new Uint8Array(0) }))
      }),
      { numRuns: runs * 25 },
    )
  })

  it('writes large varints and lengths like protobuf-es', () => {
    const op = create(MemoryOpSchema, {
      ...opInit,
      lamport: 2n ** 64n - 1n,
      hlcMs: 2n ** 63n,
      body: {
        case: 'ciphertext',
        value: { keyEpoch: 2 ** 32 - 1, nonce: new Uint8Array(12), ciphertext: new Uint8Array(70_000).fill(9) },
      },
    })
    expect(encodeUnsignedOp(op)).toEqual(toBinary(MemoryOpSchema, op))
    const text = create(MemoryOpSchema, { ...opInit, kind: 'ünïcødé.kind', scope: '\u{1F600}'.repeat(50) })
    expect(encodeUnsignedOp(text)).toEqual(toBinary(MemoryOpSchema, text))
  })

  it('keeps unknown fields by falling back to protobuf-es', () => {
    const op = create(MemoryOpSchema, opInit)
    op.$unknown = [{ no: 12, wireType: 0, data: new Uint8Array([5]) }]
    const bytes = encodeUnsignedOp(op)
    expect(bytes).toEqual(toBinary(MemoryOpSchema, op))
    expect(bytes.at(-2)).toBe(12 << 3)
  })
})

describe('reading carried op bytes', () => {
  const signedOps = fc
    .record({ op: message(MemoryOpSchema), signature: fc.uint8Array({ minLength: 64, maxLength: 64 }) })
    .map(({ op, signature }) => toBinary(MemoryOpSchema, { ...op, signature }))

  it('decodes exactly like protobuf-es fromBinary and splits off field 15 at the wire level', () => {
    fc.assert(
      fc.property(signedOps, (bytes) => {
        const read = readOp(bytes)
        expect(equals(MemoryOpSchema, read.op, fromBinary(MemoryOpSchema, bytes))).toBe(true)
        expect(read.signatures).toHaveLength(1)
        expect(read.unsigned).toEqual(bytes.subarray(0, bytes.length - 66))
      }),
      { numRuns: runs * 25 },
    )
  })

  it('never disagrees with protobuf-es on mutated bytes: when it reads an op, fromBinary reads the same one', () => {
    // The wire-level walk is stricter than fromBinary about wire types, so it may reject bytes fromBinary accepts
    // (verification then answers OP_INVALID); it must never return a different op.
    const mutated = fc
      .tuple(signedOps, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }))
      .map(([bytes, edits]) => {
        const out = bytes.slice()
        for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value
        return out
      })
    fc.assert(
      fc.property(mutated, (bytes) => {
        let read: ReturnType<typeof readOp>
        try {
          read = readOp(bytes)
        } catch {
          return
        }
        const expected = fromBinary(MemoryOpSchema, bytes)
        expect(equals(MemoryOpSchema, read.op, expected)).toBe(true)
        expect(read.op.$unknown ?? []).toEqual(expected.$unknown ?? [])
      }),
      { numRuns: runs * 50 },
    )
  })
})
