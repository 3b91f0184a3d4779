import type { KisRoute } from '../context.ts'
import { KisNodeError } from '../errors.ts'
import { parseImportedKey } from '../keyMaterial.ts'
import { parse, schemas, wireKey } from '../requests.ts'

/** `POST /admin/import`: imports a key with the separate admin credential [NP-KEY-027]. */
export const adminImport: KisRoute = {
  role: 'admin',
  async handle(context, body) {
    const request = parse(schemas.adminImport, body)
    if (request.owner !== undefined && context.callers.get(request.owner)?.role !== 'signer')
      throw new KisNodeError('INVALID_FIELD', {
        message: 'owner must be the ID of a configured signing caller.',
        details: { field: 'owner' },
      })
    const key = { ...parseImportedKey(request.kind, request.private_key, request.label), owner: request.owner }
    try {
      const record = context.store.insert(key)
      return { status: 201, body: wireKey(record), audit: { key_id: record.id, kind: record.kind } }
    } finally {
      key.privateKey.fill(0)
    }
  },
}
