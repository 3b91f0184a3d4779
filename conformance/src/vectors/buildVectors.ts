import { createCipheriv, createHash, hkdfSync } from 'node:crypto'
import { create, type MessageInitShape, toBinary, toJsonString } from '@bufbuild/protobuf'
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import { MEMORY_OP_MAX_BYTES, WS_MAX_FRAME_BYTES } from '@spaceos/generated/parameters'
import { ErrorCode } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import { NodeState } from '@spaceos/generated/proto/spaceos/node/v1/manifest_pb'
import { EnvelopeSchema } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import { TurnStatus } from '@spaceos/generated/proto/spaceos/wire/v1/turn_pb'
import { type BytesSpec, subprotocols, toHex, type Vector } from '../suites/codec/vectors.ts'
import { buildMemoryVectorFiles } from './buildMemoryVectors.ts'
import { type DevKey, deriveDevKey, devKeySeedString, otherKeySeedString } from './devKey.ts'

// Golden vectors for the codec suite, built from the schemas (protobuf-es) and node:crypto only — deliberately not
// from @spaceos/protocol, so the SDK is checked against an independent construction. Deterministic: Ed25519 is
// deterministic and every other input is fixed here.

type EnvelopeInit = MessageInitShape<typeof EnvelopeSchema>
export type VectorFile = { name: string; comment: string; vectors: Vector[] }

export const account = '0x5ace05000000000000000000000000000000c0de'
export const baseTs = 1764115200000n // 2025-11-26T00:00:00Z
const bytesOf = (length: number, start = 1) => Uint8Array.from({ length }, (_, i) => (start + i) & 0xff)
export const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest())

/** One top-level protobuf field, written raw (so vectors can put fields in any order or add unknown ones). */
export type RawField = { no: number; varint?: bigint; bytes?: Uint8Array }
export function writeFields(fields: readonly RawField[]): Uint8Array {
  const writer = new BinaryWriter()
  for (const field of fields) {
    if (field.varint !== undefined) writer.tag(field.no, WireType.Varint).uint64(field.varint)
    else writer.tag(field.no, WireType.LengthDelimited).bytes(field.bytes ?? new Uint8Array())
  }
  return writer.finish()
}
export const str = (text: string) => new TextEncoder().encode(text)

/** A memory op's fields in canonical order (proto/spaceos/memory/v1/op.proto), without the signature. */
export type OpInit = {
  account?: string
  deviceId: string
  kind: string
  scope: string
  lamport: bigint
  hlcMs: bigint
  parents?: Uint8Array[]
  payload?: Uint8Array
  ciphertext?: { keyEpoch: number; nonce: Uint8Array; ciphertext: Uint8Array }
  /** The device chain (spec/MEMORY.md §5.2): synced and private ops only. */
  seq?: bigint
  prev?: Uint8Array
}
export function opFields(op: OpInit): RawField[] {
  const fields: RawField[] = []
  const account_ = op.account ?? account
  if (account_ !== '') fields.push({ no: 1, bytes: str(account_) })
  fields.push({ no: 2, bytes: str(op.deviceId) }, { no: 3, bytes: str(op.kind) }, { no: 4, bytes: str(op.scope) })
  if (op.lamport !== 0n) fields.push({ no: 5, varint: op.lamport })
  if (op.hlcMs !== 0n) fields.push({ no: 6, varint: op.hlcMs })
  for (const parent of op.parents ?? []) fields.push({ no: 7, bytes: parent })
  if (op.payload) fields.push({ no: 8, bytes: op.payload })
  if (op.ciphertext) {
    const c = op.ciphertext
    const inner: RawField[] = []
    if (c.keyEpoch !== 0) inner.push({ no: 1, varint: BigInt(c.keyEpoch) })
    inner.push({ no: 2, bytes: c.nonce }, { no: 3, bytes: c.ciphertext })
    fields.push({ no: 9, bytes: writeFields(inner) })
  }
  if (op.seq !== undefined && op.seq !== 0n) fields.push({ no: 10, varint: op.seq })
  if (op.prev) fields.push({ no: 11, bytes: op.prev })
  return fields
}

/** Signs the op bytes (field 15 absent) and returns the carried bytes: signed bytes followed by field 15. */
export function signOp(
  signedBytes: Uint8Array,
  key: DevKey,
  tamper?: (signature: Uint8Array) => Uint8Array,
): Uint8Array {
  let signature = key.sign(signedBytes)
  if (tamper) signature = tamper(signature)
  return Buffer.concat([signedBytes, writeFields([{ no: 15, bytes: signature }])])
}

/** spec/MEMORY.md §7: content key by HKDF-SHA256, AES-256-GCM with the AAD binding epoch and account. */
const privateLabel = 'SPACEOS-PRIVATE-SCOPE-V1'
const u32be = (value: number) => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(value)
  return out
}
export function encryptPrivate(
  userSecret: Uint8Array,
  keyEpoch: number,
  aadAccount: string,
  nonce: Uint8Array,
  plaintext: Uint8Array,
) {
  const info = Buffer.concat([Buffer.from('content-key'), Buffer.from([0]), u32be(keyEpoch)])
  const key = Buffer.from(hkdfSync('sha256', userSecret, Buffer.from(privateLabel), info, 32))
  const aad = Buffer.concat([Buffer.from(privateLabel), Buffer.from([0]), u32be(keyEpoch), Buffer.from(aadAccount)])
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 })
  cipher.setAAD(aad)
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
  return { keyEpoch, nonce, ciphertext: new Uint8Array(body) }
}
/** TEST-ONLY user secrets: SHA-256 of a public string per epoch. */
export const testUserSecret = (label: string) =>
  sha256(str(`SPACEOS-TEST-ONLY-USER-SECRET-V1 ${label}: public, never use for real data`))
/** TEST-ONLY fixed GCM nonces (real devices use fresh random ones, NP-PRIV-010). */
export const testNonce = (label: string) => sha256(str(`nonce ${label}`)).subarray(0, 12)

/** Ed25519 group order L (RFC 8032). */
const ed25519L = 2n ** 252n + 27742317777372353535851937790883648493n
/** Replaces S (little-endian, bytes 32..63) by S + L: the same signature mod L, rejected by a strict verifier. */
function unreduced(signature: Uint8Array): Uint8Array {
  let scalar = 0n
  for (let i = 63; i >= 32; i--) scalar = (scalar << 8n) | BigInt(signature[i] ?? 0)
  scalar += ed25519L
  if (scalar >= 2n ** 256n) throw new Error('S + L does not fit 32 bytes; pick another op')
  const out = Uint8Array.from(signature)
  for (let i = 32; i < 64; i++) {
    out[i] = Number(scalar & 0xffn)
    scalar >>= 8n
  }
  return out
}

