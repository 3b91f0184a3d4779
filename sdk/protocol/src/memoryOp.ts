import { createHash } from 'node:crypto'
import { create, type MessageInitShape } from '@bufbuild/protobuf'
import { WireType } from '@bufbuild/protobuf/wire'
import { MEMORY_CLOCK_MAX, MEMORY_OP_MAX_BYTES, MEMORY_OP_MAX_PARENTS } from '@spaceos/generated/parameters'
import { type MemoryOp, MemoryOpSchema } from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'
import {
  BadSignatureError,
  FrameTooLargeError,
  KeyEpochUnknownError,
  OpInvalidError,
  ScopeViolationError,
} from './errors.ts'
import { accountPattern, deviceIdPattern, opKindPattern } from './formats.ts'
import { type Ed25519PrivateKey, type Ed25519PublicKey, ed25519Sign, ed25519Verify } from './keys.ts'
import { readOp } from './memoryOpDecoding.ts'
import { encodeUnsignedOp } from './memoryOpEncoding.ts'
import { isTransmittableScope, parseMemoryScope } from './memoryScope.ts'

/** A MemoryOp as a message or as its init shape (`create(MemoryOpSchema, init)`). */
export type MemoryOpInit = MemoryOp | MessageInitShape<typeof MemoryOpSchema>

/** A signed memory op: its bytes exactly as carried, the decoded op and its op id. */
export type SignedMemoryOp = {
  /** The complete signed bytes (signature included), to be carried unchanged. */
  bytes: Uint8Array
  /** The decoded op. */
  op: MemoryOp
  /** Lowercase hex SHA-256 of `bytes`. */
  opId: string
}

/** Options of validateMemoryOp. */
export type ValidateMemoryOpOptions = {
  /** Require a 64-byte signature. Default: true. */
  signed?: boolean
  /** Reject scopes that never leave the node (`local`, `session`), as in memory_delta/memory_catchup. Default: false. */
  inTransit?: boolean
}

/** Field number of MemoryOp.signature. */
const signatureField = 15
const signatureLength = 64
const opIdLength = 32

/**
 * The deterministic binary encoding of an op with its signature empty: the bytes a device signs. Fields are written in
 * field-number order and default values are omitted, so equal ops always give equal bytes.
 *
 * @example
 * import { canonicalOpBytes } from '@spaceos/protocol'
 * const bytes = canonicalOpBytes({ account: '0x…', deviceId: '…', kind: 'fact.set', scope: 'synced', lamport: 1n })
 */
export function canonicalOpBytes(op: MemoryOpInit): Uint8Array {
  return encodeUnsignedOp(create(MemoryOpSchema, op))
}

/**
 * Signs an op with a device's Ed25519 key ([NP-MEM-*] in spec/MEMORY.md; docs/architecture.md "Keys"): the signature covers
 * canonicalOpBytes(op) and is appended as field 15. The op is validated first unless `validate` is false (only for
 * producing negative test vectors).
 *
 * @example
 * import { generateDeviceKey, signMemoryOp } from '@spaceos/protocol'
 * const key = generateDeviceKey()
 * const { bytes, opId } = signMemoryOp(
 *   { account: '0x' + 'ab'.repeat(20), deviceId: key.deviceId, kind: 'fact.set', scope: 'synced', lamport: 1n,
 *     body: { case: 'payload', value: new TextEncoder().encode('{"key":"city","value":"Lisbon"}') } },
 *   key.privateKey,
 * )
 */
export function signMemoryOp(
  op: MemoryOpInit,
  privateKey: Ed25519PrivateKey,
  options: { validate?: boolean } = {},
): SignedMemoryOp {
  const message = create(MemoryOpSchema, op)
  if (options.validate !== false) validateMemoryOp(message, { signed: false })
  const unsigned = canonicalOpBytes(message)
  const signature = ed25519Sign(unsigned, privateKey)
  // Field 15, wire type 2: tag 0x7a, length 64 (one varint byte).
  const bytes = new Uint8Array(unsigned.length + 2 + signature.length)
  bytes.set(unsigned, 0)
  bytes[unsigned.length] = (signatureField << 3) | WireType.LengthDelimited
  bytes[unsigned.length + 1] = signature.length
  bytes.set(signature, unsigned.length + 2)
  const signed = create(MemoryOpSchema, { ...message, signature })
  return { bytes, op: signed, opId: memoryOpId(bytes) }
}

/**
 * The op id: lowercase hex SHA-256 of the signed op bytes exactly as carried.
 *
 * @example
 * import { memoryOpId } from '@spaceos/protocol'
 * memoryOpId(signedBytes) // '3f…' (64 hex characters)
 */
export function memoryOpId(signedBytes: Uint8Array): string {
  return createHash('sha256').update(signedBytes).digest('hex')
}

/**
 * Reads carried op bytes: the decoded op and, at the wire level, the bytes the signature covers and the signature.
 * Throws OpInvalidError for bytes that do not decode or that hold no, several or a non-64-byte signature
 * [NP-MEM-016] [NP-MEM-017].
 */
