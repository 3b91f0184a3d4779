import { createHash } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { CaseFailedError, type ConformanceCase, defineCase } from '../../case.ts'
import type { CodecAnswer, CodecClient } from './client.ts'
import {
  type DecodeVector,
  type DeviceProofVector,
  frameBytes,
  fromHex,
  type MemoryOpVector,
  type MergeVector,
  type PayloadVector,
  type PrivateOpVector,
  specBytes,
  toHex,
  type Vector,
} from './vectors.ts'

const role = 'codec'
const short = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text)
const describe = (answer: CodecAnswer<unknown>, render: (value: never) => string) =>
  answer.ok
    ? `ok: ${render(answer.value as never)}`
    : `error ${answer.code}${answer.message ? ` (${short(answer.message, 80)})` : ''}`

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CaseFailedError(`${what} is not JSON: ${(error as Error).message}`, { actual: short(text) })
  }
}

function expectError(answer: CodecAnswer<unknown>, code: string, render: (value: never) => string): void {
  if (answer.ok || answer.code !== code) {
    throw new CaseFailedError(`expected the input to be rejected with ${code}`, {
      expected: `error ${code}`,
      actual: describe(answer, render),
    })
  }
}

const renderDecoded = (value: { proto: Uint8Array; json: string }) =>
  `proto ${short(toHex(value.proto))} json ${short(value.json)}`

function decodeCase(vector: DecodeVector): ConformanceCase<CodecClient> {
  return defineCase<CodecClient>({
    id: `codec.${vector.id}`,
    title: `decode: ${vector.description}`,
    requirements: vector.requirements,
    role,
    async run(codec) {
      const answer = await codec.decode(vector.subprotocol, frameBytes(vector))
      if ('error' in vector.expect) return expectError(answer, vector.expect.error, renderDecoded)
      if (!answer.ok) {
        throw new CaseFailedError('a valid frame was rejected', {
          expected: 'decoded',
          actual: describe(answer, renderDecoded),
        })
      }
      if ('protoSha256' in vector.expect) {
        const digest = createHash('sha256').update(answer.value.proto).digest('hex')
        if (digest !== vector.expect.protoSha256) {
          throw new CaseFailedError('binary re-encoding differs from the canonical bytes (SHA-256 compared)', {
            expected: vector.expect.protoSha256,
            actual: digest,
          })
        }
        return
      }
      const accepted = [vector.expect.protoHex, ...(vector.expect.alternativeProtoHex ?? [])]
      const protoHex = toHex(answer.value.proto)
      if (!accepted.includes(protoHex)) {
        throw new CaseFailedError('binary re-encoding differs from the canonical bytes', {
          expected: accepted.join(' or '),
          actual: protoHex,
        })
      }
      const json = parseJson(answer.value.json, 'JSON re-encoding')
      if (!isDeepStrictEqual(json, JSON.parse(vector.expect.json))) {
        throw new CaseFailedError('JSON re-encoding differs from the canonical JSON', {
          expected: vector.expect.json,
          actual: short(answer.value.json, 400),
        })
      }
    },
  })
}

function encodeCase(
  vector: DecodeVector & { expect: { protoHex: string; json: string } },
): ConformanceCase<CodecClient> {
  return defineCase<CodecClient>({
    id: `codec.${vector.id}.encode`,
    title: `encode: ${vector.description}`,
    requirements: vector.requirements,
    role,
    async run(codec) {
      const binary = await codec.encode('spaceos.v1.proto', vector.expect.json)
      if (!binary.ok) {
        throw new CaseFailedError('encoding the readable form to spaceos.v1.proto failed', {
          expected: vector.expect.protoHex,
          actual: describe(binary, () => ''),
        })
      }
      if (toHex(binary.value) !== vector.expect.protoHex) {
        throw new CaseFailedError('spaceos.v1.proto encoding is not the canonical bytes', {
          expected: vector.expect.protoHex,
          actual: toHex(binary.value),
        })
      }
      const text = await codec.encode('spaceos.v1.json', vector.expect.json)
      if (!text.ok) {
        throw new CaseFailedError('encoding the readable form to spaceos.v1.json failed', {
          expected: vector.expect.json,
          actual: describe(text, () => ''),
        })
      }
      const decodedText = new TextDecoder('utf-8', { fatal: true }).decode(text.value)
      if (!isDeepStrictEqual(parseJson(decodedText, 'spaceos.v1.json frame'), JSON.parse(vector.expect.json))) {
        throw new CaseFailedError('spaceos.v1.json encoding differs from the canonical JSON', {
          expected: vector.expect.json,
          actual: short(decodedText, 400),
        })
      }
    },
  })
}