const factPayload = (factId: string, text: string) => str(JSON.stringify({ fact_id: factId, fields: { text } }))

function envelopeVector(
  id: string,
  description: string,
  requirements: string[],
  init: EnvelopeInit,
): { proto: Vector; json: Vector } {
  const message = create(EnvelopeSchema, init)
  const protoHex = toHex(toBinary(EnvelopeSchema, message))
  const json = toJsonString(EnvelopeSchema, message)
  const expect = { protoHex, json }
  const readable = JSON.parse(json) as unknown
  return {
    proto: {
      kind: 'decode',
      id: `envelope.${id}.proto`,
      description: `${description} (binary)`,
      requirements: [...requirements, 'NP-WIRE-010', 'NP-CODEC-001', 'NP-CODEC-002'],
      subprotocol: subprotocols.proto,
      frame: { hex: protoHex },
      readable,
      expect,
    },
    json: {
      kind: 'decode',
      id: `envelope.${id}.json`,
      description: `${description} (JSON)`,
      requirements: [...requirements, 'NP-WIRE-011', 'NP-VER-008', 'NP-CODEC-001', 'NP-CODEC-002'],
      subprotocol: subprotocols.json,
      frame: { text: json },
      readable,
      expect,
    },
  }
}

function negative(
  id: string,
  description: string,
  requirements: string[],
  subprotocol: string,
  frame: BytesSpec,
  error: keyof typeof ErrorCode,
  readable: unknown,
): Vector {
  return { kind: 'decode', id, description, requirements, subprotocol, frame, readable, expect: { error } }
}