function readSignedOp(bytes: Uint8Array): { op: MemoryOp; unsigned: Uint8Array; signature: Uint8Array } {
  let read: ReturnType<typeof readOp>
  try {
    read = readOp(bytes)
  } catch (error) {
    throw new OpInvalidError({ reason: 'the op bytes do not decode as a MemoryOp', cause: error })
  }
  const [signature, ...more] = read.signatures
  if (!signature) throw new OpInvalidError({ reason: 'the op is not signed', details: { field: 'signature' } })
  if (more.length > 0) {
    throw new OpInvalidError({ reason: 'the op carries more than one signature', details: { field: 'signature' } })
  }
  if (signature.length !== signatureLength) {
    throw new OpInvalidError({ reason: 'the signature is not 64 bytes', details: { field: 'signature' } })
  }
  return { op: read.op, unsigned: read.unsigned, signature }
}

/**
 * Decodes signed op bytes and checks their structure (formats, parents, scope/content rules) without checking the
 * signature — for when the author's key is not at hand (e.g. inside decodeEnvelope). Throws OpInvalidError,
 * ScopeViolationError or FrameTooLargeError.
 *
 * @example
 * import { decodeMemoryOp } from '@spaceos/protocol'
 * const op = decodeMemoryOp(bytes)
 */
export function decodeMemoryOp(bytes: Uint8Array, options: ValidateMemoryOpOptions = {}): MemoryOp {
  if (bytes.length > MEMORY_OP_MAX_BYTES) {
    throw new FrameTooLargeError({ field: 'memory_op', limit: MEMORY_OP_MAX_BYTES, actual: bytes.length })
  }
  const op = options.signed === false ? decodeUnsigned(bytes) : readSignedOp(bytes).op
  validateBodyPresent(op)
  validateFields(op, options.inTransit ?? false)
  validateBody(op)
  return op
}

function decodeUnsigned(bytes: Uint8Array): MemoryOp {
  try {
    return readOp(bytes).op
  } catch (error) {
    throw new OpInvalidError({ reason: 'the op bytes do not decode as a MemoryOp', cause: error })
  }
}

/**
 * Verifies a signed op over the bytes exactly as carried — never a re-encoding: field 15 is removed at the wire level
 * and the Ed25519 signature is checked over the remaining bytes, so ops with fields unknown to this version still
 * verify. Returns the decoded op and its id. Throws OpInvalidError (malformed), BadSignatureError or
 * ScopeViolationError (in that order). Passing a decoded MemoryOp instead of bytes verifies its canonical encoding.
 *
 * @example
 * import { verifyMemoryOp } from '@spaceos/protocol'
 * const { op, opId } = verifyMemoryOp(receivedBytes, devicePublicKey)
 */
export function verifyMemoryOp(
  signed: Uint8Array | MemoryOp,
  publicKey: Ed25519PublicKey,
  options: Omit<ValidateMemoryOpOptions, 'signed'> = {},
): SignedMemoryOp {
  const bytes = signed instanceof Uint8Array ? signed : encodeSignedOp(signed)
  if (bytes.length > MEMORY_OP_MAX_BYTES) {
    throw new FrameTooLargeError({ field: 'memory_op', limit: MEMORY_OP_MAX_BYTES, actual: bytes.length })
  }
  // The order of spec/MEMORY.md §5 [NP-MEM-020]: size, decoding and the signature field, the signature, then the
  // fields, then the body against the scope.
  const { op, unsigned, signature } = readSignedOp(bytes)
  validateBodyPresent(op)
  if (!ed25519Verify(unsigned, signature, publicKey)) {
    throw new BadSignatureError({ message: 'The memory op signature does not verify with the device key.' })
  }
  validateFields(op, options.inTransit ?? false)
  validateBody(op)
  return { bytes, op, opId: memoryOpId(bytes) }
}

function encodeSignedOp(op: MemoryOp): Uint8Array {
  const unsigned = canonicalOpBytes(op)
  const bytes = new Uint8Array(unsigned.length + 2 + op.signature.length)
  bytes.set(unsigned, 0)
  bytes[unsigned.length] = (signatureField << 3) | WireType.LengthDelimited
  if (op.signature.length > 127) throw new OpInvalidError({ reason: 'the signature is not 64 bytes' })
  bytes[unsigned.length + 1] = op.signature.length
  bytes.set(op.signature, unsigned.length + 2)
  return bytes
}

/**
 * Checks an op's fields and body as spec/MEMORY.md §2, §3, §5 and §7.3 require: account and device id formats, kind
 * [NP-MEM-001], scope [NP-SCOPE-001], lamport ≥ 1 [NP-MEM-027], parents (32-byte op ids in strictly ascending order, at
 * most MEMORY_OP_MAX_PARENTS) [NP-MEM-024] → OpInvalidError; `local`/`session` in transit [NP-SCOPE-003], ciphertext
 * for `private` and only for it, well formed [NP-SCOPE-008] → ScopeViolationError; key epoch 0 → KeyEpochUnknownError
 * [NP-PRIV-021]; the body present and a payload not empty → OpInvalidError [NP-MEM-019]. Payload validity per kind is
 * validateOpPayload's (it never rejects the op, [NP-MEM-004]).
 *
 * @example
 * import { validateMemoryOp } from '@spaceos/protocol'
 * validateMemoryOp(op, { signed: true, inTransit: true })
 */
