import { type KisRoute, visibleKey } from '../context.ts'
import { KisNodeError } from '../errors.ts'
import { wireKey } from '../requests.ts'

/** `GET /keys/:id`: a key the caller may see, never its material [NP-KEY-033]. */
export const getKey: KisRoute = {
  role: 'any',
  async handle(context, _body, caller, ctx) {
    const id = ctx.key_id as string
    const record = visibleKey(context, id, caller)
    if (record === undefined)
      throw new KisNodeError('NOT_FOUND', { message: `No key ${id.slice(0, 64)}.`, details: { field: 'key_id' } })
    return { body: wireKey(record) }
  },
}
