import {
  BadSignatureError,
  decodeEnvelope,
  decodeMemoryOp,
  decryptPrivatePayload,
  type Envelope,
  encodeEnvelope,
  type HeldOp,
  materializeMemory,
  memoryOpId,
  ScopeViolationError,
  subprotocols,
  validateOpPayload,
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
  checkPayload: (kind, scope, payload) => JSON.stringify(validateOpPayload(kind, payload, { scope })),
  materialize({ account, devices, secrets, ops }) {
    return JSON.stringify(materializeMemory(holdOps(account, devices, secrets, ops)))
  },
  verifyDeviceProof({ challenge, jwt, nodeId, deviceProof, publicKey }) {
    if (!verifyDeviceProof({ challenge, jwt, nodeId }, deviceProof, publicKey)) {
      throw new BadSignatureError({ message: 'The device proof does not verify with the device key.' })
    }
  },
}

/**
 * What a node holding exactly these ops keeps (spec/MEMORY.md §5): ops of another account or failing a permanent
 * check are dropped [NP-MEM-130] [NP-MEM-136]; an op of an unknown device is pending [NP-MEM-134]; a private op whose
 * epoch is not held or whose GCM fails is unreadable [NP-MEM-135] [NP-PRIV-025].
 */
function holdOps(
  account: string,
  devices: ReadonlyMap<string, Uint8Array>,
  secrets: ReadonlyMap<number, Uint8Array>,
  ops: readonly Uint8Array[],
): HeldOp[] {
  const held: HeldOp[] = []
  for (const bytes of ops) {
    let op: ReturnType<typeof decodeMemoryOp>
    try {
      op = decodeMemoryOp(bytes)
    } catch {
      continue
    }
    if (op.account !== account) continue
    const publicKey = devices.get(op.deviceId)
    if (!publicKey) {
      held.push({ opId: memoryOpId(bytes), op, pending: true })
      continue
    }
    let verified: ReturnType<typeof verifyMemoryOp>
    try {
      verified = verifyMemoryOp(bytes, publicKey)
    } catch {
      continue
    }
    if (verified.op.body.case !== 'ciphertext') {
      held.push({ opId: verified.opId, op: verified.op })
      continue
    }
    try {
      const plaintext = decryptPrivatePayload(verified.op.body.value, {
        account: verified.op.account,
        keyring: secrets,
      })
      held.push({ opId: verified.opId, op: verified.op, plaintext })
    } catch {
      held.push({ opId: verified.opId, op: verified.op })
    }
  }
  return held
}
