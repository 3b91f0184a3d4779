import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { ErrorCode } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import {
  type CodecRequest,
  CodecRequestSchema,
  type CodecResponse,
  CodecResponseSchema,
} from '@spaceos/generated/proto/spaceos/conformance/v1/codec_pb'
import { createMessageReader, frameMessage } from '../harness/lengthDelimited.ts'

/** The operations an implementation under test provides; throw a {@link CodecRejection} (or any error with a spec `code`) to reject. */
export type CodecHandlers = {
  decode: (
    subprotocol: string,
    frame: Uint8Array,
  ) => { proto: Uint8Array; json: string } | Promise<{ proto: Uint8Array; json: string }>
  encode: (subprotocol: string, json: string) => Uint8Array | Promise<Uint8Array>
  verifyMemoryOp: (op: Uint8Array, publicKey: Uint8Array) => { opId: string } | Promise<{ opId: string }>
  openPrivateOp: (
    op: Uint8Array,
    publicKey: Uint8Array,
    secrets: ReadonlyMap<number, Uint8Array>,
  ) => { opId: string; plaintext: Uint8Array } | Promise<{ opId: string; plaintext: Uint8Array }>
  /** Checks a memory op payload; returns it with only the known members as JSON text, or throws OP_INVALID. */
  checkPayload: (kind: string, scope: string, payload: Uint8Array) => string | Promise<string>
  /** Builds the canonical view (spec/MEMORY.md §6.4) from signed ops; returns it as JSON text. */
  materialize: (request: {
    account: string
    devices: ReadonlyMap<string, Uint8Array>
    secrets: ReadonlyMap<number, Uint8Array>
    ops: readonly Uint8Array[]
  }) => string | Promise<string>
  /** Throws (BAD_SIGNATURE …) unless the device proof verifies. */
  verifyDeviceProof: (proof: {
    challenge: Uint8Array
    jwt: string
    nodeId: string
    deviceProof: Uint8Array
    publicKey: Uint8Array
  }) => void | Promise<void>
}

/** A rejection carrying a spec error code. */
export class CodecRejection extends Error {
  override name = 'CodecRejection'
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** Reads the spec error code off any thrown value: a number, a name (`'BAD_SIGNATURE'`, `'ERROR_CODE_…'`), else INTERNAL. */
export function errorCodeOf(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'number' && ErrorCode[code] !== undefined && code !== ErrorCode.UNSPECIFIED) return code
  if (typeof code === 'string') {
    const name = code.replace(/^ERROR_CODE_/, '')
    const value = (ErrorCode as unknown as Record<string, number | undefined>)[name]
    if (value !== undefined && value !== ErrorCode.UNSPECIFIED) return value
  }
  return ErrorCode.INTERNAL
}

/** Answers one request; never throws. */
export async function answerCodecRequest(handlers: CodecHandlers, request: CodecRequest): Promise<CodecResponse> {
  const respond = (result: CodecResponse['result']) => create(CodecResponseSchema, { id: request.id, result })
  try {
    switch (request.kind.case) {
      case 'decode': {
        const value = await handlers.decode(request.kind.value.subprotocol, request.kind.value.frame)
        return respond({ case: 'decoded', value: { $typeName: 'spaceos.conformance.v1.DecodeResult', ...value } })
      }
      case 'encode': {
        const frame = await handlers.encode(request.kind.value.subprotocol, request.kind.value.json)
        return respond({ case: 'encoded', value: { $typeName: 'spaceos.conformance.v1.EncodeResult', frame } })
      }
      case 'verifyMemoryOp': {
        const value = await handlers.verifyMemoryOp(request.kind.value.signedOp, request.kind.value.publicKey)
        return respond({
          case: 'verified',
          value: { $typeName: 'spaceos.conformance.v1.VerifyMemoryOpResult', ...value },
        })
      }
      case 'openPrivateOp': {
        const { signedOp, publicKey, secrets } = request.kind.value
        const keyring = new Map(secrets.map((secret) => [secret.keyEpoch, secret.userSecret]))
        const value = await handlers.openPrivateOp(signedOp, publicKey, keyring)
        return respond({ case: 'opened', value: { $typeName: 'spaceos.conformance.v1.OpenPrivateOpResult', ...value } })
      }
      case 'verifyDeviceProof': {
        await handlers.verifyDeviceProof(request.kind.value)
        return respond({
          case: 'proofVerified',
          value: { $typeName: 'spaceos.conformance.v1.VerifyDeviceProofResult' },
        })
      }
      case 'checkPayload': {
        const { kind, scope, payload } = request.kind.value
        const knownJson = await handlers.checkPayload(kind, scope, payload)
        return respond({
          case: 'payloadChecked',
          value: { $typeName: 'spaceos.conformance.v1.PayloadChecked', knownJson },
        })
      }
      case 'materialize': {
        const { account, devices, secrets, ops } = request.kind.value
        const viewJson = await handlers.materialize({
          account,
          devices: new Map(devices.map((device) => [device.deviceId, device.publicKey])),
          secrets: new Map(secrets.map((secret) => [secret.keyEpoch, secret.userSecret])),
          ops,
        })
        return respond({ case: 'materialized', value: { $typeName: 'spaceos.conformance.v1.Materialized', viewJson } })
      }
      default:
        throw new CodecRejection(ErrorCode.UNKNOWN_MESSAGE, 'CodecRequest.kind not set or unknown')
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return respond({
      case: 'error',
      value: { $typeName: 'spaceos.conformance.v1.CodecError', code: errorCodeOf(error), message },
    })
  }
}

/**
 * Serves the codec harness protocol on stdin/stdout until stdin closes: the body of every codec implementation
 * written in TypeScript (see conformance/README.md for writing one in another language).
 *
 * @example
 * ```ts
 * import { serveCodec } from './serveCodec.ts'
 * await serveCodec({ decode, encode, verifyMemoryOp })
 * ```
 */
export function serveCodec(
  handlers: CodecHandlers,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stdout,
  },
): Promise<void> {
  const reader = createMessageReader()
  let queue = Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    io.input.on('data', (chunk: Buffer) => {
      let messages: Uint8Array[]
      try {
        messages = reader.push(chunk)
      } catch (error) {
        reject(error)
        return
      }
      for (const message of messages) {
        queue = queue.then(async () => {
          let request: CodecRequest
          try {
            request = fromBinary(CodecRequestSchema, message)
          } catch (error) {
            const response = create(CodecResponseSchema, {
              id: 0n,
              result: {
                case: 'error',
                value: {
                  $typeName: 'spaceos.conformance.v1.CodecError',
                  code: ErrorCode.MALFORMED_FRAME,
                  message: `not a CodecRequest: ${(error as Error).message}`,
                },
              },
            })
            io.output.write(frameMessage(toBinary(CodecResponseSchema, response)))
            return
          }
          const response = await answerCodecRequest(handlers, request)
          io.output.write(frameMessage(toBinary(CodecResponseSchema, response)))
        })
      }
    })
    io.input.on('end', () => {
      queue.then(resolve, reject)
    })
    io.input.on('error', reject)
  })
}
