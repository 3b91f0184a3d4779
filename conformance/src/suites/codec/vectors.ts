import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/** The two subprotocols of spec/WIRE.md. */
export const subprotocols = { proto: 'spaceos.v1.proto', json: 'spaceos.v1.json' } as const

const hex = z.string().regex(/^([0-9a-f]{2})*$/, 'lowercase hex')

/**
 * Bytes written so a reader can see them: hex, UTF-8 text, or parts joined in order where a part may repeat a
 * short pattern (so an oversize frame of 1 MiB stays a few lines in the vector file).
 */
export const bytesSpecSchema = z.union([
  z.object({ hex }),
  z.object({ text: z.string() }),
  z.object({
    parts: z.array(
      z.union([
        z.object({ hex }),
        z.object({ text: z.string() }),
        z.object({ repeatHex: hex.min(2), count: z.number().int().positive() }),
        z.object({ repeatText: z.string().min(1), count: z.number().int().positive() }),
      ]),
    ),
  }),
])
export type BytesSpec = z.infer<typeof bytesSpecSchema>
const errorName = z.string().regex(/^[A-Z][A-Z_]*$/, 'spec error-code name, e.g. BAD_SIGNATURE')
const base = {
  /** Unique across all vector files; becomes the case id. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  description: z.string().min(1),
  /** Spec requirement IDs the vector proves. */
  requirements: z.array(z.string().regex(/^NP-[A-Z]+-\d+$/)).min(1),
}

/** A frame as received on a WebSocket, with the expected outcome of decoding it. */
export const decodeVectorSchema = z.object({
  ...base,
  kind: z.literal('decode'),
  subprotocol: z.string(),
  /** The frame: hex of the bytes (binary subprotocol) or the exact text (JSON subprotocol). */
  frame: bytesSpecSchema,
  /** The readable twin: the envelope as canonical JSON (positive vectors) or a note on what is wrong (negative). */
  readable: z.unknown(),
  expect: z.union([
    z.object({
      /** Canonical binary re-encoding. */
      protoHex: hex,
      /** Other binary encodings accepted, e.g. with unknown fields preserved (NP-VER-003 is a SHOULD). */
      alternativeProtoHex: z.array(hex).optional(),
      /** Canonical JSON text; compared as parsed JSON. */
      json: z.string(),
    }),
    z.object({
      /** Accepted; only the SHA-256 of the binary re-encoding is given (for frames too large to spell out). */
      protoSha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
    z.object({ error: errorName }),
  ]),
})
export type DecodeVector = z.infer<typeof decodeVectorSchema>

/** A memory op as carried (signature included) with the device key and the expected verdict. */
export const memoryOpVectorSchema = z.object({
  ...base,
  kind: z.literal('memory_op'),
  /** spaceos.memory.v1.MemoryOp bytes exactly as carried on the wire (signature included). */
  op: bytesSpecSchema,
  /** The signing device's Ed25519 public key. */
  publicKeyHex: hex,
  /** The readable twin: the op's fields, or a note on what is wrong. */
  readable: z.unknown(),
  expect: z.union([z.object({ opId: z.string().regex(/^[0-9a-f]{64}$/) }), z.object({ error: errorName })]),
})
export type MemoryOpVector = z.infer<typeof memoryOpVectorSchema>

/** A private-scope memory op with the user secrets the receiving device holds and the expected plaintext. */
export const privateOpVectorSchema = z.object({
  ...base,
  kind: z.literal('private_op'),
  /** spaceos.memory.v1.MemoryOp bytes exactly as carried on the wire (signature included). */
  op: bytesSpecSchema,
  publicKeyHex: hex,
  /** TEST-ONLY user secrets by epoch (spec/MEMORY.md §7.1). */
  secrets: z.array(z.object({ keyEpoch: z.number().int().nonnegative(), userSecretHex: hex })),
  readable: z.unknown(),
  expect: z.union([
    z.object({ opId: z.string().regex(/^[0-9a-f]{64}$/), plaintextHex: hex }),
    z.object({ error: errorName }),
  ]),
})
export type PrivateOpVector = z.infer<typeof privateOpVectorSchema>

/** A node_join device proof (spec/WIRE.md §4) with the expected verdict. */
export const deviceProofVectorSchema = z.object({
  ...base,
  kind: z.literal('device_proof'),
  challengeHex: hex,
  jwt: z.string(),
  nodeId: z.string(),
  deviceProofHex: hex,
  publicKeyHex: hex,
  readable: z.unknown(),
  expect: z.union([z.object({ verifies: z.literal(true) }), z.object({ error: errorName })]),
})
export type DeviceProofVector = z.infer<typeof deviceProofVectorSchema>

/** The payload of a memory op kind (spec/MEMORY.md §2.1), with its verdict and the members a reader keeps. */
export const payloadVectorSchema = z.object({
  ...base,
  kind: z.literal('payload'),
  /** The op kind, e.g. "fact.set". */
  opKind: z.string(),
  /** The op's scope (some members and pref keys depend on it). */
  scope: z.string(),
  /** The payload bytes (UTF-8 JSON text, or hex for bytes that are not UTF-8). */
  payload: bytesSpecSchema,
  readable: z.unknown(),
  expect: z.union([
    /** Valid; `known` is the payload with only the members this version knows (spec/MEMORY.md NP-MEM-062). */
    z.object({ known: z.record(z.string(), z.unknown()) }),
    z.object({ error: errorName }),
  ]),
})
export type PayloadVector = z.infer<typeof payloadVectorSchema>

/** A set of signed ops (in one arrival order) and the canonical view every replica holding them builds (§6.4). */
export const mergeVectorSchema = z.object({
  ...base,
  kind: z.literal('merge'),
  /** The account whose memory is built. */
  account: z.string(),
  /** The account's devices (revoked ones included) and their Ed25519 public keys. */
  devices: z.array(z.object({ deviceId: z.string(), publicKeyHex: hex })),
  /** TEST-ONLY user secrets the building node holds. */
  secrets: z.array(z.object({ keyEpoch: z.number().int().nonnegative(), userSecretHex: hex })),
  /** The ops, signed, in an arrival order; the suite also feeds them reversed and rotated. */
  ops: z.array(bytesSpecSchema),
  readable: z.unknown(),
  expect: z.object({ view: z.record(z.string(), z.unknown()) }),
})
export type MergeVector = z.infer<typeof mergeVectorSchema>

export const vectorSchema = z.discriminatedUnion('kind', [
  decodeVectorSchema,
  memoryOpVectorSchema,
  privateOpVectorSchema,
  deviceProofVectorSchema,
  payloadVectorSchema,
  mergeVectorSchema,
])
export type Vector = z.infer<typeof vectorSchema>

/** One file of spec/vectors/codec/. */
export const vectorFileSchema = z.object({
  $comment: z.string().optional(),
  vectors: z.array(vectorSchema),
})

/** A vector file is missing, not JSON, or not in the shape of {@link vectorFileSchema}. */
export class VectorFileInvalidError extends Error {
  override name = 'VectorFileInvalidError'
}

/**
 * The golden-vector folder: spec/vectors/codec in a checkout, or the copy shipped in the package's vectors/.
 * Undefined when neither exists.
 */
export function defaultVectorsDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url))
  // A checkout's spec/vectors wins over the copy a build puts in the package, which may be stale.
  for (const relative of [join('spec', 'vectors', 'codec'), join('vectors', 'codec')]) {
    let dir = here
    for (let i = 0; i < 7; i++) {
      const candidate = join(dir, relative)
      if (existsSync(candidate)) return candidate
      dir = resolve(dir, '..')
    }
  }
  return undefined
}