function memoryOpCase(vector: MemoryOpVector): ConformanceCase<CodecClient> {
  return defineCase<CodecClient>({
    id: `codec.${vector.id}`,
    title: `verify memory op: ${vector.description}`,
    requirements: vector.requirements,
    role,
    async run(codec) {
      const answer = await codec.verifyMemoryOp(specBytes(vector.op), fromHex(vector.publicKeyHex))
      const render = (value: { opId: string }) => `verified, op id ${value.opId}`
      if ('error' in vector.expect) return expectError(answer, vector.expect.error, render)
      if (!answer.ok) {
        throw new CaseFailedError('a correctly signed op was rejected', {
          expected: `verified, op id ${vector.expect.opId}`,
          actual: describe(answer, render),
        })
      }
      if (answer.value.opId !== vector.expect.opId) {
        throw new CaseFailedError('op id is not SHA-256 of the carried op bytes', {
          expected: vector.expect.opId,
          actual: answer.value.opId,
        })
      }
    },
  })
}

function privateOpCase(vector: PrivateOpVector): ConformanceCase<CodecClient> {
  return defineCase<CodecClient>({
    id: `codec.${vector.id}`,
    title: `open private op: ${vector.description}`,
    requirements: vector.requirements,
    role,
    async run(codec) {
      const secrets = vector.secrets.map((s) => ({ keyEpoch: s.keyEpoch, userSecret: fromHex(s.userSecretHex) }))
      const answer = await codec.openPrivateOp(specBytes(vector.op), fromHex(vector.publicKeyHex), secrets)
      const render = (value: { opId: string; plaintext: Uint8Array }) =>
        `op id ${value.opId}, plaintext ${short(toHex(value.plaintext))}`
      if ('error' in vector.expect) return expectError(answer, vector.expect.error, render)
      const expected = `op id ${vector.expect.opId}, plaintext ${vector.expect.plaintextHex}`
      if (!answer.ok) {
        throw new CaseFailedError('a valid private op was rejected', { expected, actual: describe(answer, render) })
      }
      if (answer.value.opId !== vector.expect.opId || toHex(answer.value.plaintext) !== vector.expect.plaintextHex) {
        throw new CaseFailedError('op id or decrypted body differs', { expected, actual: render(answer.value) })
      }
    },
  })
}

function deviceProofCase(vector: DeviceProofVector): ConformanceCase<CodecClient> {
  return defineCase<CodecClient>({
    id: `codec.${vector.id}`,
    title: `verify device proof: ${vector.description}`,
    requirements: vector.requirements,
    role,
    async run(codec) {
      const answer = await codec.verifyDeviceProof({
        challenge: fromHex(vector.challengeHex),
        jwt: vector.jwt,
        nodeId: vector.nodeId,
        deviceProof: fromHex(vector.deviceProofHex),
        publicKey: fromHex(vector.publicKeyHex),
      })
      if ('error' in vector.expect) return expectError(answer, vector.expect.error, () => 'verified')
      if (!answer.ok) {
        throw new CaseFailedError('a valid device proof was rejected', {
          expected: 'verified',
          actual: describe(answer, () => 'verified'),
        })
      }
    },
  })
}

