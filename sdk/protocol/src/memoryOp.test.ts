import { createHash, createPrivateKey, sign } from 'node:crypto'
import { create, toBinary } from '@bufbuild/protobuf'
import { MEMORY_OP_MAX_BYTES, MEMORY_OP_MAX_PARENTS } from '@spaceos/generated/parameters'
import { MemoryOpSchema } from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'
import { describe, expect, it } from 'vitest'
import { account, deviceKey, opInit, signedOp } from '../test/fixtures.ts'
import { BadSignatureError, FrameTooLargeError, OpInvalidError, ProtocolError, ScopeViolationError } from './errors.ts'
import { generateDeviceKey } from './keys.ts'
import {
  canonicalOpBytes,
  decodeMemoryOp,
  memoryOpId,
  signMemoryOp,
  validateMemoryOp,
  verifyMemoryOp,
} from './memoryOp.ts'
import { encryptPrivatePayload } from './privateScope.ts'

function codeOf(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof ProtocolError) return error.code
    throw error
  }
  return 'OK'
}

/** A length-delimited field: tag, varint length (< 128), bytes. */
function field(number: number, bytes: Uint8Array): Uint8Array {
  return new Uint8Array([(number << 3) | 2, bytes.length, ...bytes])
}

const privateCiphertext = encryptPrivatePayload(new Uint8Array([1, 2, 3]), {
  account,
  keyEpoch: 1,
  userSecret: new Uint8Array(32).fill(9),
})

describe('memory op signing and op ids', () => {
  it('signs the canonical bytes and appends the signature as field 15', () => {
    const unsigned = canonicalOpBytes(opInit)
    expect(signedOp.bytes.subarray(0, unsigned.length)).toEqual(unsigned)
    expect(signedOp.bytes[unsigned.length]).toBe(0x7a)
    expect(signedOp.bytes[unsigned.length + 1]).toBe(64)
    expect(signedOp.bytes).toEqual(toBinary(MemoryOpSchema, signedOp.op))
  })

  it('derives the op id as the SHA-256 of the signed bytes', () => {
    expect(signedOp.opId).toBe(createHash('sha256').update(signedOp.bytes).digest('hex'))
    expect(memoryOpId(signedOp.bytes)).toBe(signedOp.opId)
    expect(signedOp.opId).toMatch(/^[0-9a-f]{64}$/)
  })

  it('gives equal ops equal canonical bytes regardless of how they were built', () => {
    const fromInit = canonicalOpBytes(opInit)
    const fromMessage = canonicalOpBytes(create(MemoryOpSchema, { ...opInit, signature: new Uint8Array(64).fill(3) }))
    expect(fromMessage).toEqual(fromInit)
    expect(signMemoryOp(opInit, deviceKey.privateKey).bytes).toEqual(signedOp.bytes)
  })

  it('refuses to sign an invalid op unless validation is switched off', () => {
    expect(() => signMemoryOp({ ...opInit, kind: 'Bad Kind' }, deviceKey.privateKey)).toThrow(OpInvalidError)
    const forged = signMemoryOp({ ...opInit, kind: 'Bad Kind' }, deviceKey.privateKey, { validate: false })
    expect(codeOf(() => verifyMemoryOp(forged.bytes, deviceKey.publicKey))).toBe('OP_INVALID')
  })
})

