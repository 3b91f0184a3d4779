import { create, type DescMessage, fromJson, type JsonValue, toJson } from '@bufbuild/protobuf'
import { VerifyRequestSchema, VerifyResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { NodeRequest, Reply } from '@spaceos/node-kit'
import type { IdentityContext } from '../context.ts'
import { FieldInvalidError } from '../errors.ts'
import { verify } from '../handlers/verify.ts'

/** The JSON body as a proto message (canonical proto3 JSON); a body of another shape is `INVALID_FIELD`. */
export async function readMessage<Schema extends DescMessage>(request: NodeRequest, schema: Schema) {
  const json = await request.json()
  try {
    return fromJson(schema, json as JsonValue)
  } catch (error) {
    throw new FieldInvalidError('body', `The body is not a valid ${schema.typeName}: ${(error as Error).message}`)
  }
}

/** `POST /api/auth/verify` (spec/AUTH.md §2.3): the REST form of `Verify`. */
export async function restVerify(context: IdentityContext, request: NodeRequest): Promise<Reply> {
  const response = await verify(context, await readMessage(request, VerifyRequestSchema))
  return { body: toJson(VerifyResponseSchema, create(VerifyResponseSchema, response)) }
}
