// The golden vectors of spec/vectors/codec/ (built independently of this package by conformance/scripts/
// make-vectors.ts) checked in both directions against @spaceos/protocol. Cases listed in
// conformance-known-failing.txt (this package's list for the conformance codec suite) are expected to fail here too (it.fails), so fixing one makes this
// test fail until the list is updated — the same stale rule as the conformance runner.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fromBinary, toBinary } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import {
  decodeEnvelope,
  decryptPrivatePayload,
  encodeEnvelope,
  MemoryOpSchema,
  ProtocolError,
  subprotocols,
  validateOpPayload,
  verifyDeviceProof,
  verifyMemoryOp,
} from '../src/index.ts'

const repoRoot = join(import.meta.dirname, '..', '..', '..')
const vectorsDir = join(repoRoot, 'spec', 'vectors', 'codec')

type BytesSpec =
  | { hex: string }
  | { text: string }
  | {
      parts: (
        | { hex: string }
        | { text: string }
        | { repeatHex: string; count: number }
        | { repeatText: string; count: number }
      )[]
    }
type Expect =
  | { protoHex: string; alternativeProtoHex?: string[]; json: string }
  | { protoSha256: string }
  | { opId: string }
  | { opId: string; plaintextHex: string }
  | { verifies: true }
  | { known: Record<string, unknown> }
  | { view: Record<string, unknown> }
  | { error: string }
