import { toBinary } from '@bufbuild/protobuf'
import {
  type MemoryOp,
  MemoryOpSchema,
  PrivateCiphertextSchema,
} from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'

/**
 * The deterministic encoding of a MemoryOp without its signature (spec/MEMORY.md §4, [NP-MEM-013]), written directly
 * into one buffer. It is byte-for-byte what `toBinary` of protobuf-es produces for the same op with `signature` empty
 * (fields in field-number order, implicit defaults omitted, set oneof members always written) — a property test checks
 * that over arbitrary ops — but several times faster, which keeps signing close to raw Ed25519 speed (bench/). Ops
 * carrying unknown fields, or a schema that gained fields since this was written, fall back to `toBinary`.
 */
export function encodeUnsignedOp(op: MemoryOp): Uint8Array {
  if (!fastPathApplies || (op.$unknown && op.$unknown.length > 0)) return encodeWithProtobufEs(op)
  if (op.body.case === 'ciphertext' && op.body.value.$unknown && op.body.value.$unknown.length > 0) {
    return encodeWithProtobufEs(op)
  }
  const account = Buffer.byteLength(op.account)
  const deviceId = Buffer.byteLength(op.deviceId)
  const kind = Buffer.byteLength(op.kind)
  const scope = Buffer.byteLength(op.scope)
  let size = 0
  if (account) size += 1 + varintSize(account) + account
  if (deviceId) size += 1 + varintSize(deviceId) + deviceId
  if (kind) size += 1 + varintSize(kind) + kind
  if (scope) size += 1 + varintSize(scope) + scope
  if (op.lamport) size += 1 + varint64Size(op.lamport)
  if (op.hlcMs) size += 1 + varint64Size(op.hlcMs)
  for (const parent of op.parents) size += 1 + varintSize(parent.length) + parent.length
  let ciphertextSize = 0
  if (op.body.case === 'payload') {
    size += 1 + varintSize(op.body.value.length) + op.body.value.length
  } else if (op.body.case === 'ciphertext') {
    const { keyEpoch, nonce, ciphertext } = op.body.value
    if (keyEpoch) ciphertextSize += 1 + varintSize(keyEpoch)
    if (nonce.length) ciphertextSize += 1 + varintSize(nonce.length) + nonce.length
    if (ciphertext.length) ciphertextSize += 1 + varintSize(ciphertext.length) + ciphertext.length
    size += 1 + varintSize(ciphertextSize) + ciphertextSize
  }
  if (op.seq) size += 1 + varint64Size(op.seq)
  if (op.prev.length) size += 1 + varintSize(op.prev.length) + op.prev.length
  const out = Buffer.allocUnsafe(size)
  let at = 0
  const tag = (field: number, wireType: number) => {
    out[at++] = (field << 3) | wireType
  }
  const uint = (value: number) => {
    while (value > 0x7f) {
      out[at++] = (value & 0x7f) | 0x80
      value = Math.floor(value / 128)
    }
    out[at++] = value
  }
  const uint64 = (value: bigint) => {
    while (value > 0x7fn) {
      out[at++] = Number(value & 0x7fn) | 0x80
      value >>= 7n
    }
    out[at++] = Number(value)
  }
  const text = (field: number, value: string, length: number) => {
    if (!length) return
    tag(field, 2)
    uint(length)
    at += out.write(value, at, 'utf8')
  }
  const bytes = (field: number, value: Uint8Array) => {
    tag(field, 2)
    uint(value.length)
    out.set(value, at)
    at += value.length
  }
  text(1, op.account, account)
  text(2, op.deviceId, deviceId)
  text(3, op.kind, kind)
  text(4, op.scope, scope)
  if (op.lamport) {
    tag(5, 0)
    uint64(op.lamport)
  }
  if (op.hlcMs) {
    tag(6, 0)
    uint64(op.hlcMs)
  }
  for (const parent of op.parents) bytes(7, parent)
  if (op.body.case === 'payload') bytes(8, op.body.value)
  else if (op.body.case === 'ciphertext') {
    const { keyEpoch, nonce, ciphertext } = op.body.value
    tag(9, 2)
    uint(ciphertextSize)
    if (keyEpoch) {
      tag(1, 0)
      uint(keyEpoch)
    }
    if (nonce.length) bytes(2, nonce)
    if (ciphertext.length) bytes(3, ciphertext)
  }
  if (op.seq) {
    tag(10, 0)
    uint64(op.seq)
  }
  if (op.prev.length) bytes(11, op.prev)
  return new Uint8Array(out.buffer, out.byteOffset, at)
}

function encodeWithProtobufEs(op: MemoryOp): Uint8Array {
  return toBinary(MemoryOpSchema, op.signature.length === 0 ? op : { ...op, signature: new Uint8Array(0) })
}

/** The fields the fast path writes; any other schema shape uses protobuf-es. */
const fastPathApplies =
  MemoryOpSchema.fields.map((field) => `${field.number}:${field.name}`).join(',') ===
    '1:account,2:device_id,3:kind,4:scope,5:lamport,6:hlc_ms,7:parents,8:payload,9:ciphertext,10:seq,11:prev,15:signature' &&
  PrivateCiphertextSchema.fields.map((field) => `${field.number}:${field.name}`).join(',') ===
    '1:key_epoch,2:nonce,3:ciphertext'

function varintSize(value: number): number {
  let size = 1
  while (value > 0x7f) {
    value = Math.floor(value / 128)
    size++
  }
  return size
}

function varint64Size(value: bigint): number {
  let size = 1
  while (value > 0x7fn) {
    value >>= 7n
    size++
  }
  return size
}
