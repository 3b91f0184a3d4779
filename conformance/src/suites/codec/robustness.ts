import { isDeepStrictEqual } from 'node:util'
import { CaseFailedError, type ConformanceCase, defineCase } from '../../case.ts'
import type { CodecClient } from './client.ts'
import {
  type DecodeVector,
  frameBytes,
  fromHex,
  type MemoryOpVector,
  specBytes,
  subprotocols,
  toHex,
  type Vector,
} from './vectors.ts'

/** Deterministic PRNG (mulberry32), so every run and every implementation sees the same mutated frames. */
function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (below: number) => Math.floor(next() * below) }
}

/** One of: flip a byte, truncate, insert a byte, delete a range, duplicate a range. */
function mutate(frame: Uint8Array, random: ReturnType<typeof createRandom>): Uint8Array {
  const bytes = Array.from(frame)
  const at = random.int(bytes.length + 1)
  switch (random.int(5)) {
    case 0:
      if (bytes.length > 0) bytes[at % bytes.length] = random.int(256)
      break
    case 1:
      bytes.length = at
      break
    case 2:
      bytes.splice(at, 0, random.int(256))
      break
    case 3:
      bytes.splice(at, 1 + random.int(8))
      break
    default:
      bytes.splice(at, 0, ...bytes.slice(at, at + 1 + random.int(16)))
  }
  return Uint8Array.from(bytes)
}

/** Codes a codec may answer bad input with; INTERNAL means it failed to classify the input (NP-CODEC-003). */
const unacceptable = new Set(['INTERNAL', 'UNSPECIFIED'])

/**
 * Mutated golden frames (seeded, so reproducible): every answer must be a typed spec error or a decode whose canonical
 * re-encoding decodes again to itself. Catches crashes, hangs, untyped errors and unstable canonical forms.
 */
export function robustnessCases(vectors: readonly Vector[], count = 400): ConformanceCase<CodecClient>[] {
  const seeds = vectors.filter(
    (v): v is DecodeVector => v.kind === 'decode' && 'protoHex' in v.expect && frameBytes(v).length < 4096,
  )
  const make = (subprotocol: string, seed: number) =>
    defineCase<CodecClient>({
      id: `codec.robustness.mutated-frames.${subprotocol === subprotocols.proto ? 'proto' : 'json'}`,
      title: `answers ${count} mutated ${subprotocol} frames with a typed error or a stable canonical decode`,
      requirements: ['NP-CODEC-001', 'NP-CODEC-002', 'NP-CODEC-003', 'NP-CODEC-014'],
      role: 'codec',
      async run(codec) {
        const random = createRandom(seed)
        const sources = seeds.filter((v) => v.subprotocol === subprotocol)
        for (let i = 0; i < count; i++) {
          const source = sources[random.int(sources.length)]
          if (!source) throw new CaseFailedError(`no ${subprotocol} vectors to mutate`)
          const frame = mutate(frameBytes(source), random)
          const where = `mutation #${i} of ${source.id} (frame ${toHex(frame).slice(0, 120)})`
          const answer = await codec.decode(subprotocol, frame)
          if (!answer.ok) {
            if (unacceptable.has(answer.code) || answer.code.startsWith('CODE_')) {
              throw new CaseFailedError(`${where}: rejected without a spec error code`, {
                expected: 'a typed error such as MALFORMED_FRAME or INVALID_FIELD',
                actual: `error ${answer.code}: ${answer.message}`,
              })
            }
            continue
          }
          const again = await codec.decode(subprotocols.proto, answer.value.proto)
          if (!again.ok) {
            throw new CaseFailedError(`${where}: its own canonical re-encoding does not decode`, {
              expected: 'decoded',
              actual: `error ${again.code}: ${again.message}`,
            })
          }
          if (toHex(again.value.proto) !== toHex(answer.value.proto)) {
            throw new CaseFailedError(`${where}: canonical binary form is not stable`, {
              expected: toHex(answer.value.proto),
              actual: toHex(again.value.proto),
            })
          }
          if (!isDeepStrictEqual(JSON.parse(again.value.json), JSON.parse(answer.value.json))) {
            throw new CaseFailedError(`${where}: binary and JSON forms disagree after a round trip`, {
              expected: answer.value.json,
              actual: again.value.json,
            })
          }
        }
      },
    })
  return [make(subprotocols.proto, 0x5ace0001), make(subprotocols.json, 0x5ace0002), mutatedOps(vectors, count)]
}

/**
 * Mutated signed memory ops: no mutation may verify unless it left the bytes unchanged (a signature covers every
 * carried byte but field 15, and field 15 is the signature), and every rejection carries a spec code.
 */
function mutatedOps(vectors: readonly Vector[], count: number): ConformanceCase<CodecClient> {
  const valid = vectors.filter((v): v is MemoryOpVector => v.kind === 'memory_op' && 'opId' in v.expect)
  return defineCase<CodecClient>({
    id: 'codec.robustness.mutated-memory-ops',
    title: `never verifies any of ${count} mutations of valid signed memory ops, and rejects each with a spec code`,
    requirements: ['NP-CODEC-010', 'NP-CODEC-011', 'NP-CODEC-014', 'NP-MEM-012'],
    role: 'codec',
    async run(codec) {
      const random = createRandom(0x5ace0003)
      for (let i = 0; i < count; i++) {
        const source = valid[random.int(valid.length)]
        if (!source) throw new CaseFailedError('no valid memory-op vectors to mutate')
        const original = specBytes(source.op)
        const mutated = mutate(original, random)
        const answer = await codec.verifyMemoryOp(mutated, fromHex(source.publicKeyHex))
        const where = `mutation #${i} of ${source.id} (${toHex(mutated).slice(0, 120)}…)`
        if (answer.ok) {
          if (toHex(mutated) !== toHex(original)) {
            throw new CaseFailedError(`${where}: altered op bytes verified`, {
              expected: 'BAD_SIGNATURE or OP_INVALID',
              actual: `verified, op id ${answer.value.opId}`,
            })
          }
          continue
        }
        if (unacceptable.has(answer.code) || answer.code.startsWith('CODE_')) {
          throw new CaseFailedError(`${where}: rejected without a spec error code`, {
            expected: 'a typed error such as BAD_SIGNATURE or OP_INVALID',
            actual: `error ${answer.code}: ${answer.message}`,
          })
        }
      }
    },
  })
}
