import type { MessageInitShape } from '@bufbuild/protobuf'
import type { GetJwksResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { IdentityContext } from '../context.ts'

/** `GetJwks`: the public JWK Set, as at `/.well-known/jwks.json` [NP-KEY-001]. */
export async function getJwks(context: IdentityContext): Promise<MessageInitShape<typeof GetJwksResponseSchema>> {
  return { jwksJson: JSON.stringify(context.keys.jwks()) }
}
