import { ChainNodeError } from '../../errors.ts'

/** A JSON-RPC call to anvil (its own methods too: `anvil_setBalance`, `ots_*`, impersonation). */
export type AnvilRpc = <T = unknown>(method: string, params: unknown[]) => Promise<T>

/**
 * JSON-RPC calls to anvil at `url` through `fetchFn` (default: the global `fetch` at call time); an error answer
 * throws `UNAVAILABLE` naming the method.
 *
 * @example
 * const rpc = createAnvilRpc('http://127.0.0.1:8545')
 * await rpc('anvil_setBalance', [address, '0x0'])
 */
export function createAnvilRpc(url: string, fetchFn?: typeof fetch): AnvilRpc {
  let rpcId = 0
  return async <T = unknown>(method: string, params: unknown[]): Promise<T> => {
    const res = await (fetchFn ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
    })
    const body = (await res.json()) as { result?: T; error?: { message: string } }
    if (body.error) throw new ChainNodeError('UNAVAILABLE', `${method}: ${body.error.message}`)
    return body.result as T
  }
}