/** Builds every golden-vector file of spec/vectors/codec plus the test key description. */
export function buildGoldenVectors(): { files: VectorFile[]; devKey: Record<string, unknown> } {
  const key = deriveDevKey(devKeySeedString)
  const other = deriveDevKey(otherKeySeedString)

  // ---- memory ops ---------------------------------------------------------------------------------------------
  const factOp: OpInit = {
    deviceId: key.deviceId,
    kind: 'fact.set',
    scope: 'synced',
    lamport: 7n,
    hlcMs: baseTs + 5000n,
    parents: [sha256(str('parent-a')), sha256(str('parent-b'))].sort((a, b) => Buffer.compare(a, b)),
    payload: factPayload('home-city', 'Lives in Lisbon'),
    seq: 1n,
  }
  const factSigned = writeFields(opFields(factOp))
  const factCarried = signOp(factSigned, key)
  const factId = toHex(sha256(factCarried))

  // Unknown field 20 between fields 4 and 5 (a newer author), signed over exactly these bytes: a verifier that
  // re-encodes the decoded op would drop or move field 20 and fail; one that strips field 15 from the carried
  // bytes verifies. [NP-MEM-012]
  const unknownFields = opFields({ ...factOp, lamport: 8n })
  unknownFields.splice(4, 0, { no: 20, bytes: str('v1.1 extension') })
  const unknownCarried = signOp(writeFields(unknownFields), key)

  const localOp = signOp(writeFields(opFields({ ...factOp, scope: 'local', lamport: 9n, seq: 0n })), key)
  // The device's next op: it names the fact op as its parent and as `prev`, with lamport 8 and seq 2 (NP-MEM-030,
  // NP-MEM-032, NP-MEM-035), so the memory_delta below models a history a conforming device produces.
  const turnOp: OpInit = {
    deviceId: key.deviceId,
    kind: 'turn.append',
    scope: 'synced',
    lamport: 8n,
    hlcMs: baseTs + 6000n,
    parents: [sha256(factCarried)],
    payload: str(
      JSON.stringify({ conversation_id: 'conv-1', turn_id: 'turn-1', entry_id: 'turn-1', role: 'user', text: 'hi' }),
    ),
    seq: 2n,
    prev: sha256(factCarried),
  }
  const syncedOp2 = signOp(writeFields(opFields(turnOp)), key)
  const flipBit = (signature: Uint8Array) => {
    const copy = Uint8Array.from(signature)
    copy[0] = (copy[0] ?? 0) ^ 0x01
    return copy
  }
  const opHex = (bytes: Uint8Array): BytesSpec => ({ hex: toHex(bytes) })
  const readableOp = (op: OpInit, note?: string) => ({
    ...(note ? { note } : {}),
    account: op.account ?? account,
    deviceId: op.deviceId,
    kind: op.kind,
    scope: op.scope,
    lamport: op.lamport.toString(),
    hlcMs: op.hlcMs.toString(),
    parents: (op.parents ?? []).map(toHex),
    payload: op.payload ? new TextDecoder().decode(op.payload) : undefined,
    seq: op.seq === undefined || op.seq === 0n ? undefined : op.seq.toString(),
    prev: op.prev ? toHex(op.prev) : undefined,
  })
  const pub = toHex(key.publicKey)
  const opVector = (
    id: string,
    description: string,
    requirements: string[],
    bytes: Uint8Array | BytesSpec,
    expect: { opId: string } | { error: keyof typeof ErrorCode },
    readable: unknown,
    publicKeyHex = pub,
  ): Vector => ({
    kind: 'memory_op',
    id: `memory-op.${id}`,
    description,
    requirements,
    op: bytes instanceof Uint8Array ? opHex(bytes) : bytes,
    publicKeyHex,
    readable,
    expect,
  })

  const oversizePayloadLength = MEMORY_OP_MAX_BYTES // the op around it pushes it over the limit
  const oversizeSigned = writeFields(
    opFields({ ...factOp, lamport: 11n, payload: new Uint8Array(oversizePayloadLength).fill(0x61) }),
  )
  const oversizeCarried = signOp(oversizeSigned, key)
  const oversizeHeader = oversizeCarried.subarray(0, oversizeCarried.length - 66 - oversizePayloadLength)

  const memoryOps: Vector[] = [
    opVector(
      'fact-set.synced',
      'a synced fact.set op signed by the dev key verifies; op id = SHA-256 of the carried bytes',
      ['NP-MEM-010', 'NP-MEM-011', 'NP-MEM-013', 'NP-CODEC-010'],
      factCarried,
      { opId: factId },
      readableOp(factOp),
    ),
    opVector(
      'unknown-field-in-middle',
      'an op carrying an unknown field 20 between fields 4 and 5 verifies over the carried bytes (a re-encoding would change them)',
      ['NP-MEM-012', 'NP-MEM-014', 'NP-VER-002', 'NP-CODEC-010'],
      unknownCarried,
      { opId: toHex(sha256(unknownCarried)) },
      { ...readableOp({ ...factOp, lamport: 8n }), unknownField20: 'v1.1 extension (between scope and lamport)' },
    ),
    opVector(
      'turn-append.synced',
      "a synced turn.append op, the device's second (seq 2, prev = the fact op, which is also its parent), verifies",
      ['NP-MEM-010', 'NP-MEM-011', 'NP-MEM-034', 'NP-MEM-035'],
      syncedOp2,
      { opId: toHex(sha256(syncedOp2)) },
      readableOp(turnOp),
    ),
    opVector(
      'bad-signature.bit-flip',
      'a signature with one bit flipped is BAD_SIGNATURE',
      ['NP-CODEC-011', 'NP-MEM-010', 'NP-MEM-020'],
      signOp(factSigned, key, flipBit),
      { error: 'BAD_SIGNATURE' },
      readableOp(factOp, 'signature byte 0 xor 0x01'),
    ),
    opVector(
      'bad-signature.other-device',
      'an op signed by another device key does not verify against the dev key',
      ['NP-CODEC-011', 'NP-MEM-010', 'NP-MEM-020'],
      signOp(factSigned, other),
      { error: 'BAD_SIGNATURE' },
      readableOp(factOp, `signed with the key of "${otherKeySeedString}"`),
    ),
    opVector(
      'bad-signature.payload-changed',
      'changing the payload after signing is BAD_SIGNATURE',
      ['NP-CODEC-011', 'NP-CODEC-010', 'NP-MEM-012', 'NP-MEM-020'],
      Buffer.concat([
        writeFields(opFields({ ...factOp, payload: factPayload('home-city', 'Lives in Paris') })),
        writeFields([{ no: 15, bytes: key.sign(factSigned) }]),
      ]),
      { error: 'BAD_SIGNATURE' },
      readableOp(
        { ...factOp, payload: factPayload('home-city', 'Lives in Paris') },
        'signature made over the Lisbon payload',
      ),
    ),
    opVector(
      'signature-missing',
      'an op without a signature is OP_INVALID',
      ['NP-MEM-016', 'NP-MEM-010', 'NP-MEM-020'],
      factSigned,
      { error: 'OP_INVALID' },
      readableOp(factOp, 'no field 15'),
    ),
    opVector(
      'signature-twice',
      'an op carrying field 15 twice is OP_INVALID',
      ['NP-MEM-016', 'NP-MEM-020'],
      Buffer.concat([factCarried, writeFields([{ no: 15, bytes: key.sign(factSigned) }])]),
      { error: 'OP_INVALID' },
      readableOp(factOp, 'the valid signature appended a second time'),
    ),
    opVector(
      'signature-s-not-reduced',
      'a signature whose scalar S is replaced by S + L (same value mod L, not reduced) is BAD_SIGNATURE',
      ['NP-MEM-018', 'NP-CODEC-011'],
      Buffer.concat([factSigned, writeFields([{ no: 15, bytes: unreduced(key.sign(factSigned)) }])]),
      { error: 'BAD_SIGNATURE' },
      readableOp(factOp, 'S + L: accepted by a lenient verifier, giving the op a second id'),
    ),
    opVector(
      'signature-63-bytes',
      'a signature that is not 64 bytes is OP_INVALID',
      ['NP-MEM-017', 'NP-MEM-010', 'NP-MEM-020'],
      Buffer.concat([factSigned, writeFields([{ no: 15, bytes: key.sign(factSigned).subarray(0, 63) }])]),
      { error: 'OP_INVALID' },
      readableOp(factOp, 'signature truncated to 63 bytes'),
    ),
    opVector(
      'truncated',
      'op bytes cut in the middle of a field are OP_INVALID',
      ['NP-MEM-020', 'NP-CODEC-014'],
      factCarried.subarray(0, 40),
      { error: 'OP_INVALID' },
      { note: 'first 40 bytes of memory-op.fact-set.synced' },
    ),
    opVector(
      'scope.unknown',
      'a correctly signed op with scope "public" (not in the scope list) is OP_INVALID',
      ['NP-SCOPE-001', 'NP-MEM-020'],
      signOp(writeFields(opFields({ ...factOp, scope: 'public' })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, scope: 'public' }),
    ),
    opVector(
      'scope.private-plaintext',
      'a correctly signed private-scope op carrying a plaintext payload is SCOPE_VIOLATION',
      ['NP-SCOPE-008', 'NP-MEM-020'],
      signOp(writeFields(opFields({ ...factOp, scope: 'private' })), key),
      { error: 'SCOPE_VIOLATION' },
      readableOp(
        { ...factOp, scope: 'private' },
        'private scope must carry ciphertext (field 9), not payload (field 8)',
      ),
    ),
    opVector(
      'kind.malformed',
      'a correctly signed op whose kind is not a dotted lowercase name is OP_INVALID',
      ['NP-MEM-001', 'NP-MEM-020'],
      signOp(writeFields(opFields({ ...factOp, kind: 'Fact Set' })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, kind: 'Fact Set' }),
    ),
    opVector(
      'lamport.zero',
      'a correctly signed op with lamport 0 is OP_INVALID',
      ['NP-MEM-027', 'NP-MEM-020'],
      signOp(writeFields(opFields({ ...factOp, lamport: 0n })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, lamport: 0n }),
    ),
    opVector(
      'parents.descending',
      'a correctly signed op whose parents are not in ascending byte order is OP_INVALID',
      ['NP-MEM-024', 'NP-MEM-020'],
      signOp(writeFields(opFields({ ...factOp, parents: [...(factOp.parents ?? [])].reverse() })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, parents: [...(factOp.parents ?? [])].reverse() }),
    ),
    opVector(
      'seq.missing',
      'a correctly signed synced op without seq (the device chain) is OP_INVALID',
      ['NP-MEM-034', 'NP-MEM-020'],
      signOp(writeFields(opFields({ ...factOp, seq: 0n })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, seq: 0n }, 'no field 10'),
    ),
    opVector(
      'seq.prev-missing',
      'a correctly signed synced op with seq 2 and no prev is OP_INVALID',
      ['NP-MEM-034'],
      signOp(writeFields(opFields({ ...factOp, seq: 2n })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, seq: 2n }, 'seq 2 needs prev'),
    ),
    opVector(
      'seq.on-local-op',
      'a correctly signed local op carrying seq is OP_INVALID (the chain is for synced and private ops)',
      ['NP-MEM-034'],
      signOp(writeFields(opFields({ ...factOp, scope: 'local' })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, scope: 'local' }),
    ),
    opVector(
      'lamport.above-max',
      'a correctly signed op with lamport 2^53 (above MEMORY_CLOCK_MAX) is OP_INVALID',
      ['NP-MEM-028'],
      signOp(writeFields(opFields({ ...factOp, lamport: 2n ** 53n })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, lamport: 2n ** 53n }),
    ),
    opVector(
      'account.uppercase',
      'a correctly signed op whose account has upper-case hex (EIP-55) is OP_INVALID',
      ['NP-MEM-029'],
      signOp(writeFields(opFields({ ...factOp, account: '0x5ACE05000000000000000000000000000000C0DE' })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, account: '0x5ACE05000000000000000000000000000000C0DE' }),
    ),
    opVector(
      'payload.empty',
      'a correctly signed op whose payload field is present but empty is OP_INVALID (one encoding per body)',
      ['NP-MEM-019'],
      signOp(writeFields(opFields({ ...factOp, payload: new Uint8Array(0) })), key),
      { error: 'OP_INVALID' },
      readableOp({ ...factOp, payload: new Uint8Array(0) }, 'field 8 with length 0'),
    ),
    opVector(
      'payload.not-json-accepted',
      'an op whose payload is not JSON is still accepted (verifies, has an id): payload validity only matters when memory is built',
      ['NP-MEM-004', 'NP-MEM-066'],
      signOp(writeFields(opFields({ ...factOp, payload: str('not json') })), key),
      { opId: toHex(sha256(signOp(writeFields(opFields({ ...factOp, payload: str('not json') })), key))) },
      readableOp({ ...factOp, payload: str('not json') }),
    ),
    opVector(
      'oversize',
      `an op over MEMORY_OP_MAX_BYTES (${MEMORY_OP_MAX_BYTES}) is FRAME_TOO_LARGE`,
      ['NP-MEM-015', 'NP-CODEC-014'],
      {
        parts: [
          { hex: toHex(oversizeHeader) },
          { repeatHex: '61', count: oversizePayloadLength },
          { hex: toHex(oversizeCarried.subarray(oversizeCarried.length - 66)) },
        ],
      },
      { error: 'FRAME_TOO_LARGE' },
      {
        note: `fact.set op whose payload is ${oversizePayloadLength} bytes of "a"; ${oversizeCarried.length} bytes in all`,
      },
    ),
  ]

  // ---- private-scope ops ---------------------------------------------------------------------------------------
  const secret1 = testUserSecret('epoch 1')
  const secret2 = testUserSecret('epoch 2')
  const held = [
    { keyEpoch: 1, userSecretHex: toHex(secret1) },
    { keyEpoch: 2, userSecretHex: toHex(secret2) },
  ]
  const diary = str(JSON.stringify({ fact_id: 'diary-2025-11-26', fields: { text: 'Private note: call the doctor.' } }))
  const privateOp = (lamport: bigint, ciphertext: OpInit['ciphertext']): OpInit => {
    const { payload: _payload, ...rest } = factOp
    return { ...rest, scope: 'private', lamport, ...(ciphertext ? { ciphertext } : {}) }
  }
  const privateVector = (
    id: string,
    description: string,
    requirements: string[],
    op: OpInit,
    expect: { plaintext: Uint8Array } | { error: keyof typeof ErrorCode },
    note: string,
  ): Vector => {
    const carried = signOp(writeFields(opFields(op)), key)
    const c = op.ciphertext
    return {
      kind: 'private_op',
      id: `private-op.${id}`,
      description,
      requirements,
      op: opHex(carried),
      publicKeyHex: pub,
      secrets: held,
      readable: {
        note,
        ...readableOp(op),
        ciphertext: c
          ? { keyEpoch: c.keyEpoch, nonceHex: toHex(c.nonce), ciphertextHex: toHex(c.ciphertext) }
          : undefined,
      },
      expect: 'error' in expect ? expect : { opId: toHex(sha256(carried)), plaintextHex: toHex(expect.plaintext) },
    }
  }
  const privateOps: Vector[] = [
    privateVector(
      'epoch-1',
      'a private op encrypted under epoch 1 verifies and decrypts',
      ['NP-PRIV-002', 'NP-PRIV-012'],
      privateOp(20n, encryptPrivate(secret1, 1, account, testNonce('epoch-1'), diary)),
      { plaintext: diary },
      'plaintext = a fact.set payload (spec/MEMORY.md §2.1)',
    ),
    privateVector(
      'epoch-2',
      'a private op encrypted under epoch 2 decrypts with the epoch-2 secret (the epoch is in the HKDF info)',
      ['NP-PRIV-002'],
      privateOp(21n, encryptPrivate(secret2, 2, account, testNonce('epoch-2'), diary)),
      { plaintext: diary },
      'the receiver holds epochs 1 and 2',
    ),
    privateVector(
      'epoch-unknown',
      'a private op naming epoch 3, which the receiving node does not hold (after fetching envelopes), is KEY_EPOCH_UNKNOWN',
      ['NP-PRIV-022'],
      privateOp(22n, encryptPrivate(testUserSecret('epoch 3'), 3, account, testNonce('epoch-3'), diary)),
      { error: 'KEY_EPOCH_UNKNOWN' },
      'encrypted under a secret of epoch 3',
    ),
    privateVector(
      'epoch-zero',
      'a private op naming epoch 0 is KEY_EPOCH_UNKNOWN',
      ['NP-PRIV-021'],
      privateOp(23n, encryptPrivate(secret1, 0, account, testNonce('epoch-0'), diary)),
      { error: 'KEY_EPOCH_UNKNOWN' },
      'key_epoch 0 (absent on the wire)',
    ),
    privateVector(
      'aad-other-account',
      'a ciphertext whose AAD names another account does not authenticate: OP_INVALID',
      ['NP-PRIV-012', 'NP-PRIV-023'],
      privateOp(24n, encryptPrivate(secret1, 1, '0x000000000000000000000000000000000000dead', testNonce('aad'), diary)),
      { error: 'OP_INVALID' },
      'encrypted with the AAD of account 0x…dead, carried in an op of the dev account',
    ),
    privateVector(
      'wrong-secret',
      'a ciphertext made with another epoch-1 secret does not authenticate: OP_INVALID',
      ['NP-PRIV-002', 'NP-PRIV-023'],
      privateOp(25n, encryptPrivate(testUserSecret('someone else'), 1, account, testNonce('wrong'), diary)),
      { error: 'OP_INVALID' },
      'encrypted under a secret the receiver does not hold for epoch 1',
    ),
    privateVector(
      'nonce-11-bytes',
      'a ciphertext with an 11-byte nonce is not well-formed: SCOPE_VIOLATION',
      ['NP-PRIV-020', 'NP-SCOPE-008'],
      privateOp(26n, {
        ...encryptPrivate(secret1, 1, account, testNonce('short'), diary),
        nonce: testNonce('short').subarray(0, 11),
      }),
      { error: 'SCOPE_VIOLATION' },
      'nonce truncated to 11 bytes',
    ),
  ]

  // ---- node_join device proofs ----------------------------------------------------------------------------------
  const challenge = bytesOf(32, 0x40)
  const jwt = 'eyJhbGciOiJFUzI1NksiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiIweDVhY2UwNSJ9.VEVTVC1PTkxZLW5vdC1hLXJlYWwtc2lnbmF0dXJl'
  const nodeId = 'node-laptop-01'
  const proofBytes = (c: Uint8Array, j: string, n: string) =>
    Buffer.concat([
      Buffer.from('SPACEOS-NODE-JOIN-V1\0', 'utf8'),
      c,
      createHash('sha256').update(j, 'utf8').digest(),
      Buffer.from(n, 'utf8'),
    ])
  const proof = key.sign(proofBytes(challenge, jwt, nodeId))
  const proofVector = (
    id: string,
    description: string,
    inputs: { challenge?: Uint8Array; jwt?: string; nodeId?: string; proof?: Uint8Array; publicKey?: Uint8Array },
    expect: { verifies: true } | { error: keyof typeof ErrorCode },
  ): Vector => ({
    kind: 'device_proof',
    id: `device-proof.${id}`,
    description,
    requirements: ['NP-JOIN-008', 'NP-CODEC-010', 'NP-CODEC-011'],
    challengeHex: toHex(inputs.challenge ?? challenge),
    jwt: inputs.jwt ?? jwt,
    nodeId: inputs.nodeId ?? nodeId,
    deviceProofHex: toHex(inputs.proof ?? proof),
    publicKeyHex: toHex(inputs.publicKey ?? key.publicKey),
    readable: {
      signedBytes: '"SPACEOS-NODE-JOIN-V1" 0x00 || challenge || SHA-256(UTF-8 jwt) || UTF-8(node_id)',
      signedBytesHex: toHex(proofBytes(challenge, jwt, nodeId)),
      note: 'the JWT is a TEST-ONLY placeholder; only its bytes are hashed',
    },
    expect,
  })
  const deviceProofs: Vector[] = [
    proofVector(
      'valid',
      'a device proof over the challenge, the JWT hash and the node id verifies',
      {},
      { verifies: true },
    ),
    proofVector(
      'other-challenge',
      'the same proof presented for another challenge is BAD_SIGNATURE',
      { challenge: bytesOf(32, 0x41) },
      { error: 'BAD_SIGNATURE' },
    ),
    proofVector(
      'other-jwt',
      'the same proof presented with another JWT is BAD_SIGNATURE',
      { jwt: `${jwt}x` },
      { error: 'BAD_SIGNATURE' },
    ),
    proofVector(
      'other-node',
      'the same proof presented for another node id is BAD_SIGNATURE',
      { nodeId: 'node-laptop-02' },
      { error: 'BAD_SIGNATURE' },
    ),
    proofVector(
      'other-device',
      'a proof signed by another device key is BAD_SIGNATURE',
      { proof: other.sign(proofBytes(challenge, jwt, nodeId)) },
      { error: 'BAD_SIGNATURE' },
    ),
  ]

  // ---- envelopes: positive, both subprotocols ---------------------------------------------------------------
  const nonce = bytesOf(32)
  const pairs = [
    envelopeVector('ping', 'ping carrying a 32-byte nonce', ['NP-WIRE-020'], {
      id: '01JDKZ8Q4X6Y7Z8A9B0C1D2E3F',
      tsMs: baseTs,
      body: { case: 'ping', value: { nonce } },
    }),
    envelopeVector('pong', 'pong echoing the nonce, correlated to the ping', ['NP-WIRE-040', 'NP-WIRE-026'], {
      id: '01JDKZ8Q4X6Y7Z8A9B0C1D2E3G',
      correlationId: '01JDKZ8Q4X6Y7Z8A9B0C1D2E3F',
      tsMs: baseTs + 3n,
      body: { case: 'pong', value: { nonce } },
    }),
    envelopeVector('heartbeat', 'heartbeat with state and load', ['NP-WIRE-023'], {
      id: 'hb-000001',
      tsMs: baseTs + 60_000n,
      seq: 2n,
      ack: 1n,
      body: { case: 'heartbeat', value: { state: NodeState.FOREGROUND, load: { turns: 1, tools: 0, jobs: 2 } } },
    }),
    envelopeVector('user-turn', 'user_turn with non-ASCII text', ['NP-WIRE-020'], {
      id: 'turn-frame-1',
      tsMs: baseTs + 1000n,
      seq: 3n,
      body: {
        case: 'userTurn',
        value: { turnId: 'turn-1', conversationId: 'conv-1', text: 'Olá — what is on my calendar? 📅' },
      },
    }),
    envelopeVector('token', 'token of a streamed turn', ['NP-WIRE-026'], {
      id: 'tok-1-0',
      correlationId: 'turn-frame-1',
      tsMs: baseTs + 1200n,
      seq: 4n,
      body: { case: 'token', value: { turnId: 'turn-1', index: 0, text: 'You have ' } },
    }),
    envelopeVector('turn-complete', 'turn_complete with usage and op ids', ['NP-WIRE-026'], {
      id: 'done-1',
      correlationId: 'turn-frame-1',
      tsMs: baseTs + 1500n,
      seq: 5n,
      body: {
        case: 'turnComplete',
        value: {
          turnId: 'turn-1',
          status: TurnStatus.COMPLETED,
          usage: { promptTokens: 120, completionTokens: 16 },
          opIds: [factId],
        },
      },
    }),
    envelopeVector(
      'memory-delta',
      'memory_delta carrying two consecutive synced ops of one device, in chain order, as bytes',
      ['NP-MEM-012', 'NP-MEM-114'],
      {
        id: 'delta-1',
        tsMs: baseTs + 5000n,
        seq: 6n,
        body: { case: 'memoryDelta', value: { ops: [factCarried, syncedOp2] } },
      },
    ),
    envelopeVector('error', 'error body correlated to a frame, with details', ['NP-ERR-010', 'NP-ERR-013'], {
      id: 'err-1',
      correlationId: 'delta-1',
      tsMs: baseTs + 5001n,
      seq: 7n,
      body: {
        case: 'error',
        value: { code: ErrorCode.INVALID_FIELD, message: 'id does not match the id format', details: { field: 'id' } },
      },
    }),
  ]
  const positives: Vector[] = pairs.flatMap((pair) => [pair.proto, pair.json])

  // Positive special cases: accepted input that is not in canonical form.
  const ping = create(EnvelopeSchema, { id: 'ping-x', tsMs: baseTs, body: { case: 'ping', value: { nonce } } })
  const pingBytes = toBinary(EnvelopeSchema, ping)
  const pingJson = toJsonString(EnvelopeSchema, ping)
  const unknownField = writeFields([{ no: 99, varint: 42n }])
  const heartbeatUnknownEnum = Buffer.concat([
    writeFields([
      { no: 1, bytes: str('hb-enum') },
      { no: 3, varint: baseTs },
    ]),
    writeFields([{ no: 11, bytes: writeFields([{ no: 1, varint: 99n }]) }]),
  ])
  const reordered = writeFields([
    { no: 29, bytes: writeFields([{ no: 1, bytes: nonce }]) },
    { no: 3, varint: baseTs },
    { no: 1, bytes: str('ping-x') },
  ])
  const specials: Vector[] = [
    {
      kind: 'decode',
      id: 'envelope.unknown-field.proto',
      description:
        'a binary envelope carrying an unknown field 99 is accepted (the field ignored, preferably preserved)',
      requirements: ['NP-VER-002', 'NP-VER-003', 'NP-CODEC-008'],
      subprotocol: subprotocols.proto,
      frame: { hex: toHex(Buffer.concat([pingBytes, unknownField])) },
      readable: { ...(JSON.parse(pingJson) as object), note: 'plus field 99 (varint 42) at the end' },
      expect: {
        protoHex: toHex(Buffer.concat([pingBytes, unknownField])),
        alternativeProtoHex: [toHex(pingBytes)],
        json: pingJson,
      },
    },
    {
      kind: 'decode',
      id: 'envelope.unknown-enum-value.proto',
      description: 'a binary heartbeat whose state is an unknown enum number (99) is accepted',
      requirements: ['NP-VER-004', 'NP-CODEC-008'],
      subprotocol: subprotocols.proto,
      frame: { hex: toHex(heartbeatUnknownEnum) },
      readable: { id: 'hb-enum', tsMs: baseTs.toString(), heartbeat: { state: 99 } },
      expect: {
        protoHex: toHex(heartbeatUnknownEnum),
        json: JSON.stringify({ id: 'hb-enum', tsMs: baseTs.toString(), heartbeat: { state: 99 } }),
      },
    },
    {
      kind: 'decode',
      id: 'envelope.field-order.proto',
      description: 'a binary envelope with fields in descending order decodes; the re-encoding is canonical',
      requirements: ['NP-WIRE-010', 'NP-CODEC-013'],
      subprotocol: subprotocols.proto,
      frame: { hex: toHex(reordered) },
      readable: JSON.parse(pingJson),
      expect: { protoHex: toHex(pingBytes), json: pingJson },
    },
    {
      kind: 'decode',
      id: 'envelope.proto-field-names.json',
      description: 'JSON using the original proto field names (ts_ms, correlation_id) is accepted',
      requirements: ['NP-VER-007'],
      subprotocol: subprotocols.json,
      frame: {
        text: `{"id":"pong-x","correlation_id":"ping-x","ts_ms":"${baseTs}","pong":{"nonce":"${Buffer.from(nonce).toString('base64')}"}}`,
      },
      readable: 'pong with snake_case field names',
      expect: (() => {
        const pong = create(EnvelopeSchema, {
          id: 'pong-x',
          correlationId: 'ping-x',
          tsMs: baseTs,
          body: { case: 'pong', value: { nonce } },
        })
        return { protoHex: toHex(toBinary(EnvelopeSchema, pong)), json: toJsonString(EnvelopeSchema, pong) }
      })(),
    },
  ]

  // ---- envelopes: negative ----------------------------------------------------------------------------------
  const tokenHeader = (textLength: number) => {
    // Envelope{id:"big", ts_ms, user_turn{turn_id:"t", text: <textLength × "a">}} with the text left out, so the
    // vector file can repeat it. (user_turn.text has no limit of its own, unlike token.text.)
    const textTagAndLength = new BinaryWriter().tag(3, WireType.LengthDelimited).uint32(textLength).finish()
    const tokenInnerLength = 3 + textTagAndLength.length + textLength // turn_id "t" is 3 bytes
    const envelopeHead = writeFields([
      { no: 1, bytes: str('big') },
      { no: 3, varint: baseTs },
    ])
    const tokenTag = new BinaryWriter().tag(12, WireType.LengthDelimited).uint32(tokenInnerLength).finish()
    return Buffer.concat([envelopeHead, tokenTag, writeFields([{ no: 1, bytes: str('t') }]), textTagAndLength])
  }
  const oversizeText = WS_MAX_FRAME_BYTES // plus the envelope around it: over the limit
  let atLimitText = WS_MAX_FRAME_BYTES
  while (tokenHeader(atLimitText).length + atLimitText > WS_MAX_FRAME_BYTES) atLimitText--
  const atLimitFrame = Buffer.concat([tokenHeader(atLimitText), Buffer.alloc(atLimitText, 0x61)])
  specials.push({
    kind: 'decode',
    id: 'envelope.at-size-limit.proto',
    description: `a binary frame of exactly WS_MAX_FRAME_BYTES (${WS_MAX_FRAME_BYTES}) is accepted, within the request timeout`,
    requirements: ['NP-WIRE-014', 'NP-CODEC-005', 'NP-CODEC-012'],
    subprotocol: subprotocols.proto,
    frame: { parts: [{ hex: toHex(tokenHeader(atLimitText)) }, { repeatHex: '61', count: atLimitText }] },
    readable: { id: 'big', tsMs: baseTs.toString(), userTurn: { turnId: 't', text: `${atLimitText} × "a"` } },
    expect: { protoSha256: toHex(sha256(atLimitFrame)) },
  })
  if (atLimitFrame.length !== WS_MAX_FRAME_BYTES) throw new Error('at-limit frame has the wrong size')
  const negatives: Vector[] = [
    negative(
      'envelope.truncated.proto',
      'a binary frame cut in the middle of a field is MALFORMED_FRAME',
      ['NP-WIRE-013', 'NP-CODEC-004'],
      subprotocols.proto,
      { hex: toHex(pingBytes.subarray(0, pingBytes.length - 5)) },
      'MALFORMED_FRAME',
      'envelope.ping.proto without its last 5 bytes',
    ),
    negative(
      'envelope.invalid-wire-type.proto',
      'a binary frame with wire type 7 is MALFORMED_FRAME',
      ['NP-WIRE-013', 'NP-CODEC-004'],
      subprotocols.proto,
      { hex: `${toHex(pingBytes)}0f` },
      'MALFORMED_FRAME',
      'ping followed by tag byte 0x0f (field 1, wire type 7)',
    ),
    negative(
      'envelope.json-text-under-proto',
      'JSON text sent under spaceos.v1.proto is MALFORMED_FRAME',
      ['NP-WIRE-012', 'NP-WIRE-013', 'NP-CODEC-004'],
      subprotocols.proto,
      { text: pingJson },
      'MALFORMED_FRAME',
      'the JSON ping as a binary frame',
    ),
    negative(
      'envelope.invalid-json.json',
      'text that is not JSON is MALFORMED_FRAME',
      ['NP-WIRE-013', 'NP-CODEC-004'],
      subprotocols.json,
      { text: '{"id":"x","tsMs":"1","ping":{' },
      'MALFORMED_FRAME',
      'unterminated JSON',
    ),
    negative(
      'envelope.json-not-object.json',
      'JSON that is not an object is MALFORMED_FRAME',
      ['NP-WIRE-013', 'NP-CODEC-004'],
      subprotocols.json,
      { text: '["ping"]' },
      'MALFORMED_FRAME',
      'a JSON array',
    ),
    negative(
      'envelope.invalid-utf8.json',
      'a text frame that is not UTF-8 is MALFORMED_FRAME',
      ['NP-WIRE-013', 'NP-CODEC-004'],
      subprotocols.json,
      { hex: `${toHex(str('{"id":"x'))}ff${toHex(str('","tsMs":"1","ping":{}}'))}` },
      'MALFORMED_FRAME',
      'byte 0xff inside the id string',
    ),
    negative(
      'envelope.oversize.proto',
      `a binary frame over WS_MAX_FRAME_BYTES (${WS_MAX_FRAME_BYTES}) is FRAME_TOO_LARGE`,
      ['NP-WIRE-014', 'NP-CODEC-005'],
      subprotocols.proto,
      { parts: [{ hex: toHex(tokenHeader(oversizeText)) }, { repeatHex: '61', count: oversizeText }] },
      'FRAME_TOO_LARGE',
      { id: 'big', tsMs: baseTs.toString(), userTurn: { turnId: 't', text: `${oversizeText} × "a"` } },
    ),
    negative(
      'envelope.oversize.json',
      `a JSON frame over WS_MAX_FRAME_BYTES (${WS_MAX_FRAME_BYTES}) is FRAME_TOO_LARGE`,
      ['NP-WIRE-014', 'NP-CODEC-005'],
      subprotocols.json,
      {
        parts: [
          { text: `{"id":"big","tsMs":"${baseTs}","userTurn":{"turnId":"t","text":"` },
          { repeatText: 'a', count: oversizeText },
          { text: '"}}' },
        ],
      },
      'FRAME_TOO_LARGE',
      { id: 'big', tsMs: baseTs.toString(), userTurn: { turnId: 't', text: `${oversizeText} × "a"` } },
    ),
    negative(
      'envelope.no-body.proto',
      'an envelope without a body is UNKNOWN_MESSAGE',
      ['NP-WIRE-025', 'NP-VER-005', 'NP-CODEC-006'],
      subprotocols.proto,
      {
        hex: toHex(
          writeFields([
            { no: 1, bytes: str('nobody') },
            { no: 3, varint: baseTs },
          ]),
        ),
      },
      'UNKNOWN_MESSAGE',
      { id: 'nobody', tsMs: baseTs.toString() },
    ),
    negative(
      'envelope.no-body.json',
      'a JSON envelope without a body is UNKNOWN_MESSAGE',
      ['NP-WIRE-025', 'NP-VER-005', 'NP-CODEC-006'],
      subprotocols.json,
      { text: `{"id":"nobody","tsMs":"${baseTs}"}` },
      'UNKNOWN_MESSAGE',
      'no body member',
    ),
    negative(
      'envelope.unknown-oneof-body.proto',
      'an envelope whose only body is an unknown oneof member (field 60) is UNKNOWN_MESSAGE',
      ['NP-WIRE-025', 'NP-VER-005', 'NP-CODEC-006'],
      subprotocols.proto,
      {
        hex: toHex(
          writeFields([
            { no: 1, bytes: str('future') },
            { no: 3, varint: baseTs },
            { no: 60, bytes: writeFields([{ no: 1, bytes: str('v2 body') }]) },
          ]),
        ),
      },
      'UNKNOWN_MESSAGE',
      'field 60 (a body a v2 sender might add) as the only body',
    ),
    negative(
      'envelope.unknown-field.json',
      'a JSON envelope with a field the schema does not define is UNKNOWN_FIELD',
      ['NP-VER-006', 'NP-CODEC-007'],
      subprotocols.json,
      { text: `{"id":"x1","tsMs":"${baseTs}","ping":{"nonce":"AAAA"},"priority":"high"}` },
      'UNKNOWN_FIELD',
      'extra member "priority"',
    ),
    negative(
      'envelope.unknown-enum-name.json',
      'a JSON enum name the schema does not define is UNKNOWN_FIELD',
      ['NP-VER-004', 'NP-VER-006', 'NP-CODEC-007'],
      subprotocols.json,
      { text: `{"id":"x2","tsMs":"${baseTs}","heartbeat":{"state":"NODE_STATE_HIBERNATING"}}` },
      'UNKNOWN_FIELD',
      'heartbeat.state NODE_STATE_HIBERNATING',
    ),
    negative(
      'envelope.heartbeat-state-offline.proto',
      'a heartbeat whose state is the enum value NODE_STATE_OFFLINE is INVALID_FIELD',
      ['NP-HB-005', 'NP-CODEC-009'],
      subprotocols.proto,
      {
        hex: toHex(
          toBinary(
            EnvelopeSchema,
            create(EnvelopeSchema, {
              id: 'hb-off',
              tsMs: baseTs,
              seq: 1n,
              body: { case: 'heartbeat', value: { state: NodeState.OFFLINE } },
            }),
          ),
        ),
      },
      'INVALID_FIELD',
      { id: 'hb-off', tsMs: baseTs.toString(), seq: '1', heartbeat: { state: 'NODE_STATE_OFFLINE' } },
    ),
    negative(
      'envelope.heartbeat-state-unspecified.json',
      'a heartbeat without a state (enum UNSPECIFIED) is INVALID_FIELD',
      ['NP-HB-005', 'NP-CODEC-009'],
      subprotocols.json,
      { text: `{"id":"hb-none","tsMs":"${baseTs}","seq":"1","heartbeat":{"load":{"turns":1}}}` },
      'INVALID_FIELD',
      'heartbeat.state absent',
    ),
    negative(
      'envelope.error-code-unspecified.proto',
      'an error body whose code is ERROR_CODE_UNSPECIFIED is INVALID_FIELD',
      ['NP-ERR-001', 'NP-CODEC-009'],
      subprotocols.proto,
      {
        hex: toHex(
          toBinary(
            EnvelopeSchema,
            create(EnvelopeSchema, {
              id: 'err-0',
              tsMs: baseTs,
              body: { case: 'error', value: { message: 'no code' } },
            }),
          ),
        ),
      },
      'INVALID_FIELD',
      { id: 'err-0', tsMs: baseTs.toString(), error: { message: 'no code' } },
    ),
    negative(
      'envelope.id-empty.proto',
      'an envelope with an empty id is INVALID_FIELD',
      ['NP-WIRE-020', 'NP-CODEC-009'],
      subprotocols.proto,
      {
        hex: toHex(
          toBinary(
            EnvelopeSchema,
            create(EnvelopeSchema, { id: '', tsMs: baseTs, body: { case: 'ping', value: { nonce } } }),
          ),
        ),
      },
      'INVALID_FIELD',
      'ping with id ""',
    ),
    negative(
      'envelope.id-format.json',
      'an envelope id with characters outside [A-Za-z0-9_-] is INVALID_FIELD',
      ['NP-WIRE-020', 'NP-CODEC-009'],
      subprotocols.json,
      { text: `{"id":"has space","tsMs":"${baseTs}","ping":{}}` },
      'INVALID_FIELD',
      'id "has space"',
    ),
    negative(
      'envelope.ping-nonce-too-long.proto',
      'a ping nonce over 64 bytes is INVALID_FIELD',
      ['NP-WIRE-043', 'NP-CODEC-009'],
      subprotocols.proto,
      {
        hex: toHex(
          toBinary(
            EnvelopeSchema,
            create(EnvelopeSchema, {
              id: 'ping-long',
              tsMs: baseTs,
              body: { case: 'ping', value: { nonce: bytesOf(65) } },
            }),
          ),
        ),
      },
      'INVALID_FIELD',
      'ping with a 65-byte nonce',
    ),
    negative(
      'envelope.unsupported-subprotocol',
      'a frame under an unsupported subprotocol (spaceos.v2.proto) is UNSUPPORTED_VERSION',
      ['NP-VER-010', 'NP-CODEC-003'],
      'spaceos.v2.proto',
      { hex: toHex(pingBytes) },
      'UNSUPPORTED_VERSION',
      'envelope.ping.proto under subprotocol spaceos.v2.proto',
    ),
    negative(
      'envelope.memory-delta-local-scope.proto',
      'a memory_delta carrying an op of scope local is SCOPE_VIOLATION (local ops never leave the node)',
      ['NP-SCOPE-002', 'NP-SCOPE-003'],
      subprotocols.proto,
      {
        hex: toHex(
          toBinary(
            EnvelopeSchema,
            create(EnvelopeSchema, {
              id: 'delta-local',
              tsMs: baseTs,
              seq: 1n,
              body: { case: 'memoryDelta', value: { ops: [localOp] } },
            }),
          ),
        ),
      },
      'SCOPE_VIOLATION',
      {
        note: 'memory_delta with one signed fact.set op of scope "local"',
        op: readableOp({ ...factOp, scope: 'local', lamport: 9n }),
      },
    ),
  ]

  return {
    files: [
      {
        name: 'envelopes.json',
        comment: 'Valid envelopes in both subprotocols, and accepted non-canonical input.',
        vectors: [...positives, ...specials],
      },
      {
        name: 'envelopes-invalid.json',
        comment: 'Frames a receiver must reject, with the expected error code.',
        vectors: negatives,
      },
      {
        name: 'memory-ops.json',
        comment: 'Signed memory ops (test-only dev key, see ../dev-key.json) with the expected verdict.',
        vectors: memoryOps,
      },
      {
        name: 'private-ops.json',
        comment:
          'Private-scope memory ops with TEST-ONLY user secrets and fixed nonces, and the expected plaintext or error.',
        vectors: privateOps,
      },
      ...buildMemoryVectorFiles(key, other),
      {
        name: 'device-proofs.json',
        comment:
          'node_join device proofs (spec/WIRE.md §4) signed with the TEST-ONLY dev key, with the expected verdict.',
        vectors: deviceProofs,
      },
    ],
    devKey: {
      $comment:
        'TEST ONLY. Both keys are derived from PUBLIC seed strings (seed = SHA-256(UTF-8 seed string)); anyone can sign with them. Never use them for real data.',
      devKey: {
        seedString: key.seedString,
        seedHex: toHex(key.seed),
        publicKeyHex: toHex(key.publicKey),
        deviceId: key.deviceId,
      },
      otherKey: {
        seedString: other.seedString,
        seedHex: toHex(other.seed),
        publicKeyHex: toHex(other.publicKey),
        deviceId: other.deviceId,
      },
      account,
    },
  }
}

/** The text of a vector file as committed (stable key order, one trailing newline). */
export function renderVectorFile(file: VectorFile): string {
  return `${JSON.stringify({ $comment: `${file.comment} Generated by conformance/scripts/make-vectors.ts (npm run vectors:make).`, vectors: file.vectors }, null, 2)}\n`
}
