import { fromBinary } from '@bufbuild/protobuf'
import {
  type MemoryOp,
  MemoryOpSchema,
  type PrivateCiphertext,
  PrivateCiphertextSchema,
} from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'

/** The result of reading carried op bytes: the decoded op, the bytes the signature covers, and every field-15 record. */
export type ReadOp = {
  op: MemoryOp
  /** The carried bytes without any field-15 record, in their carried order [NP-MEM-012]. */
  unsigned: Uint8Array
  /** The values of every field-15 record (a valid op has exactly one). */
  signatures: Uint8Array[]
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const empty = new Uint8Array(0)

/**
 * Reads signed op bytes in one pass. The common case — only the fields of MemoryOp v1, each once, in any order — is
 * decoded directly; anything else (unknown fields, repeated singular message fields, malformed input) is decoded by
 * protobuf-es `fromBinary`, so the result always equals `fromBinary(MemoryOpSchema, bytes)` (a property test checks it)
 * and unknown fields stay in `$unknown`. Throws what `fromBinary` or the wire reader throws for malformed bytes.
 */
export function readOp(bytes: Uint8Array): ReadOp {
  return readFast(bytes) ?? readSlow(bytes)
}

function readSlow(bytes: Uint8Array): ReadOp {
  const op = fromBinary(MemoryOpSchema, bytes)
  const { unsigned, signatures } = splitField15(bytes)
  return { op, unsigned, signatures }
}

/** Splits field-15 records from the rest at the wire level; throws on malformed bytes. */
function splitField15(bytes: Uint8Array): { unsigned: Uint8Array; signatures: Uint8Array[] } {
  const kept: Uint8Array[] = []
  const signatures: Uint8Array[] = []
  let at = 0
  while (at < bytes.length) {
    const start = at
    const [tag, afterTag] = varint32(bytes, at)
    at = afterTag
    const fieldNo = tag >>> 3
    const wireType = tag & 7
    if (fieldNo === 0) throw new Error('illegal tag: field no 0')
    at = skip(bytes, at, wireType, fieldNo, 0)
    if (fieldNo === 15 && wireType === 2) {
      const [length, valueStart] = varint32(bytes, afterTag)
      signatures.push(bytes.subarray(valueStart, valueStart + length))
    } else kept.push(bytes.subarray(start, at))
  }
  return { unsigned: join(kept), signatures }
}

function join(pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 1 && pieces[0]) return pieces[0]
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0)
  const out = new Uint8Array(total)
  let offset = 0
  for (const piece of pieces) {
    out.set(piece, offset)
    offset += piece.length
  }
  return out
}

function varint32(bytes: Uint8Array, at: number): [number, number] {
  let value = 0
  for (let shift = 0; shift < 35; shift += 7) {
    if (at >= bytes.length) throw new RangeError('premature EOF')
    const byte = bytes[at++] as number
    value += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) {
      if (value > 0xffffffff) throw new Error('varint overflows uint32')
      return [value, at]
    }
  }
  throw new Error('varint overflows uint32')
}

function varint64(bytes: Uint8Array, at: number): [bigint, number] {
  let low = 0
  let shift = 0
  for (; shift < 49; shift += 7) {
    if (at >= bytes.length) throw new RangeError('premature EOF')
    const byte = bytes[at++] as number
    low += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) return [BigInt(low), at]
  }
  let value = BigInt(low)
  for (; shift < 70; shift += 7) {
    if (at >= bytes.length) throw new RangeError('premature EOF')
    const byte = bytes[at++] as number
    value += BigInt(byte & 0x7f) << BigInt(shift)
    if (byte < 0x80) return [BigInt.asUintN(64, value), at]
  }
  throw new Error('invalid varint')
}

function skip(bytes: Uint8Array, at: number, wireType: number, fieldNo: number, depth: number): number {
  switch (wireType) {
    case 0: {
      for (let index = 0; index < 10; index++) {
        if (at >= bytes.length) throw new RangeError('premature EOF')
        if ((bytes[at++] as number) < 0x80) return at
      }
      throw new Error('invalid varint')
    }
    case 1:
      at += 8
      break
    case 2: {
      const [length, start] = varint32(bytes, at)
      at = start + length
      break
    }
    case 5:
      at += 4
      break
    case 3: {
      if (depth > 100) throw new Error('maximum recursion depth reached')
      for (;;) {
        const [tag, next] = varint32(bytes, at)
        at = next
        if ((tag & 7) === 4) {
          if (tag >>> 3 !== fieldNo) throw new Error('invalid end group tag')
          return at
        }
        at = skip(bytes, at, tag & 7, tag >>> 3, depth + 1)
      }
    }
    default:
      throw new Error(`cant skip wire type ${wireType}`)
  }
  if (at > bytes.length) throw new RangeError('premature EOF')
  return at
}