describe('verifyMemoryOp', () => {
  it('verifies a signed op and returns the op and its id', () => {
    const verified = verifyMemoryOp(signedOp.bytes, deviceKey.publicKey)
    expect(verified.opId).toBe(signedOp.opId)
    expect(verified.op.kind).toBe('fact.set')
    expect(verifyMemoryOp(signedOp.op, deviceKey.publicKey).opId).toBe(signedOp.opId)
  })

  it('verifies over the carried bytes, not a re-encoding: an unknown field in the middle still verifies', () => {
    // A v1.1 author puts unknown field 12 between fields 2 and 3 and signs those bytes.
    const canonical = canonicalOpBytes(opInit)
    const first = field(1, new TextEncoder().encode(account))
    const second = field(2, new TextEncoder().encode(deviceKey.deviceId))
    const head = first.length + second.length
    const unknown = field(12, new Uint8Array([5, 5]))
    const unsigned = new Uint8Array([...canonical.subarray(0, head), ...unknown, ...canonical.subarray(head)])
    // Signed with node:crypto directly over exactly these bytes.
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), deviceKey.privateKey])
    const signature = sign(null, unsigned, createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }))
    const carried = new Uint8Array([...unsigned, 0x7a, 64, ...signature])
    const verified = verifyMemoryOp(carried, deviceKey.publicKey)
    expect(verified.opId).toBe(createHash('sha256').update(carried).digest('hex'))
    // A re-encoding would move the unknown field to the end and change the op id.
    expect(toBinary(MemoryOpSchema, verified.op)).not.toEqual(carried)
  })

  it('verifies when the signature field is not last', () => {
    const unsigned = canonicalOpBytes(opInit)
    const signatureField = signedOp.bytes.subarray(unsigned.length)
    const carried = new Uint8Array([...signatureField, ...unsigned])
    expect(verifyMemoryOp(carried, deviceKey.publicKey).opId).toBe(memoryOpId(carried))
  })

  it('rejects a tampered op or another device key with BAD_SIGNATURE', () => {
    const tampered = signedOp.bytes.slice()
    const index = tampered.indexOf(0x4c) // a byte inside the payload ('L' of Lisbon)
    tampered[index] = 0x6c
    expect(() => verifyMemoryOp(tampered, deviceKey.publicKey)).toThrow(BadSignatureError)
    expect(() => verifyMemoryOp(signedOp.bytes, generateDeviceKey().publicKey)).toThrow(BadSignatureError)
  })

  it('rejects unsigned, doubly signed and wrongly sized signatures with OP_INVALID', () => {
    const unsigned = canonicalOpBytes(opInit)
    expect(codeOf(() => verifyMemoryOp(unsigned, deviceKey.publicKey))).toBe('OP_INVALID')
    const twice = new Uint8Array([...signedOp.bytes, ...signedOp.bytes.subarray(unsigned.length)])
    expect(codeOf(() => verifyMemoryOp(twice, deviceKey.publicKey))).toBe('OP_INVALID')
    const short = new Uint8Array([...unsigned, 0x7a, 2, 1, 2])
    expect(codeOf(() => verifyMemoryOp(short, deviceKey.publicKey))).toBe('OP_INVALID')
    const wrongWireType = new Uint8Array([...unsigned, 0x78, 1])
    expect(codeOf(() => verifyMemoryOp(wrongWireType, deviceKey.publicKey))).toBe('OP_INVALID')
    expect(codeOf(() => verifyMemoryOp(signedOp.bytes.subarray(0, 20), deviceKey.publicKey))).toBe('OP_INVALID')
    expect(codeOf(() => verifyMemoryOp(new Uint8Array([0xff, 0xff]), deviceKey.publicKey))).toBe('OP_INVALID')
  })

  it('rejects an op over MEMORY_OP_MAX_BYTES with FRAME_TOO_LARGE', () => {
    const big = new Uint8Array(MEMORY_OP_MAX_BYTES + 1)
    expect(() => verifyMemoryOp(big, deviceKey.publicKey)).toThrow(FrameTooLargeError)
    expect(() => decodeMemoryOp(big)).toThrow(FrameTooLargeError)
  })

  it('reports key epoch 0 as KEY_EPOCH_UNKNOWN [NP-PRIV-021]', () => {
    const zero = { ...privateCiphertext, keyEpoch: 0 }
    const op = signMemoryOp(
      { ...opInit, scope: 'private', body: { case: 'ciphertext', value: zero } },
      deviceKey.privateKey,
      {
        validate: false,
      },
    )
    expect(codeOf(() => verifyMemoryOp(op.bytes, deviceKey.publicKey))).toBe('KEY_EPOCH_UNKNOWN')
  })

  it('checks the signature before the fields, in the order of spec/MEMORY.md §5 [NP-MEM-020]', () => {
    const badKind = signMemoryOp({ ...opInit, kind: 'Bad' }, deviceKey.privateKey, { validate: false })
    expect(codeOf(() => verifyMemoryOp(badKind.bytes, generateDeviceKey().publicKey))).toBe('BAD_SIGNATURE')
    expect(codeOf(() => verifyMemoryOp(badKind.bytes, deviceKey.publicKey))).toBe('OP_INVALID')
  })

  it('reports a wrongly scoped op as SCOPE_VIOLATION after checking its signature', () => {
    const local = signMemoryOp({ ...opInit, scope: 'local', seq: 0n }, deviceKey.privateKey)
    expect(verifyMemoryOp(local.bytes, deviceKey.publicKey).op.scope).toBe('local')
    expect(() => verifyMemoryOp(local.bytes, deviceKey.publicKey, { inTransit: true })).toThrow(ScopeViolationError)
    const forgedLocal = local.bytes.slice()
    forgedLocal[forgedLocal.length - 1] = (forgedLocal.at(-1) ?? 0) ^ 1
    expect(codeOf(() => verifyMemoryOp(forgedLocal, deviceKey.publicKey, { inTransit: true }))).toBe('BAD_SIGNATURE')
  })
})

