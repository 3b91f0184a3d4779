import { create, type DescField, type DescMessage, type MessageShape, ScalarType } from '@bufbuild/protobuf'
import { type Envelope, EnvelopeSchema } from '@spaceos/generated/proto/spaceos/wire/v1/envelope_pb'
import fc from 'fast-check'

/**
 * fast-check arbitraries built from the generated descriptors, so every message (and every new field or message added
 * to proto/) is covered without touching the tests.
 */

const maxDepth = 4

function scalar(type: ScalarType): fc.Arbitrary<unknown> {
  switch (type) {
    case ScalarType.STRING:
      return fc.string({ maxLength: 12, unit: 'binary' })
    case ScalarType.BOOL:
      return fc.boolean()
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 24 })
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return fc.integer()
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return fc.nat({ max: 0xffffffff })
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
    case ScalarType.FLOAT:
      return fc.float({ noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value))
    case ScalarType.DOUBLE:
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value))
  }
}

function mapKey(type: ScalarType): fc.Arbitrary<string | number | bigint | boolean> {
  if (type === ScalarType.STRING) {
    return fc.string({ maxLength: 8, unit: 'binary' }).filter((key) => key !== '__proto__')
  }
  return scalar(type) as fc.Arbitrary<string | number | bigint | boolean>
}

function singular(field: DescField, depth: number): fc.Arbitrary<unknown> {
  switch (field.fieldKind) {
    case 'scalar':
      return scalar(field.scalar)
    case 'enum':
      return fc.constantFrom(...field.enum.values.map((value) => value.number))
    case 'message':
      return messageInit(field.message, depth + 1)
    case 'list': {
      const element =
        field.listKind === 'scalar'
          ? scalar(field.scalar)
          : field.listKind === 'enum'
            ? fc.constantFrom(...field.enum.values.map((value) => value.number))
            : messageInit(field.message, depth + 1)
      return fc.array(element, { maxLength: depth >= maxDepth ? 0 : 3 })
    }
    case 'map': {
      const value =
        field.mapKind === 'scalar'
          ? scalar(field.scalar)
          : field.mapKind === 'enum'
            ? fc.constantFrom(...field.enum.values.map((entry) => entry.number))
            : messageInit(field.message, depth + 1)
      return fc
        .array(fc.tuple(mapKey(field.mapKey), value), { maxLength: depth >= maxDepth ? 0 : 3 })
        .map((entries) => Object.fromEntries(entries.map(([key, entry]) => [String(key), entry])))
    }
  }
}

/** An arbitrary init object for any message type, following its descriptor (fields, oneofs, lists, maps). */
export function messageInit(schema: DescMessage, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const parts: Record<string, fc.Arbitrary<unknown>> = {}
  for (const member of schema.members) {
    if (member.kind === 'oneof') {
      const cases = member.fields.map((field) =>
        singular(field, depth).map((value) => ({ case: field.localName, value })),
      )
      parts[member.localName] =
        depth >= maxDepth ? fc.constant({ case: undefined }) : fc.oneof(fc.constant({ case: undefined }), ...cases)
      continue
    }
    if (member.fieldKind === 'message' && depth >= maxDepth) continue
    parts[member.localName] =
      member.fieldKind === 'message' ? fc.option(singular(member, depth), { nil: undefined }) : singular(member, depth)
  }
  return fc.record(parts, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>
}

/** An arbitrary message of `schema`. */
export function message<Desc extends DescMessage>(schema: Desc): fc.Arbitrary<MessageShape<Desc>> {
  return messageInit(schema).map((init) => create(schema, init as never))
}

/** The Envelope body members, read from the descriptor. */
export const envelopeBodyFields = EnvelopeSchema.oneofs.find((oneof) => oneof.name === 'body')?.fields ?? []

/** An arbitrary Envelope whose body is the member `field` (field values unconstrained: for codec round trips). */
export function envelopeWithBody(field: DescField): fc.Arbitrary<Envelope> {
  return fc
    .record({
      head: messageInit(EnvelopeSchema, 1),
      value: singular(field, 0),
    })
    .map(({ head, value }) => create(EnvelopeSchema, { ...head, body: { case: field.localName, value } } as never))
}
