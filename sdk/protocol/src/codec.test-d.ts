import type { Envelope } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import { describe, expectTypeOf, it } from 'vitest'
import {
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  type SignedMemoryOp,
  signMemoryOp,
  subprotocols,
} from './index.ts'

describe('codec types', () => {
  it('returns bytes for the binary subprotocol and text for the JSON one', () => {
    const envelope = createEnvelope({ case: 'pong', value: {} })
    expectTypeOf(encodeEnvelope(envelope, subprotocols.proto)).toEqualTypeOf<Uint8Array>()
    expectTypeOf(encodeEnvelope(envelope, subprotocols.json)).toEqualTypeOf<string>()
    expectTypeOf(decodeEnvelope).returns.toEqualTypeOf<Envelope>()
  })

  it('narrows the body by its case', () => {
    const envelope = decodeEnvelope(new Uint8Array(), subprotocols.proto)
    if (envelope.body.case === 'token') expectTypeOf(envelope.body.value.text).toEqualTypeOf<string>()
  })

  it('rejects a body member that does not exist', () => {
    // @ts-expect-error 'tokens' is not an Envelope body member
    createEnvelope({ case: 'tokens', value: {} })
  })

  it('returns the signed bytes, the op and its id from signMemoryOp', () => {
    expectTypeOf(signMemoryOp).returns.toEqualTypeOf<SignedMemoryOp>()
  })
})
