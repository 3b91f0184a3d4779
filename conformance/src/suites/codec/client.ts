import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { ErrorCode } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import {
  CheckPayloadRequestSchema,
  type CodecRequest,
  CodecRequestSchema,
  type CodecResponse,
  CodecResponseSchema,
  DecodeRequestSchema,
  DeviceKeySchema,
  EncodeRequestSchema,
  KeyEpochSecretSchema,
  MaterializeRequestSchema,
  OpenPrivateOpRequestSchema,
  VerifyDeviceProofRequestSchema,
  VerifyMemoryOpRequestSchema,
} from '@spaceos/generated/proto/spaceos/conformance/v1/codec_pb'
import { CaseFailedError } from '../../case.ts'
import { type HarnessProcess, HarnessProcessError } from '../../harness/subprocess.ts'

/** What the implementation answered: a result, or the spec error-code name it rejected the input with. */
export type CodecAnswer<Value> = { ok: true; value: Value } | { ok: false; code: string; message: string }

/** The runner's side of the codec harness (proto/spaceos/conformance/v1/codec.proto). */
export type CodecClient = {
  decode: (subprotocol: string, frame: Uint8Array) => Promise<CodecAnswer<{ proto: Uint8Array; json: string }>>
  encode: (subprotocol: string, json: string) => Promise<CodecAnswer<Uint8Array>>
  verifyMemoryOp: (op: Uint8Array, publicKey: Uint8Array) => Promise<CodecAnswer<{ opId: string }>>
  openPrivateOp: (
    op: Uint8Array,
    publicKey: Uint8Array,
    secrets: readonly { keyEpoch: number; userSecret: Uint8Array }[],
  ) => Promise<CodecAnswer<{ opId: string; plaintext: Uint8Array }>>
  verifyDeviceProof: (proof: {
    challenge: Uint8Array
    jwt: string
    nodeId: string
    deviceProof: Uint8Array
    publicKey: Uint8Array
  }) => Promise<CodecAnswer<true>>
  checkPayload: (kind: string, scope: string, payload: Uint8Array) => Promise<CodecAnswer<{ knownJson: string }>>
  materialize: (request: {
    account: string
    devices: readonly { deviceId: string; publicKey: Uint8Array }[]
    secrets: readonly { keyEpoch: number; userSecret: Uint8Array }[]
    ops: readonly Uint8Array[]
  }) => Promise<CodecAnswer<{ viewJson: string }>>
}

/** Name of an ErrorCode number as spec/ERRORS.md spells it (`BAD_SIGNATURE`), or `CODE_<n>` when unknown. */
export function errorCodeName(code: number): string {
  const name = (ErrorCode as unknown as Record<number, string | undefined>)[code]
  return name ?? `CODE_${code}`
}

/** Wraps a harness process in typed codec requests. */
export function createCodecClient(harness: HarnessProcess): CodecClient {
  let nextId = 1n
  async function ask(kind: CodecRequest['kind']): Promise<CodecResponse> {
    const id = nextId++
    const request = create(CodecRequestSchema, { id, kind })
    const bytes = await harness.request(toBinary(CodecRequestSchema, request))
    let response: CodecResponse
    try {
      response = fromBinary(CodecResponseSchema, bytes)
    } catch (error) {
      throw new CaseFailedError(`response is not a CodecResponse: ${(error as Error).message}`)
    }
    if (response.id !== id) {
      throw new HarnessProcessError(`response id ${response.id} does not answer request ${id}`)
    }
    return response
  }
  function rejected(response: CodecResponse): CodecAnswer<never> | undefined {
    if (response.result.case !== 'error') return undefined
    return { ok: false, code: errorCodeName(response.result.value.code), message: response.result.value.message }
  }
  function wrongKind(expected: string, response: CodecResponse): never {
    throw new CaseFailedError(`answer has the wrong kind`, { expected, actual: response.result.case ?? 'nothing' })
  }
  return {
    async decode(subprotocol, frame) {
      const response = await ask({ case: 'decode', value: create(DecodeRequestSchema, { subprotocol, frame }) })
      const error = rejected(response)
      if (error) return error
      if (response.result.case !== 'decoded') return wrongKind('decoded', response)
      return { ok: true, value: { proto: response.result.value.proto, json: response.result.value.json } }
    },
    async encode(subprotocol, json) {
      const response = await ask({ case: 'encode', value: create(EncodeRequestSchema, { subprotocol, json }) })
      const error = rejected(response)
      if (error) return error
      if (response.result.case !== 'encoded') return wrongKind('encoded', response)
      return { ok: true, value: response.result.value.frame }
    },
    async verifyMemoryOp(signedOp, publicKey) {
      const response = await ask({
        case: 'verifyMemoryOp',
        value: create(VerifyMemoryOpRequestSchema, { signedOp, publicKey }),
      })
      const error = rejected(response)
      if (error) return error
      if (response.result.case !== 'verified') return wrongKind('verified', response)
      return { ok: true, value: { opId: response.result.value.opId } }
    },
    async openPrivateOp(signedOp, publicKey, secrets) {
      const response = await ask({
        case: 'openPrivateOp',
        value: create(OpenPrivateOpRequestSchema, {
          signedOp,
          publicKey,
          secrets: secrets.map((secret) => create(KeyEpochSecretSchema, secret)),
        }),
      })
      const error = rejected(response)
      if (error) return error
      if (response.result.case !== 'opened') return wrongKind('opened', response)
      return { ok: true, value: { opId: response.result.value.opId, plaintext: response.result.value.plaintext } }
    },
    async checkPayload(kind, scope, payload) {
      const response = await ask({
        case: 'checkPayload',
        value: create(CheckPayloadRequestSchema, { kind, scope, payload }),
      })
      const error = rejected(response)
      if (error) return error
      if (response.result.case !== 'payloadChecked') return wrongKind('payloadChecked', response)
      return { ok: true, value: { knownJson: response.result.value.knownJson } }
    },
    async materialize({ account, devices, secrets, ops }) {
      const response = await ask({
        case: 'materialize',
        value: create(MaterializeRequestSchema, {
          account,
          devices: devices.map((device) => create(DeviceKeySchema, device)),
          secrets: secrets.map((secret) => create(KeyEpochSecretSchema, secret)),
          ops: [...ops],
        }),
      })
      const error = rejected(response)
      if (error) return error
      if (response.result.case !== 'materialized') return wrongKind('materialized', response)
      return { ok: true, value: { viewJson: response.result.value.viewJson } }
    },
    async verifyDeviceProof(proof) {
      const response = await ask({ case: 'verifyDeviceProof', value: create(VerifyDeviceProofRequestSchema, proof) })
      const error = rejected(response)
      if (error) return error
      if (response.result.case !== 'proofVerified') return wrongKind('proofVerified', response)
      return { ok: true, value: true }
    },
  }
}