export function validateMemoryOp(op: MemoryOp, options: ValidateMemoryOpOptions = {}): void {
  if ((options.signed ?? true) && op.signature.length !== signatureLength) {
    throw new OpInvalidError({ reason: 'the signature is not 64 bytes', details: { field: 'signature' } })
  }
  validateBodyPresent(op)
  validateFields(op, options.inTransit ?? false)
  validateBody(op)
}

/** Exactly one body, and no zero-byte payload, so that no op has two encodings of its body [NP-MEM-019]. */
function validateBodyPresent(op: MemoryOp): void {
  if (op.body.case === undefined) throw invalid('body', 'must be set (payload or ciphertext)')
  if (op.body.case === 'payload' && op.body.value.length === 0) throw invalid('payload', 'must not be empty')
}

function invalid(field: string, reason: string): OpInvalidError {
  return new OpInvalidError({ reason: `${field} ${reason}`, details: { field } })
}

function validateFields(op: MemoryOp, inTransit: boolean): void {
  if (!accountPattern.test(op.account)) throw invalid('account', 'must be 0x and 40 lowercase hex characters')
  if (!deviceIdPattern.test(op.deviceId)) throw invalid('device_id', 'must be 64 lowercase hex characters')
  if (!opKindPattern.test(op.kind)) throw invalid('kind', 'must be a dotted lowercase name such as fact.set')
  const scope = parseMemoryScope(op.scope)
  if (inTransit && !isTransmittableScope(scope)) {
    throw new ScopeViolationError({ scope: op.scope, reason: 'never leaves the node that made the op' })
  }
  if (op.lamport < 1n) throw invalid('lamport', 'must be at least 1')
  // [NP-MEM-028] clocks stay exact in every JSON and JavaScript reader
  if (op.lamport > BigInt(MEMORY_CLOCK_MAX)) throw invalid('lamport', 'must be at most MEMORY_CLOCK_MAX (2^53 - 1)')
  if (op.hlcMs > BigInt(MEMORY_CLOCK_MAX)) throw invalid('hlc_ms', 'must be at most MEMORY_CLOCK_MAX (2^53 - 1)')
  validateChain(op, scope)
  if (op.parents.length > MEMORY_OP_MAX_PARENTS) {
    throw new OpInvalidError({
      reason: `parents holds more than ${MEMORY_OP_MAX_PARENTS} op ids`,
      details: { field: 'parents', limit: String(MEMORY_OP_MAX_PARENTS) },
    })
  }
  let previous: Uint8Array | undefined
  for (const parent of op.parents) {
    if (parent.length !== opIdLength) throw invalid('parents', 'must hold 32-byte op ids')
    if (previous && Buffer.compare(previous, parent) >= 0) {
      throw invalid('parents', 'must be in strictly ascending byte order without duplicates')
    }
    previous = parent
  }
}

/** The device chain: `seq`/`prev` on synced and private ops only, `prev` exactly when `seq` > 1 [NP-MEM-034]. */
function validateChain(op: MemoryOp, scope: ReturnType<typeof parseMemoryScope>): void {
  const chained = scope.kind === 'synced' || scope.kind === 'private'
  if (!chained) {
    if (op.seq !== 0n || op.prev.length > 0) throw invalid('seq', 'and prev are only for synced and private ops')
    return
  }
  if (op.seq < 1n) throw invalid('seq', 'must be at least 1 on a synced or private op')
  if (op.seq > BigInt(MEMORY_CLOCK_MAX)) throw invalid('seq', 'must be at most MEMORY_CLOCK_MAX (2^53 - 1)')
  if (op.seq === 1n && op.prev.length > 0) throw invalid('prev', 'must be absent when seq is 1')
  if (op.seq > 1n && op.prev.length !== opIdLength)
    throw invalid('prev', 'must be the 32-byte id of the op with seq - 1')
}

function validateBody(op: MemoryOp): void {
  if (op.scope === 'private') {
    if (op.body.case !== 'ciphertext') {
      throw new ScopeViolationError({
        scope: op.scope,
        reason: 'requires ciphertext; plaintext never leaves the device',
      })
    }
    const { keyEpoch, nonce, ciphertext } = op.body.value
    if (nonce.length !== 12 || ciphertext.length < 16) {
      throw new ScopeViolationError({
        scope: op.scope,
        reason: 'requires a well-formed ciphertext (12-byte nonce, at least the 16-byte tag)',
      })
    }
    if (keyEpoch === 0) throw new KeyEpochUnknownError({ keyEpoch })
    return
  }
  if (op.body.case === 'ciphertext') {
    throw new ScopeViolationError({ scope: op.scope, reason: 'carries plaintext payloads; ciphertext is for private' })
  }
  // The payload's validity for its kind is a matter of materialisation, not acceptance [NP-MEM-004] [NP-MEM-066]:
  // see validateOpPayload.
}
