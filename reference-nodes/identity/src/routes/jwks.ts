import { JWKS_CACHE_MAX_AGE_S } from '@spaceos/generated/parameters'
import type { Reply } from '@spaceos/node-kit'
import type { IdentityContext } from '../context.ts'

/** `GET /.well-known/jwks.json`: the public signing keys, cacheable for `JWKS_CACHE_MAX_AGE_S` [NP-KEY-001] [NP-KEY-005]. */
export function jwks(context: IdentityContext): Reply {
  return { body: context.keys.jwks(), headers: { 'cache-control': `public, max-age=${JWKS_CACHE_MAX_AGE_S}` } }
}