describe('non-canonical signatures', () => {
  it('rejects a signature whose scalar S is not reduced, so an op has one id only [NP-MEM-018]', () => {
    const unsigned = canonicalOpBytes(opInit)
    const signature = signedOp.bytes.slice(unsigned.length + 2)
    // S + L: the same signature for a lax verifier, another op id.
    const order = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex')
    let carry = 0
    for (let index = 0; index < 32; index++) {
      const sum = (signature[32 + index] ?? 0) + (order[index] ?? 0) + carry
      signature[32 + index] = sum & 0xff
      carry = sum >> 8
    }
    const malleated = new Uint8Array([...unsigned, 0x7a, 64, ...signature])
    expect(codeOf(() => verifyMemoryOp(malleated, deviceKey.publicKey))).toBe('BAD_SIGNATURE')
  })
})

describe('validateMemoryOp', () => {
  const check = (patch: Record<string, unknown>, options = {}) =>
    codeOf(() => validateMemoryOp(create(MemoryOpSchema, { ...signedOp.op, ...patch } as never), options))

  it('accepts the fixture op and every scope with the right body', () => {
    expect(check({})).toBe('OK')
    expect(check({ scope: 'subagent:job-7', seq: 0n })).toBe('OK')
    expect(check({ scope: 'session', seq: 0n })).toBe('OK')
    expect(check({ scope: 'private', body: { case: 'ciphertext', value: privateCiphertext } })).toBe('OK')
  })

  it('rejects malformed fields with OP_INVALID', () => {
    expect(check({ account: account.toUpperCase().replace('0X', '0x') })).toBe('OP_INVALID')
    expect(check({ deviceId: 'abc' })).toBe('OP_INVALID')
    expect(check({ kind: 'Fact.Set' })).toBe('OP_INVALID')
    expect(check({ kind: 'fact..set' })).toBe('OP_INVALID')
    expect(check({ kind: 'x'.repeat(65) })).toBe('OP_INVALID')
    expect(check({ kind: 'retract' })).toBe('OK')
    expect(check({ lamport: 0n })).toBe('OP_INVALID')
    expect(check({ parents: [new Uint8Array(31)] })).toBe('OP_INVALID')
    expect(check({ parents: [new Uint8Array(32), new Uint8Array(32)] })).toBe('OP_INVALID')
    // [NP-MEM-024] strictly ascending byte order.
    expect(check({ parents: [new Uint8Array(32).fill(2), new Uint8Array(32).fill(1)] })).toBe('OP_INVALID')
    expect(check({ parents: [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)] })).toBe('OK')
    const many = Array.from({ length: MEMORY_OP_MAX_PARENTS + 1 }, (_, index) => new Uint8Array(32).fill(index))
    expect(check({ parents: many })).toBe('OP_INVALID')
    expect(check({ body: { case: undefined } })).toBe('OP_INVALID')
    // [NP-MEM-004] [NP-MEM-066] payload validity is materialisation's concern: acceptance does not parse it.
    expect(check({ body: { case: 'payload', value: new TextEncoder().encode('[1]') } })).toBe('OK')
    expect(check({ body: { case: 'payload', value: new Uint8Array([0x7b, 0xff, 0x7d]) } })).toBe('OK')
    // [NP-MEM-019] one body, and never an empty payload.
    expect(check({ body: { case: 'payload', value: new Uint8Array(0) } })).toBe('OP_INVALID')
    // [NP-MEM-028] clocks up to 2^53 - 1.
    expect(check({ lamport: 2n ** 53n - 1n })).toBe('OK')
    expect(check({ lamport: 2n ** 53n })).toBe('OP_INVALID')
    expect(check({ hlcMs: 2n ** 53n })).toBe('OP_INVALID')
    // [NP-SCOPE-001] an unknown scope is a malformed op.
    expect(check({ scope: 'everywhere' })).toBe('OP_INVALID')
    expect(check({ scope: 'subagent:' })).toBe('OP_INVALID')
    expect(check({ scope: 'subagent:bad id' })).toBe('OP_INVALID')
    expect(check({ signature: new Uint8Array(10) })).toBe('OP_INVALID')
    expect(check({ signature: new Uint8Array(0) }, { signed: false })).toBe('OK')
  })

  it('checks the device chain: seq and prev on synced and private ops only [NP-MEM-034]', () => {
    const prev = new Uint8Array(32).fill(9)
    expect(check({ seq: 0n })).toBe('OP_INVALID')
    expect(check({ seq: 1n, prev })).toBe('OP_INVALID')
    expect(check({ seq: 2n })).toBe('OP_INVALID')
    expect(check({ seq: 2n, prev: prev.subarray(0, 31) })).toBe('OP_INVALID')
    expect(check({ seq: 2n, prev })).toBe('OK')
    expect(check({ scope: 'local', seq: 1n })).toBe('OP_INVALID')
    expect(check({ scope: 'subagent:job-1', seq: 0n, prev })).toBe('OP_INVALID')
  })

  it('enforces scope rules with SCOPE_VIOLATION', () => {
    // [NP-SCOPE-008] a private op needs a well-formed ciphertext.
    const badNonce = { ...privateCiphertext, nonce: new Uint8Array(8) }
    expect(check({ scope: 'private', body: { case: 'ciphertext', value: badNonce } })).toBe('SCOPE_VIOLATION')
    const shortCiphertext = { ...privateCiphertext, ciphertext: new Uint8Array(15) }
    expect(check({ scope: 'private', body: { case: 'ciphertext', value: shortCiphertext } })).toBe('SCOPE_VIOLATION')
    // private ops carry ciphertext, never plaintext; other scopes never carry ciphertext.
    expect(check({ scope: 'private' })).toBe('SCOPE_VIOLATION')
    expect(check({ body: { case: 'ciphertext', value: privateCiphertext } })).toBe('SCOPE_VIOLATION')
    expect(check({ scope: 'local', seq: 0n }, { inTransit: true })).toBe('SCOPE_VIOLATION')
    expect(check({ scope: 'session', seq: 0n }, { inTransit: true })).toBe('SCOPE_VIOLATION')
    expect(check({ scope: 'subagent:job-1', seq: 0n }, { inTransit: true })).toBe('OK')
  })
})
