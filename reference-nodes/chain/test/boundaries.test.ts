import { Writable } from 'node:stream'
import { createLogger } from '@spaceos/node-kit'
import { describe, expect, it } from 'vitest'
import { createChainApi } from '../src/antelope/createChainApi.ts'
import { createDevChain } from '../src/antelope/createDevChain.ts'
import { createTxWrapper } from '../src/evm/createTxWrapper.ts'

/** Each chain endpoint answers an oversized body, a malformed one and an internal fault the same way as every node. */
describe('chain API boundaries (nodeos shape)', async () => {
  const real = await createDevChain()
  const lines: string[] = []
  const logger = createLogger({
    name: 'chain',
    destination: new Writable({ write: (chunk, _e, done) => done(void lines.push(String(chunk))) }),
  })
  // A chain whose push fails with a message that must never reach a client.
  const chain = Object.assign(Object.create(real) as typeof real, {
    pushTransaction: () => {
      throw new Error('VeRT heap corrupted at 0xdeadbeef (internal)')
    },
  })
  const api = await createChainApi({ chain, maxBodyBytes: 2048, logger })

  it('an oversized body: 413 in nodeos shape, connection closed [NP-ERR-034] [NP-CHAIN-031]', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/chain/get_info',
      payload: JSON.stringify({ pad: 'x'.repeat(2048) }),
    })
    expect(response.statusCode).toBe(413)
    expect(response.headers.connection).toBe('close')
    expect(response.json()).toMatchObject({ code: 413, error: { name: 'packed_transaction_type_exception' } })
    const fits = await api.app.inject({ method: 'POST', url: '/v1/chain/get_info', payload: '{}' })
    expect(fits.statusCode).toBe(200)
  })

  it('a body that is not JSON: 400 parse_error_exception [NP-ERR-035] [NP-CHAIN-037]', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/v1/chain/get_account', payload: '{"account_name":' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: { code: 4, name: 'parse_error_exception' } })
  })

  it('an internal fault: 500 that names only the request ID, the cause in the log [NP-ERR-036]', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/chain/push_transaction',
      payload: '{}',
      headers: { 'x-request-id': 'req-chain-1' },
    })
    expect(response.statusCode).toBe(500)
    expect(response.body).not.toMatch(/deadbeef|VeRT heap/)
    expect(response.body).toContain('req-chain-1')
    expect(lines.join('\n')).toMatch(/VeRT heap corrupted/)
  })
})

describe('tx-wrapper boundaries (JSON-RPC shape)', () => {
  const wrapper = createTxWrapper({ upstreamUrl: 'http://127.0.0.1:9', maxBodyBytes: 1024 })

  it('an oversized body: 413 with JSON-RPC -32600, never forwarded [NP-ERR-034] [NP-EVM-015]', async () => {
    const response = await wrapper.app.inject({ method: 'POST', url: '/', payload: 'x'.repeat(1025) })
    expect(response.statusCode).toBe(413)
    expect(response.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } })
  })

  it('a body that is not JSON: 400 with JSON-RPC -32700 [NP-ERR-035]', async () => {
    const response = await wrapper.app.inject({ method: 'POST', url: '/', payload: '{"jsonrpc":' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: { code: -32700 } })
  })
})