function payloadCase(vector: PayloadVector): ConformanceCase<CodecClient> {
  return defineCase<CodecClient>({
    id: `codec.${vector.id}`,
    title: `check payload: ${vector.description}`,
    requirements: vector.requirements,
    role,
    async run(codec) {
      const answer = await codec.checkPayload(vector.opKind, vector.scope, specBytes(vector.payload))
      const render = (value: { knownJson: string }) => `valid, known members ${short(value.knownJson)}`
      if ('error' in vector.expect) return expectError(answer, vector.expect.error, render)
      if (!answer.ok) {
        throw new CaseFailedError('a valid payload was rejected', {
          expected: 'valid',
          actual: describe(answer, render),
        })
      }
      const known = parseJson(answer.value.knownJson, 'known members')
      if (!isDeepStrictEqual(known, vector.expect.known)) {
        throw new CaseFailedError('the members kept are not the known members of the payload', {
          expected: JSON.stringify(vector.expect.known),
          actual: short(answer.value.knownJson, 400),
        })
      }
    },
  })
}

/** The arrival orders a merge vector is fed in: as given, reversed, and rotated by half. */
function arrivalOrders<T>(items: readonly T[]): { name: string; items: T[] }[] {
  const half = Math.floor(items.length / 2)
  return [
    { name: 'as given', items: [...items] },
    { name: 'reversed', items: [...items].reverse() },
    { name: 'rotated', items: [...items.slice(half), ...items.slice(0, half)] },
  ]
}

function mergeCase(vector: MergeVector): ConformanceCase<CodecClient> {
  return defineCase<CodecClient>({
    id: `codec.${vector.id}`,
    title: `materialise: ${vector.description}`,
    requirements: vector.requirements,
    role,
    async run(codec) {
      const devices = vector.devices.map((d) => ({ deviceId: d.deviceId, publicKey: fromHex(d.publicKeyHex) }))
      const secrets = vector.secrets.map((s) => ({ keyEpoch: s.keyEpoch, userSecret: fromHex(s.userSecretHex) }))
      // [NP-MEM-040] the view is a function of the set of ops, whatever the arrival order
      for (const order of arrivalOrders(vector.ops.map(specBytes))) {
        const answer = await codec.materialize({ account: vector.account, devices, secrets, ops: order.items })
        if (!answer.ok) {
          throw new CaseFailedError(`building memory failed (ops ${order.name})`, {
            expected: 'a view',
            actual: describe(answer, () => ''),
          })
        }
        const view = parseJson(answer.value.viewJson, 'view')
        if (!isDeepStrictEqual(view, vector.expect.view)) {
          throw new CaseFailedError(`the view differs from the golden view (ops ${order.name})`, {
            expected: JSON.stringify(vector.expect.view),
            actual: short(answer.value.viewJson, 2000),
          })
        }
      }
    },
  })
}

/**
 * The codec cases for a set of golden vectors: every decode vector is decoded (and, when positive and in its
 * canonical form, also encoded back from its readable twin); every memory-op vector is verified.
 */
export function codecCases(vectors: readonly Vector[]): ConformanceCase<CodecClient>[] {
  const cases: ConformanceCase<CodecClient>[] = []
  for (const vector of vectors) {
    if (vector.kind === 'memory_op') {
      cases.push(memoryOpCase(vector))
      continue
    }
    if (vector.kind === 'private_op') {
      cases.push(privateOpCase(vector))
      continue
    }
    if (vector.kind === 'device_proof') {
      cases.push(deviceProofCase(vector))
      continue
    }
    if (vector.kind === 'payload') {
      cases.push(payloadCase(vector))
      continue
    }
    if (vector.kind === 'merge') {
      cases.push(mergeCase(vector))
      continue
    }
    cases.push(decodeCase(vector))
    const expect = vector.expect
    // Only canonical frames are also produced by encoding: one with unknown fields or in another order is not.
    if (
      'protoHex' in expect &&
      expect.alternativeProtoHex === undefined &&
      'hex' in vector.frame &&
      vector.frame.hex === expect.protoHex
    ) {
      cases.push(encodeCase({ ...vector, expect }))
    }
  }
  return cases
}
