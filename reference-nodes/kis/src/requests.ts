import { z } from 'zod'
import { KisNodeError } from './errors.ts'
import type { KeyRecord } from './keyStore.ts'

const keyId = z.string().regex(/^kis_[0-9a-f]{40}$/, 'a KIS key ID (kis_ + 40 hex digits)')
const label = z.string().max(128).optional()
const kind = z.enum(['evm', 'native'])
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed 20-byte address')
const decimalBelow = (bits: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,77})$/, 'a decimal integer string')
    .refine((v) => BigInt(v) < 1n << BigInt(bits), `at most ${bits} bits`)
const decimal = decimalBelow(256)
const hexData = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, '0x-prefixed hex bytes')

/** Makes each request unique so equal calls in one second do not share a signature [NP-KEY-029]. */
const requestId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/)
  .optional()

/** The request bodies of the KIS endpoints (spec/AUTH.md §9); unknown fields are refused. */
export const schemas = {
  createKey: z.strictObject({ kind, label, request_id: requestId }),
  signEvm: z.strictObject({
    request_id: requestId,
    key_id: keyId,
    transaction: z.strictObject({
      to: address.optional(),
      value: decimal.optional(),
      data: hexData.optional(),
      nonce: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      gas: decimalBelow(64),
      gas_price: decimal.optional(),
      chain_id: z.number().int(),
      type: z.union([z.string().max(16), z.number().int()]).optional(),
      max_fee_per_gas: decimal.optional(),
      max_priority_fee_per_gas: decimal.optional(),
      access_list: z.array(z.unknown()).optional(),
    }),
  }),
  signNative: z.strictObject({
    request_id: requestId,
    key_id: keyId,
    chain_id: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits'),
    transaction: z.record(z.string(), z.unknown()),
  }),
  rotate: z.strictObject({
    request_id: requestId,
    key_id: keyId,
    evm_rpc_url: z.url({ protocol: /^https?$/ }).optional(),
    antelope_url: z.url({ protocol: /^https?$/ }).optional(),
    tokens: z.array(address).max(32).optional(),
    account: z
      .string()
      .regex(/^[a-z1-5.]{1,12}$/, 'an Antelope account name')
      .optional(),
  }),
  adminImport: z.strictObject({
    kind,
    private_key: z.string().min(1).max(256),
    label,
    owner: z.string().max(64).optional(),
    request_id: requestId,
  }),
}

/** Parses a body against a schema: unknown fields → `UNKNOWN_FIELD`, anything else → `INVALID_FIELD`. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.map(String).join('.') ?? ''
  if (issue?.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => (field ? `${field}.${k}` : k)).join(', ')
    throw new KisNodeError('UNKNOWN_FIELD', { message: `Unknown field: ${names}.`, details: { field: names } })
  }
  throw new KisNodeError('INVALID_FIELD', {
    message: `${field || 'body'}: ${issue?.message ?? 'invalid'}`,
    details: { field: field || 'body' },
  })
}

/** A key as KIS answers it: never key material. */
export const wireKey = (r: KeyRecord) => ({
  key_id: r.id,
  kind: r.kind,
  public_key: r.publicKey,
  ...(r.address === undefined ? {} : { address: r.address }),
  ...(r.label === undefined ? {} : { label: r.label }),
  ...(r.owner === undefined ? {} : { owner: r.owner }),
  status: r.status,
  origin: r.origin,
  created_at: r.createdAt,
})

/** A path segment decoded, or as sent when its percent-encoding is broken (it then names no key). */
export const safeDecode = (segment: string) => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
