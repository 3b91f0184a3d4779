import { Writable } from 'node:stream'
import { create } from '@bufbuild/protobuf'
import { Code, ConnectError, createClient, createRouterTransport } from '@connectrpc/connect'
import { ErrorSchema } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import { GetJwksResponseSchema, IdentityService } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { ProtocolError } from '@spaceos/protocol'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../logger.ts'
import { errorInterceptor } from './connectErrors.ts'
import { createNodeApp } from './createNodeApp.ts'
import { openAiErrorFormat } from './errorFormat.ts'

/** A logger whose lines are kept for assertions. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      callback()
    },
  })
  return { log: createLogger({ name: 'test', level: 'debug', destination }), lines }
}

function demoApp(options: { maxBodyBytes?: number } = {}) {
  const { log, lines } = capturedLogger()
  const app = createNodeApp({ name: 'demo', log, maxBodyBytes: options.maxBodyBytes ?? 64 })
    .get('/v1/hello', (request) => ({ body: { hello: request.query.get('name') ?? 'world' } }))
    .post('/v1/echo', async (request) => ({ status: 201, body: { echoed: await request.json() } }))
    .get('/v1/items/:id', (request) => ({ body: { id: request.params.id } }))
    .get('/v1/boom', () => {
      throw new Error('database password is hunter2')
    })
    .get('/v1/limited', () => {
      throw new ProtocolError('RATE_LIMITED', { message: 'Slow down.', retryable: true, retryAfterMs: 2500 })
    })
    .post('/v1/openai', async (request) => ({ body: await request.json() }), { errors: openAiErrorFormat })
  return { app, lines }
}

describe('the node-kit server layer (in memory)', () => {
  it('answers a route with JSON and a request ID, keeping a well-formed caller ID and replacing a bad one', async () => {
    const { app } = demoApp()
    const ok = await app.inject({ url: '/v1/hello?name=ada', headers: { 'x-request-id': 'trace-42' } })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toEqual({ hello: 'ada' })
    expect(ok.headers['x-request-id']).toBe('trace-42')
    const replaced = await app.inject({ url: '/v1/hello', headers: { 'x-request-id': 'bad id with spaces' } })
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect((await app.inject('/v1/items/abc')).json()).toEqual({ id: 'abc' })
  })

  it('answers a body over the limit with 413 FRAME_TOO_LARGE naming the limit and closes the connection [NP-ERR-034]', async () => {
    const { app } = demoApp({ maxBodyBytes: 64 })
    const justFits = JSON.stringify({ pad: 'x'.repeat(64 - 10) })
    expect(Buffer.byteLength(justFits)).toBe(64)
    expect((await app.inject({ method: 'POST', url: '/v1/echo', payload: justFits })).statusCode).toBe(201)
    const over = `${justFits} `
    const response = await app.inject({ method: 'POST', url: '/v1/echo', payload: over })
    expect(response.statusCode).toBe(413)
    expect(response.headers.connection).toBe('close')
    expect(response.json()).toMatchObject({ error: { code: 'FRAME_TOO_LARGE', details: { limit: '64' } } })
  })

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const { app } = demoApp({ maxBodyBytes: 64 })
    const response = await app.inject({
      method: 'POST',
      url: '/v1/echo',
      payload: '{}',
      headers: { 'content-length': '1000000' },
    })
    expect(response.statusCode).toBe(413)
    expect(response.json()).toMatchObject({ error: { code: 'FRAME_TOO_LARGE', details: { actual: '1000000' } } })
  })

  it('answers a body that is not JSON with 400 MALFORMED_FRAME [NP-ERR-035]', async () => {
    const { app } = demoApp()
    const response = await app.inject({ method: 'POST', url: '/v1/echo', payload: '{"half":' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: { code: 'MALFORMED_FRAME' } })
  })

  it('never echoes an internal fault: 500 INTERNAL with the request ID, the cause only in the log [NP-ERR-036]', async () => {
    const { app, lines } = demoApp()
    const response = await app.inject({ url: '/v1/boom', headers: { 'x-request-id': 'req-boom' } })
    expect(response.statusCode).toBe(500)
    expect(response.body).not.toContain('hunter2')
    expect(response.json()).toMatchObject({ error: { code: 'INTERNAL', details: { request_id: 'req-boom' } } })
    const logged = lines.find((l) => l.msg === 'internal error')
    expect(logged).toMatchObject({ reqId: 'req-boom', err: { message: 'database password is hunter2' } })
  })

  it('answers a typed error with its table status and Retry-After on rate limits [NP-ERR-031] [NP-ERR-032]', async () => {
    const { app } = demoApp()
    const response = await app.inject('/v1/limited')
    expect(response.statusCode).toBe(429)
    expect(response.headers['retry-after']).toBe('3')
    expect(response.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'Slow down.', details: {} } })
  })

  it('answers an unknown route or method with 404 NOT_FOUND', async () => {
    const { app } = demoApp()
    expect((await app.inject('/v1/nope')).json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect((await app.inject({ method: 'DELETE', url: '/v1/hello' })).statusCode).toBe(404)
  })

  it("uses a route's own error format for its errors and the layer's (OpenAI's shape on /v1/openai)", async () => {
    const { app } = demoApp({ maxBodyBytes: 8 })
    const response = await app.inject({ method: 'POST', url: '/v1/openai', payload: JSON.stringify({ a: 'bcdefgh' }) })
    expect(response.statusCode).toBe(413)
    expect(response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'frame_too_large' } })
    const malformed = await app.inject({ method: 'POST', url: '/v1/openai', payload: '{' })
    expect(malformed.json()).toMatchObject({ error: { code: 'malformed_frame', param: null } })
  })

  it('logs one access line per request with the request ID and status, never the query or the headers', async () => {
    const { app, lines } = demoApp()
    await app.inject({ url: '/v1/hello?token=secret-value', headers: { authorization: 'Bearer secret-token' } })
    const access = lines.filter((l) => l.msg === 'request')
    expect(access).toHaveLength(1)
    expect(access[0]).toMatchObject({ method: 'GET', route: '/v1/hello', path: '/v1/hello', status: 200 })
    expect(JSON.stringify(lines)).not.toMatch(/secret-value|secret-token/)
  })

  it('serves /healthz, /readyz and /metrics, and counts requests by route and status', async () => {
    const { app } = demoApp()
    await app.inject('/v1/items/1')
    await app.inject('/v1/items/2')
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' })
    expect((await app.inject('/readyz')).statusCode).toBe(200)
    const metrics = (await app.inject('/metrics')).body
    expect(metrics).toContain('spaceos_demo_http_requests_total{route="/v1/items/:id",method="GET",status="200"} 2')
  })

  it('refuses new work once draining: 503 UNAVAILABLE with Connection: close, and /readyz not ready', async () => {
    const { app } = demoApp()
    app.drain()
    const refused = await app.inject('/v1/hello')
    expect(refused.statusCode).toBe(503)
    expect(refused.headers.connection).toBe('close')
    expect(refused.headers['retry-after']).toBe('1')
    expect(refused.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } })
  })
})

describe('Connect services behind the layer', () => {
  it('sends protocol errors with the table Code and the spaceos Error detail; unknown faults as a bare internal', async () => {
    const { log, lines } = capturedLogger()
    const transport = createRouterTransport(
      (router) => {
        router.service(IdentityService, {
          getJwks: () => create(GetJwksResponseSchema, { jwksJson: '{}' }),
          getDevice: () => {
            throw new ProtocolError('NOT_FOUND', { message: 'No such device.' })
          },
          listDevices: () => {
            throw new Error('connection string postgres://admin:pw@db')
          },
        })
      },
      { router: { interceptors: [errorInterceptor(log)] } },
    )
    const client = createClient(IdentityService, transport)
    expect((await client.getJwks({})).jwksJson).toBe('{}')
    const failed = (call: Promise<unknown>) =>
      call.then(
        () => {
          throw new Error('expected the call to fail')
        },
        (e: unknown) => ConnectError.from(e),
      )
    const notFound = await failed(client.getDevice({}))
    expect(notFound.code).toBe(Code.NotFound)
    expect(notFound.findDetails(ErrorSchema)[0]?.message).toBe('No such device.')
    const internal = await failed(client.listDevices({}))
    expect(internal.code).toBe(Code.Internal)
    expect(internal.rawMessage).not.toContain('postgres://')
    expect(lines.some((l) => (l.err as { message?: string } | undefined)?.message?.includes('postgres://'))).toBe(true)
  })

  it('mounts services on the app next to its routes', async () => {
    const app = createNodeApp({ name: 'mixed', accessLog: false }).connect({
      routes: (router) => {
        router.service(IdentityService, { getJwks: () => create(GetJwksResponseSchema, { jwksJson: '{"keys":[]}' }) })
      },
    })
    const response = await app.inject({
      method: 'POST',
      url: `/${IdentityService.typeName}/GetJwks`,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ jwksJson: '{"keys":[]}' })
    expect(response.headers['x-request-id']).toBeTruthy()
  })
})