/** An ASCII string is decoded without a validating TextDecoder; anything else is decoded strictly. */
function text(bytes: Uint8Array): string {
  if (bytes.length > 1024) return utf8.decode(bytes)
  for (let index = 0; index < bytes.length; index++) {
    if ((bytes[index] as number) >= 0x80) return utf8.decode(bytes)
  }
  return String.fromCharCode.apply(null, bytes as unknown as number[])
}

function readFast(bytes: Uint8Array): ReadOp | undefined {
  try {
    const op: MemoryOp = {
      $typeName: 'spaceos.memory.v1.MemoryOp',
      account: '',
      deviceId: '',
      kind: '',
      scope: '',
      lamport: 0n,
      hlcMs: 0n,
      parents: [],
      body: { case: undefined },
      seq: 0n,
      prev: empty,
      signature: empty,
    }
    const kept: Uint8Array[] = []
    const signatures: Uint8Array[] = []
    let sawCiphertext = false
    let at = 0
    while (at < bytes.length) {
      const start = at
      const [tag, afterTag] = varint32(bytes, at)
      const fieldNo = tag >>> 3
      const wireType = tag & 7
      at = afterTag
      if (fieldNo === 5 || fieldNo === 6 || fieldNo === 10) {
        if (wireType !== 0) return undefined
        const [value, next] = varint64(bytes, at)
        at = next
        if (fieldNo === 5) op.lamport = value
        else if (fieldNo === 6) op.hlcMs = value
        else op.seq = value
        kept.push(bytes.subarray(start, at))
        continue
      }
      if (wireType !== 2) return undefined
      const [length, valueStart] = varint32(bytes, at)
      at = valueStart + length
      if (at > bytes.length) return undefined
      const value = bytes.subarray(valueStart, at)
      switch (fieldNo) {
        case 1:
          op.account = text(value)
          break
        case 2:
          op.deviceId = text(value)
          break
        case 3:
          op.kind = text(value)
          break
        case 4:
          op.scope = text(value)
          break
        case 7:
          op.parents.push(value.slice())
          break
        case 8:
          op.body = { case: 'payload', value: value.slice() }
          break
        case 9: {
          // A repeated message field merges in protobuf; leave that to protobuf-es.
          if (sawCiphertext || op.body.case === 'payload') return undefined
          const ciphertext = readCiphertext(value)
          if (!ciphertext) return undefined
          sawCiphertext = true
          op.body = { case: 'ciphertext', value: ciphertext }
          break
        }
        case 11:
          op.prev = value.slice()
          break
        case 15:
          op.signature = value.slice()
          signatures.push(value)
          continue
        default:
          return undefined
      }
      kept.push(bytes.subarray(start, at))
    }
    return { op, unsigned: join(kept), signatures }
  } catch {
    return undefined
  }
}

function readCiphertext(bytes: Uint8Array): PrivateCiphertext | undefined {
  const message: PrivateCiphertext = {
    $typeName: PrivateCiphertextSchema.typeName as 'spaceos.memory.v1.PrivateCiphertext',
    keyEpoch: 0,
    nonce: empty,
    ciphertext: empty,
  }
  let at = 0
  while (at < bytes.length) {
    const [tag, afterTag] = varint32(bytes, at)
    at = afterTag
    const fieldNo = tag >>> 3
    const wireType = tag & 7
    if (fieldNo === 1 && wireType === 0) {
      const [value, next] = varint32(bytes, at)
      message.keyEpoch = value
      at = next
      continue
    }
    if (wireType !== 2 || (fieldNo !== 2 && fieldNo !== 3)) return undefined
    const [length, valueStart] = varint32(bytes, at)
    at = valueStart + length
    if (at > bytes.length) return undefined
    if (fieldNo === 2) message.nonce = bytes.slice(valueStart, at)
    else message.ciphertext = bytes.slice(valueStart, at)
  }
  return message
}
