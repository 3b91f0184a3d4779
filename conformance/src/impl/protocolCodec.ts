import {
  BadSignatureError,
  decodeEnvelope,
  decryptPrivatePayload,
  type Envelope,
  encodeEnvelope,
  ScopeViolationError,
  subprotocols,
  verifyDeviceProof,
  verifyMemoryOp,
} from '@spaceos/protocol'
import type { CodecHandlers } from './serveCodec.ts'

const utf8 = new TextEncoder()

/** Re-encodes a decoded envelope in both subprotocols. No size limit: this answers "what is the canonical form". */
function canonicalForms(envelope: Envelope): { proto: Uint8Array; json: string } {
  const options = { validate: false, maxFrameBytes: Number.POSITIVE_INFINITY }
  return {
    proto: encodeEnvelope(envelope, subprotocols.proto, options),
    json: encodeEnvelope(envelope, subprotocols.json, options),
  }
}

/**
 * The codec harness handlers backed by `@spaceos/protocol`: the reference implementation the codec suite certifies.
 * Every rejection is the SDK's own typed error; its `code` travels back as the CodecError code.
 */
export const protocolCodecHandlers: CodecHandlers = {
  decode: (subprotocol, frame) => canonicalForms(decodeEnvelope(frame, subprotocol)),
  encode(subprotocol, json) {
    // The readable form is canonical JSON; read it as a spaceos.v1.json frame would be, then encode.
    const envelope = decodeEnvelope(json, subprotocols.json, { maxFrameBytes: Number.POSITIVE_INFINITY })
    const frame = encodeEnvelope(envelope, subprotocol as typeof subprotocols.proto | typeof subprotocols.json)
    return typeof frame === 'string' ? utf8.encode(frame) : frame
  },
  verifyMemoryOp: (op, publicKey) => ({ opId: verifyMemoryOp(op, publicKey).opId }),
  openPrivateOp(bytes, publicKey, keyring) {
    const { op, opId } = verifyMemoryOp(bytes, publicKey)
    if (op.body.case !== 'ciphertext') {
      throw new ScopeViolationError({ scope: op.scope, reason: 'a private-scope op must carry a ciphertext' })
    }
    return { opId, plaintext: decryptPrivatePayload(op.body.value, { account: op.account, keyring }) }
  },
  verifyDeviceProof({ challenge, jwt, nodeId, deviceProof, publicKey }) {
    if (!verifyDeviceProof({ challenge, jwt, nodeId }, deviceProof, publicKey)) {
      throw new BadSignatureError({ message: 'The device proof does not verify with the device key.' })
    }
  },
}
