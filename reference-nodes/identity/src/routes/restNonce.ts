import { create, toJson } from '@bufbuild/protobuf'
import { GetNonceRequestSchema, GetNonceResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { NodeRequest, Reply } from '@spaceos/node-kit'
import type { IdentityContext } from '../context.ts'
import { FieldInvalidError } from '../errors.ts'
import { getNonce } from '../handlers/getNonce.ts'

/** A base64url query parameter as bytes (absent → empty). */
function base64urlParam(query: URLSearchParams, name: string): Uint8Array {
  const value = query.get(name)
  if (value === null) return new Uint8Array()
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new FieldInvalidError(name, `${name} must be base64url.`)
  return new Uint8Array(Buffer.from(value, 'base64url'))
}

/** `GET /api/auth/nonce?address=…` (spec/AUTH.md §2.1): the REST form of `GetNonce`. */
export async function restNonce(context: IdentityContext, request: NodeRequest): Promise<Reply> {
  const { query } = request
  const response = await getNonce(
    context,
    create(GetNonceRequestSchema, {
      address: query.get('address') ?? '',
      signingPublicKey: base64urlParam(query, 'signing_public_key'),
      encryptionPublicKey: base64urlParam(query, 'encryption_public_key'),
    }),
    { authorization: undefined, source: request.source },
  )
  return { body: toJson(GetNonceResponseSchema, create(GetNonceResponseSchema, response)) }
}
