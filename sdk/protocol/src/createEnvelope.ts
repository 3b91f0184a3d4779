import { create } from '@bufbuild/protobuf'
import { type Envelope, EnvelopeSchema } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import { ulid } from 'ulid'
import type { EnvelopeInit } from './codec.ts'

/** The body of an Envelope: `{ case: 'ping', value: { nonce } }` and so on. */
export type EnvelopeBodyInit = NonNullable<Exclude<EnvelopeInit, Envelope>['body']>

/** Options of createEnvelope. */
export type CreateEnvelopeOptions = {
  /** Frame id. Default: a new ULID (newFrameId()). */
  id?: string
  /** The id of the frame this one answers. Default: '' (answers nothing). */
  correlationId?: string
  /** Sender's clock in unix ms. Default: Date.now(). */
  tsMs?: bigint
  /** Sequence number. Default: 0n (set by the session layer). */
  seq?: bigint
  /** Highest contiguous seq received from the peer. Default: 0n. */
  ack?: bigint
}

/**
 * A new frame id: a ULID (26 characters of Crockford base32, time-ordered), as spec/WIRE.md §2.1 recommends.
 *
 * @example
 * import { newFrameId } from '@spaceos/protocol'
 * newFrameId() // '01JDY3…'
 */
export function newFrameId(): string {
  return ulid()
}

/**
 * Creates an Envelope around a body with a fresh id and the current time.
 *
 * @example
 * import { createEnvelope } from '@spaceos/protocol'
 * const pong = createEnvelope({ case: 'pong', value: { nonce } }, { correlationId: ping.id })
 */
export function createEnvelope(body: EnvelopeBodyInit, options: CreateEnvelopeOptions = {}): Envelope {
  return create(EnvelopeSchema, {
    id: options.id ?? newFrameId(),
    correlationId: options.correlationId ?? '',
    tsMs: options.tsMs ?? BigInt(Date.now()),
    seq: options.seq ?? 0n,
    ack: options.ack ?? 0n,
    body,
  })
}
