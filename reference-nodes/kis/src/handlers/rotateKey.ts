import { activeKey, type KisRoute, visibleKey } from '../context.ts'
import { KisNodeError } from '../errors.ts'
import { parse, schemas } from '../requests.ts'
import { rotateWithSweep } from './rotateWithSweep.ts'

/** `POST /rotate`: a new key replaces the old under the same key ID, funds swept or authority updated first. */
export const rotateKey: KisRoute = {
  role: 'signer',
  async handle(context, body, caller, ctx) {
    const request = parse(schemas.rotate, body)
    ctx.key_id = request.key_id
    const current = visibleKey(context, request.key_id, caller)
    if (current === undefined)
      throw new KisNodeError('NOT_FOUND', { message: `No key ${request.key_id}.`, details: { field: 'key_id' } })
    activeKey(context, request.key_id, current.kind, caller)
    const rpcUrl = request.evm_rpc_url ?? context.evmRpcUrl
    const url = request.antelope_url ?? context.antelopeUrl
    if (current.kind === 'evm' && rpcUrl === undefined)
      throw new KisNodeError('INVALID_FIELD', {
        message: 'evm_rpc_url is required: KIS has no default EVM RPC to sweep balances with.',
        details: { field: 'evm_rpc_url' },
      })
    if (current.kind === 'native' && (url === undefined || request.account === undefined))
      throw new KisNodeError('INVALID_FIELD', {
        message: 'Rotating a native key needs account (and antelope_url when KIS has no default).',
        details: { field: request.account === undefined ? 'account' : 'antelope_url' },
      })
    if (context.rotating.has(request.key_id))
      throw new KisNodeError('UNAVAILABLE', {
        message: `Key ${request.key_id} is being rotated; retry when that rotation has finished.`,
        retryable: true,
        retryAfterMs: 1000,
      })
    context.rotating.add(request.key_id)
    try {
      return await rotateWithSweep(context, request, current)
    } finally {
      context.rotating.delete(request.key_id)
    }
  },
}
