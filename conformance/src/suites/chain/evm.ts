import { CaseFailedError } from '../../case.ts'

/** A JSON-RPC answer: HTTP status plus `result` or `error` (undefined body when not JSON). */
export type RpcAnswer = {
  status: number
  body: { result?: unknown; error?: { code: number; message: string; data?: unknown } } | undefined
  text: string
}

/** Black-box JSON-RPC client of the tx-wrapper. */
export type EvmClient = ReturnType<typeof createEvmClient>

export function createEvmClient(baseUrl: string, timeoutMs: number) {
  let id = 0
  const post = async (body: string): Promise<RpcAnswer> => {
    const response = await fetch(baseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await response.text()
    let parsed: RpcAnswer['body']
    try {
      parsed = JSON.parse(text) as RpcAnswer['body']
    } catch {
      parsed = undefined
    }
    return { status: response.status, body: parsed, text }
  }
  const call = (method: string, params: unknown[] = []) =>
    post(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }))
  const result = async (method: string, params: unknown[] = []): Promise<unknown> => {
    const answer = await call(method, params)
    if (answer.body?.error || answer.body?.result === undefined) {
      throw new CaseFailedError(`${method} must succeed`, { expected: 'a result', actual: answer.text.slice(0, 300) })
    }
    return answer.body.result
  }
  return {
    url: baseUrl,
    post,
    call,
    result,
    async balance(address: string): Promise<bigint> {
      return BigInt(String(await result('eth_getBalance', [address, 'latest'])))
    },
    async nonce(address: string): Promise<number> {
      return Number(BigInt(String(await result('eth_getTransactionCount', [address, 'latest']))))
    },
  }
}

/** The answer must be a JSON-RPC error with `code`, whose message matches `pattern`; returns the message. */
export function expectRpcError(answer: RpcAnswer, code: number, pattern: RegExp, what: string): string {
  const error = answer.body?.error
  if (!error) {
    throw new CaseFailedError(what, {
      expected: `JSON-RPC error ${code} (${pattern})`,
      actual: answer.text.slice(0, 300),
    })
  }
  if (error.code !== code || !pattern.test(error.message)) {
    throw new CaseFailedError(what, {
      expected: `JSON-RPC error ${code} with a message matching ${pattern}`,
      actual: `${error.code} ${error.message}`,
    })
  }
  return error.message
}