type Vector = {
  id: string
  kind: 'decode' | 'memory_op' | 'private_op' | 'device_proof' | 'payload' | 'merge'
  description: string
  subprotocol?: string
  frame?: BytesSpec
  op?: BytesSpec
  publicKeyHex?: string
  secrets?: { keyEpoch: number; userSecretHex: string }[]
  challengeHex?: string
  jwt?: string
  nodeId?: string
  deviceProofHex?: string
  opKind?: string
  scope?: string
  payload?: BytesSpec
  expect: Expect
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'))
function bytesOf(spec: BytesSpec): Uint8Array {
  if ('hex' in spec) return fromHex(spec.hex)
  if ('text' in spec) return new TextEncoder().encode(spec.text)
  return new Uint8Array(
    Buffer.concat(
      spec.parts.map((part) => {
        if ('repeatHex' in part) return Buffer.from(part.repeatHex.repeat(part.count), 'hex')
        if ('repeatText' in part) return Buffer.from(part.repeatText.repeat(part.count), 'utf8')
        return 'hex' in part ? Buffer.from(part.hex, 'hex') : Buffer.from(part.text, 'utf8')
      }),
    ),
  )
}
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const vectors: Vector[] = readdirSync(vectorsDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) => (JSON.parse(readFileSync(join(vectorsDir, name), 'utf8')) as { vectors: Vector[] }).vectors)
const knownFailing = new Set(
  readFileSync(join(import.meta.dirname, '..', 'conformance-known-failing.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '')
    .map((caseId) => caseId.replace(/^codec\./, '')),
)
const unlimited = { validate: false, maxFrameBytes: Number.POSITIVE_INFINITY }

function expectProtocolError(run: () => unknown, code: string): void {
  let thrown: unknown
  try {
    run()
  } catch (error) {
    thrown = error
  }
  expect(thrown, 'expected a ProtocolError').toBeInstanceOf(ProtocolError)
  expect((thrown as ProtocolError).code).toBe(code)
}

describe('golden vectors: decode', () => {
  for (const vector of vectors.filter((v) => v.kind === 'decode')) {
    const test = knownFailing.has(vector.id) ? it.fails : it
    test(`${vector.id}: ${vector.description}`, () => {
      const frame = bytesOf(vector.frame!)
      const subprotocol = vector.subprotocol!
      const expected = vector.expect
      if ('error' in expected) return expectProtocolError(() => decodeEnvelope(frame, subprotocol), expected.error)
      const envelope = decodeEnvelope(frame, subprotocol)
      const proto = encodeEnvelope(envelope, subprotocols.proto, unlimited)
      if ('protoSha256' in expected) return expect(sha256(proto)).toBe(expected.protoSha256)
      if (!('protoHex' in expected)) throw new Error(`unexpected expectation in ${vector.id}`)
      expect([expected.protoHex, ...(expected.alternativeProtoHex ?? [])]).toContain(hex(proto))
      expect(JSON.parse(encodeEnvelope(envelope, subprotocols.json, unlimited))).toEqual(JSON.parse(expected.json))
    })
  }
})

describe('golden vectors: encode (readable twin → bytes)', () => {
  for (const vector of vectors) {
    const expected = vector.expect
    if (!('protoHex' in expected) || expected.alternativeProtoHex) continue
    it(`${vector.id}: canonical JSON encodes to the vector's canonical bytes and back`, () => {
      const envelope = decodeEnvelope(expected.json, subprotocols.json)
      expect(hex(encodeEnvelope(envelope, subprotocols.proto))).toBe(expected.protoHex)
      expect(JSON.parse(encodeEnvelope(envelope, subprotocols.json))).toEqual(JSON.parse(expected.json))
    })
  }
})

describe('golden vectors: memory ops', () => {
  for (const vector of vectors.filter((v) => v.kind === 'memory_op')) {
    const test = knownFailing.has(vector.id) ? it.fails : it
    test(`${vector.id}: ${vector.description}`, () => {
      const op = bytesOf(vector.op!)
      const publicKey = fromHex(vector.publicKeyHex!)
      const expected = vector.expect
      if ('error' in expected) return expectProtocolError(() => verifyMemoryOp(op, publicKey), expected.error)
      if (!('opId' in expected)) throw new Error(`unexpected expectation in ${vector.id}`)
      expect(verifyMemoryOp(op, publicKey).opId).toBe(expected.opId)
    })
  }

  it('verifies over the carried bytes: the unknown-field op verifies, its re-encoding does not', () => {
    const vector = vectors.find((v) => v.id === 'memory-op.unknown-field-in-middle')!
    const carried = bytesOf(vector.op!)
    const publicKey = fromHex(vector.publicKeyHex!)
    const reencoded = toBinary(MemoryOpSchema, fromBinary(MemoryOpSchema, carried))
    expect(hex(reencoded)).not.toBe(hex(carried)) // protobuf-es moves the unknown field 10 to the end
    expect(verifyMemoryOp(carried, publicKey).opId).toBe(sha256(carried))
    expectProtocolError(() => verifyMemoryOp(reencoded, publicKey), 'BAD_SIGNATURE')
  })

  it('keeps op bytes inside a memory_delta byte-for-byte, so receivers verify what the author signed', () => {
    const vector = vectors.find((v) => v.id === 'envelope.memory-delta.proto')!
    const envelope = decodeEnvelope(bytesOf(vector.frame!), subprotocols.proto)
    if (envelope.body.case !== 'memoryDelta') throw new Error('expected memory_delta')
    const signedOps = vectors.filter(
      (v) => v.id === 'memory-op.fact-set.synced' || v.id === 'memory-op.turn-append.synced',
    )
    expect(envelope.body.value.ops.map(hex)).toEqual(signedOps.map((v) => hex(bytesOf(v.op!))))
    for (const [index, op] of envelope.body.value.ops.entries()) {
      expect(verifyMemoryOp(op, fromHex(signedOps[index]!.publicKeyHex!)).opId).toBe(
        (signedOps[index]!.expect as { opId: string }).opId,
      )
    }
  })
})

describe('golden vectors: private-scope ops', () => {
  for (const vector of vectors.filter((v) => v.kind === 'private_op')) {
    const test = knownFailing.has(vector.id) ? it.fails : it
    test(`${vector.id}: ${vector.description}`, () => {
      const keyring = new Map((vector.secrets ?? []).map((s) => [s.keyEpoch, fromHex(s.userSecretHex)]))
      const open = () => {
        const { op, opId } = verifyMemoryOp(bytesOf(vector.op!), fromHex(vector.publicKeyHex!))
        if (op.body.case !== 'ciphertext') throw new Error('expected a ciphertext body')
        return { opId, plaintext: decryptPrivatePayload(op.body.value, { account: op.account, keyring }) }
      }
      const expected = vector.expect
      if ('error' in expected) return expectProtocolError(open, expected.error)
      if (!('plaintextHex' in expected)) throw new Error(`unexpected expectation in ${vector.id}`)
      const opened = open()
      expect(opened.opId).toBe(expected.opId)
      expect(hex(opened.plaintext)).toBe(expected.plaintextHex)
    })
  }
})

describe('golden vectors: node_join device proofs', () => {
  for (const vector of vectors.filter((v) => v.kind === 'device_proof')) {
    it(`${vector.id}: ${vector.description}`, () => {
      const verified = verifyDeviceProof(
        { challenge: fromHex(vector.challengeHex!), jwt: vector.jwt!, nodeId: vector.nodeId! },
        fromHex(vector.deviceProofHex!),
        fromHex(vector.publicKeyHex!),
      )
      expect(verified).toBe('verifies' in vector.expect)
    })
  }
})

// The merge vectors are checked through the codec harness (conformance/src/impl/protocolCodec.ts, which opens the ops
// and calls materializeMemory) by the codec suite; materializeMemory.test.ts covers the function itself.
describe('golden vectors: op payloads', () => {
  for (const vector of vectors.filter((v) => v.kind === 'payload')) {
    const test = knownFailing.has(vector.id) ? it.fails : it
    test(`${vector.id}: ${vector.description}`, () => {
      const check = () => validateOpPayload(vector.opKind!, bytesOf(vector.payload!), { scope: vector.scope! })
      const expected = vector.expect
      if ('error' in expected) return expectProtocolError(check, expected.error)
      if (!('known' in expected)) throw new Error(`unexpected expectation in ${vector.id}`)
      expect(check()).toEqual(expected.known)
    })
  }
})
