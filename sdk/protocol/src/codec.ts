import {
  create,
  fromBinary,
  fromJson,
  type JsonValue,
  type MessageInitShape,
  toBinary,
  toJsonString,
} from '@bufbuild/protobuf'
import { WS_MAX_FRAME_BYTES } from '@spaceos/generated/parameters'
import { type Envelope, EnvelopeSchema } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import {
  FrameTooLargeError,
  InvalidFieldError,
  MalformedFrameError,
  ProtocolError,
  UnknownFieldError,
  UnknownMessageError,
  UnsupportedVersionError,
} from './errors.ts'
import { utf8Length } from './formats.ts'
import { type Subprotocol, subprotocols } from './subprotocols.ts'
import { validateEnvelope } from './validateEnvelope.ts'

/** An Envelope as a message or as its init shape (`create(EnvelopeSchema, init)`). */
export type EnvelopeInit = Envelope | MessageInitShape<typeof EnvelopeSchema>

/** Options of encodeEnvelope. */
export type EncodeEnvelopeOptions = {
  /** Validate the envelope before encoding (validateEnvelope). Default: true. */
  validate?: boolean
  /** Largest encoded frame in bytes. Default: WS_MAX_FRAME_BYTES. */
  maxFrameBytes?: number
}

/** Options of decodeEnvelope. */
export type DecodeEnvelopeOptions = {
  /** Validate the decoded envelope (validateEnvelope). Default: true. */
  validate?: boolean
  /** Largest accepted frame in bytes. Default: WS_MAX_FRAME_BYTES. */
  maxFrameBytes?: number
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** JSON names (and proto names) of the Envelope's body members, for classifying JSON errors. */
const bodyJsonKeys = new Set(
  EnvelopeSchema.oneofs
    .find((oneof) => oneof.name === 'body')
    ?.fields.flatMap((field) => [field.jsonName, field.name]) ?? [],
)

/**
 * Encodes an Envelope as one frame: protobuf binary (`Uint8Array`) for `spaceos.v1.proto` [NP-WIRE-010], canonical
 * proto3 JSON text (`string`) for `spaceos.v1.json` [NP-WIRE-011] [NP-VER-008]. Validates first (unless
 * `validate: false`) and refuses a frame over WS_MAX_FRAME_BYTES [NP-WIRE-016].
 *
 * @example
 * import { createEnvelope, encodeEnvelope } from '@spaceos/protocol'
 * const ping = createEnvelope({ case: 'ping', value: { nonce: new Uint8Array(8) } })
 * const bytes = encodeEnvelope(ping, 'spaceos.v1.proto') // Uint8Array
 * const text = encodeEnvelope(ping, 'spaceos.v1.json')   // '{"id":"…","tsMs":"…","ping":{"nonce":"AAAAAAAAAAA="}}'
 */
export function encodeEnvelope(
  envelope: EnvelopeInit,
  subprotocol: typeof subprotocols.proto,
  options?: EncodeEnvelopeOptions,
): Uint8Array
export function encodeEnvelope(
  envelope: EnvelopeInit,
  subprotocol: typeof subprotocols.json,
  options?: EncodeEnvelopeOptions,
): string
export function encodeEnvelope(
  envelope: EnvelopeInit,
  subprotocol: Subprotocol,
  options?: EncodeEnvelopeOptions,
): Uint8Array | string
export function encodeEnvelope(
  envelope: EnvelopeInit,
  subprotocol: Subprotocol,
  options: EncodeEnvelopeOptions = {},
): Uint8Array | string {
  const message = create(EnvelopeSchema, envelope)
  if (options.validate !== false) validateEnvelope(message)
  const limit = options.maxFrameBytes ?? WS_MAX_FRAME_BYTES
  if (subprotocol === subprotocols.proto) {
    const bytes = toBinary(EnvelopeSchema, message)
    if (bytes.length > limit) throw new FrameTooLargeError({ limit, actual: bytes.length })
    return bytes
  }
  if (subprotocol === subprotocols.json) {
    const text = toJsonString(EnvelopeSchema, message)
    const size = utf8Length(text)
    if (size > limit) throw new FrameTooLargeError({ limit, actual: size })
    return text
  }
  throw new UnsupportedVersionError({ subprotocol: String(subprotocol) })
}

/**
 * Decodes one received frame of the negotiated subprotocol into an Envelope and validates it. Never throws anything
 * but a ProtocolError, whatever the input: UNSUPPORTED_VERSION for an unknown subprotocol [NP-VER-010],
 * FRAME_TOO_LARGE over WS_MAX_FRAME_BYTES [NP-WIRE-014], MALFORMED_FRAME for undecodable bytes, text under
 * `.proto`, invalid UTF-8 or JSON, or JSON that is not an object [NP-WIRE-012] [NP-WIRE-013], UNKNOWN_MESSAGE when no
 * known body is set [NP-WIRE-025] [NP-VER-005], UNKNOWN_FIELD for JSON names the schema does not define [NP-VER-006],
 * INVALID_FIELD and the other codes of validateEnvelope. Binary frames keep unknown fields [NP-VER-002]; JSON accepts
 * both lowerCamelCase and proto field names [NP-VER-007]. Under `spaceos.v1.json`, a `Uint8Array` is read as UTF-8.
 *
 * @example
 * import { decodeEnvelope } from '@spaceos/protocol'
 * const envelope = decodeEnvelope(event.data, socket.protocol)
 * if (envelope.body.case === 'ping') console.log(envelope.body.value.nonce)
 */
export function decodeEnvelope(
  frame: Uint8Array | string,
  subprotocol: Subprotocol | string,
  options: DecodeEnvelopeOptions = {},
): Envelope {
  try {
    const envelope = decodeUnchecked(frame, subprotocol, options.maxFrameBytes ?? WS_MAX_FRAME_BYTES)
    if (options.validate !== false) validateEnvelope(envelope)
    return envelope
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    // Anything else escaping the decoder is still bad input, never a crash.
    throw new MalformedFrameError({ cause: error })
  }
}

function decodeUnchecked(frame: Uint8Array | string, subprotocol: string, limit: number): Envelope {
  if (subprotocol === subprotocols.proto) {
    if (typeof frame === 'string') {
      throw new MalformedFrameError({ message: 'A text frame arrived under spaceos.v1.proto; send binary frames.' })
    }
    if (frame.length > limit) throw new FrameTooLargeError({ limit, actual: frame.length })
    try {
      return fromBinary(EnvelopeSchema, frame)
    } catch (error) {
      throw new MalformedFrameError({ cause: error })
    }
  }
  if (subprotocol === subprotocols.json) {
    let text: string
    if (typeof frame === 'string') {
      const size = utf8Length(frame)
      if (size > limit) throw new FrameTooLargeError({ limit, actual: size })
      text = frame
    } else {
      if (frame.length > limit) throw new FrameTooLargeError({ limit, actual: frame.length })
      try {
        text = utf8.decode(frame)
      } catch (error) {
        throw new MalformedFrameError({ message: 'The text frame is not valid UTF-8.', cause: error })
      }
    }
    return decodeJson(text)
  }
  throw new UnsupportedVersionError({ subprotocol })
}

function decodeJson(text: string): Envelope {
  let json: JsonValue
  try {
    json = JSON.parse(text) as JsonValue
  } catch (error) {
    throw new MalformedFrameError({ message: 'The text frame is not valid JSON.', cause: error })
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new MalformedFrameError({ message: 'The text frame is not a JSON object.' })
  }
  try {
    return fromJson(EnvelopeSchema, json)
  } catch (strictError) {
    // Classify in the order of [NP-ERR-004]: UNKNOWN_MESSAGE, UNKNOWN_FIELD, then INVALID_FIELD.
    const bodyKeys = Object.keys(json).filter((key) => bodyJsonKeys.has(key) && json[key] !== null)
    if (bodyKeys.length === 0) throw new UnknownMessageError({ cause: strictError })
    let lenient: Envelope
    try {
      lenient = fromJson(EnvelopeSchema, json, { ignoreUnknownFields: true })
    } catch (error) {
      throw new InvalidFieldError({
        field: 'envelope',
        reason: `does not match the schema (${errorText(error)})`,
        cause: error,
      })
    }
    if (lenient.body.case === undefined) throw new UnknownMessageError({ cause: strictError })
    throw new UnknownFieldError({
      message: `The JSON carries a field or enum value protocol v1 does not define (${errorText(strictError)}).`,
      cause: strictError,
    })
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