/** Reads every `*.json` vector file of a folder (sorted by name); vector ids must be unique. */
export function loadVectors(dir: string): Vector[] {
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
  } catch (cause) {
    throw new VectorFileInvalidError(`cannot read vector folder ${dir}: ${(cause as Error).message}`)
  }
  const vectors: Vector[] = []
  const seen = new Set<string>()
  for (const name of names) {
    const path = join(dir, name)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch (cause) {
      throw new VectorFileInvalidError(`${path}: ${(cause as Error).message}`)
    }
    const parsed = vectorFileSchema.safeParse(raw)
    if (!parsed.success) throw new VectorFileInvalidError(`${path}: ${parsed.error.message}`)
    for (const vector of parsed.data.vectors) {
      if (seen.has(vector.id)) throw new VectorFileInvalidError(`${path}: duplicate vector id ${vector.id}`)
      seen.add(vector.id)
      vectors.push(vector)
    }
  }
  return vectors
}

/** Hex ⇄ bytes helpers used by the suite and the vector tests. */
export const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

/** The bytes a {@link BytesSpec} describes. */
export function specBytes(spec: BytesSpec): Uint8Array {
  const utf8 = (text: string) => new TextEncoder().encode(text)
  if ('hex' in spec) return fromHex(spec.hex)
  if ('text' in spec) return utf8(spec.text)
  const chunks = spec.parts.map((part) => {
    if ('count' in part) {
      const unit = 'repeatHex' in part ? fromHex(part.repeatHex) : utf8(part.repeatText)
      const out = new Uint8Array(unit.length * part.count)
      for (let i = 0; i < part.count; i++) out.set(unit, i * unit.length)
      return out
    }
    return 'hex' in part ? fromHex(part.hex) : utf8(part.text)
  })
  return Buffer.concat(chunks)
}

/** The frame bytes of a decode vector. */
export function frameBytes(vector: DecodeVector): Uint8Array {
  return specBytes(vector.frame)
}
