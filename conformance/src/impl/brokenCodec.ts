import { createHash } from 'node:crypto'
import { fromBinary } from '@bufbuild/protobuf'
import { MemoryOpSchema } from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'
import { decodeEnvelope, encodeEnvelope, OpInvalidError, subprotocols } from '@spaceos/protocol'
import { protocolCodecHandlers } from './protocolCodec.ts'
import type { CodecHandlers } from './serveCodec.ts'

/**
 * A deliberately broken codec, to prove the suite catches what matters: it never checks memory-op signatures (any
 * op that parses "verifies") nor device proofs, and it has no frame-size limit. Everything else is the reference implementation.
 * Never use it for anything but that proof.
 */
export const brokenCodecHandlers: CodecHandlers = {
  ...protocolCodecHandlers,
  decode(subprotocol, frame) {
    const envelope = decodeEnvelope(frame, subprotocol, { maxFrameBytes: Number.POSITIVE_INFINITY })
    const options = { validate: false, maxFrameBytes: Number.POSITIVE_INFINITY }
    return {
      proto: encodeEnvelope(envelope, subprotocols.proto, options),
      json: encodeEnvelope(envelope, subprotocols.json, options),
    }
  },
  verifyDeviceProof() {},
  verifyMemoryOp(op) {
    try {
      fromBinary(MemoryOpSchema, op) // rejects garbage like a real parser, with the right code
    } catch (cause) {
      throw new OpInvalidError({ reason: 'the op bytes do not decode as a MemoryOp', cause })
    }
    return { opId: createHash('sha256').update(op).digest('hex') }
  },
}
