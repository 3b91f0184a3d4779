import type { KisRoute } from '../context.ts'
import { generateKey } from '../keyMaterial.ts'
import { parse, schemas, wireKey } from '../requests.ts'

/** `POST /keys`: a new key generated inside KIS, owned by the caller [NP-KEY-021] [NP-KEY-033]. */
export const createKey: KisRoute = {
  role: 'signer',
  async handle(context, body, caller) {
    const request = parse(schemas.createKey, body)
    const key = { ...generateKey(request.kind, request.label), owner: caller.id }
    try {
      const record = context.store.insert(key)
      return { status: 201, body: wireKey(record), audit: { key_id: record.id, kind: record.kind } }
    } finally {
      key.privateKey.fill(0)
    }
  },
}
