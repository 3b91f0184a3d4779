import { describe, expect, it } from 'vitest'
import { createKisClient, KisError, kisErrorFromResponse, kisSigningString, signKisRequest } from './index.ts'

describe('signKisRequest', () => {
  // Expected value computed outside this code: printf 'POST\n/keys\n1700000000\n<sha256 of body>' | openssl dgst -sha256 -hmac …
  it('matches an HMAC-SHA256 computed with openssl over METHOD\\nPATH\\nTIMESTAMP\\nhex(sha256(body))', () => {
    const headers = signKisRequest({
      method: 'post',
      path: '/keys',
      body: '{"kind":"evm"}',
      callerId: 'identity',
      secret: 'test-secret-0123456789abcdef0123456789',
      now: 1_700_000_000,
    })
    expect(headers).toEqual({
      'x-kis-key-id': 'identity',
      'x-kis-timestamp': '1700000000',
      'x-kis-signature': '47474e8769c7aa04281d3292ef7f8d711fda29f48d3e2ffe2bd1ba4f903e4656',
    })
  })

  it('covers the body: an empty body hashes to the SHA-256 of nothing', () => {
    expect(kisSigningString({ method: 'GET', path: '/keys/k1', body: '' }, 5)).toBe(
      'GET\n/keys/k1\n5\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
    const a = signKisRequest({ method: 'POST', path: '/keys', body: '{}', callerId: 'c', secret: 's', now: 1 })
    const b = signKisRequest({ method: 'POST', path: '/keys', body: '{ }', callerId: 'c', secret: 's', now: 1 })
    expect(a['x-kis-signature']).not.toBe(b['x-kis-signature'])
  })
})

describe('kisErrorFromResponse', () => {
  it('reads the spec error body', () => {
    const error = kisErrorFromResponse(
      403,
      JSON.stringify({ error: { code: 'PERMISSION_DENIED', message: 'type 2', details: { field: 'type' } } }),
    )
    expect(error).toBeInstanceOf(KisError)
    expect(error.code).toBe('PERMISSION_DENIED')
    expect(error.status).toBe(403)
    expect(error.details).toEqual({ field: 'type' })
  })

  it('keeps an unknown code in details and reports INTERNAL [NP-ERR-002]', () => {
    const error = kisErrorFromResponse(500, JSON.stringify({ error: { code: 'NEW_THING', message: 'x' } }))
    expect(error.code).toBe('INTERNAL')
    expect(error.details.code).toBe('NEW_THING')
  })

  it('reports a non-JSON or non-spec body as BAD_RESPONSE', () => {
    expect(kisErrorFromResponse(502, '<html>').code).toBe('BAD_RESPONSE')
    expect(kisErrorFromResponse(500, '{"oops":1}').code).toBe('BAD_RESPONSE')
  })
})

describe('createKisClient', () => {
  it('reports a refused connection as TRANSPORT', async () => {
    // Port 1 on loopback: nothing listens there.
    const kis = createKisClient({ url: 'http://127.0.0.1:1', callerId: 'c', secret: 's', timeoutMs: 2000 })
    await expect(kis.getKey('k')).rejects.toMatchObject({ name: 'KisError', code: 'TRANSPORT' })
  })
})
