/**
 * @spaceos/protocol — the SPACE OS node protocol codec (spec/NODE_PROTOCOL.md, spec/WIRE.md, spec/MEMORY.md).
 *
 * The message types themselves are generated from proto/ and exported by `@spaceos/generated/proto/...`; the most
 * used ones are re-exported here.
 */

export { type Error as WireError, ErrorCode, ErrorSchema } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
export {
  type MemoryOp,
  MemoryOpSchema,
  type PrivateCiphertext,
  PrivateCiphertextSchema,
} from '@spaceos/generated/proto/spaceos/memory/v1/op_pb'
export {
  type CapabilityManifest,
  CapabilityManifestSchema,
  NodeState,
  Platform,
  Role,
  ScopeKind,
  Tier,
} from '@spaceos/generated/proto/spaceos/node/v1/manifest_pb'
export { type Envelope, EnvelopeSchema } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
export {
  type DecodeEnvelopeOptions,
  decodeEnvelope,
  type EncodeEnvelopeOptions,
  type EnvelopeInit,
  encodeEnvelope,
} from './codec.ts'
export {
  type CreateEnvelopeOptions,
  createEnvelope,
  type EnvelopeBodyInit,
  newFrameId,
} from './createEnvelope.ts'
export { type DeviceProofParameters, deviceProofBytes, signDeviceProof, verifyDeviceProof } from './deviceProof.ts'
export {
  BadSignatureError,
  type ErrorCodeName,
  type ErrorDetails,
  errorCodeName,
  FrameTooLargeError,
  InvalidFieldError,
  KeyEpochUnknownError,
  MalformedFrameError,
  OpInvalidError,
  ProtocolError,
  type ProtocolErrorParameters,
  ScopeViolationError,
  UnknownFieldError,
  UnknownMessageError,
  UnsupportedVersionError,
} from './errors.ts'
export {
  closesConnection,
  connectCodeNameOf,
  type ErrorTransports,
  errorTable,
  httpStatusOf,
  wsCloseCodeOf,
} from './errorTable.ts'
export {
  type BoxKey,
  generateBoxKey,
  type OpenKeyEnvelopeParameters,
  openKeyEnvelope,
  openPairingSecrets,
  type PairingSecrets,
  type PairingTranscript,
  type SealKeyEnvelopeParameters,
  sealKeyEnvelope,
  sealPairingSecrets,
} from './keyExchange.ts'
export {
  type DeviceKey,
  deviceIdFromPublicKey,
  type Ed25519PrivateKey,
  type Ed25519PublicKey,
  generateDeviceKey,
  publicKeyFromPrivateKey,
} from './keys.ts'
export {
  type CapabilityScopeName,
  type CreateManifestCapability,
  type CreateManifestParameters,
  createManifest,
  type PlatformName,
  platformNames,
  type RoleName,
  roleNames,
  type TierName,
  tierNames,
  validateCapabilityScope,
  validateManifest,
} from './manifest.ts'
export {
  compareOps,
  type HeldOp,
  type MemoryView,
  materializeMemory,
  type ViewObject,
} from './materializeMemory.ts'
export {
  canonicalOpBytes,
  decodeMemoryOp,
  type MemoryOpInit,
  memoryOpId,
  type SignedMemoryOp,
  signMemoryOp,
  type ValidateMemoryOpOptions,
  validateMemoryOp,
  verifyMemoryOp,
} from './memoryOp.ts'
export {
  isMemoryOpKind,
  type JsonValue,
  type MemoryOpKind,
  memoryOpKinds,
  type OpPayload,
  type ValidateOpPayloadOptions,
  validateOpPayload,
} from './memoryPayload.ts'
export { type MemoryScope, type ParsedMemoryScope, parseMemoryScope, subagentScope } from './memoryScope.ts'
export {
  type DecryptPrivatePayloadParameters,
  decryptPrivatePayload,
  deriveContentKey,
  type EncryptPrivatePayloadParameters,
  encryptPrivatePayload,
  type PrivateKeyring,
} from './privateScope.ts'
export { isSubprotocol, type Subprotocol, subprotocols, supportedSubprotocols } from './subprotocols.ts'
export { fromWireError, toErrorEnvelope, toWireError } from './toErrorEnvelope.ts'
export { validateEnvelope } from './validateEnvelope.ts'
