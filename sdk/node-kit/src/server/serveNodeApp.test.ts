import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createNodeApp } from './createNodeApp.ts'
import { serveNodeApp } from './serveNodeApp.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('serveNodeApp on a real socket', () => {
  it('drains on close: in-flight requests finish, new connections are refused, then it resolves', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const app = createNodeApp({ name: 'drain', accessLog: false }).get('/slow', async () => {
      await gate
      return { body: { done: true } }
    })
    const server = await serveNodeApp(app, { drainTimeoutMs: 5_000 })
    const slow = fetch(`${server.url}/slow`)
    await sleep(50)
    const closed = server.close()
    await sleep(50)
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
    release()
    const response = await slow
    expect(response.status).toBe(200)
    expect(response.headers.get('connection')).toBe('close')
    expect(await response.json()).toEqual({ done: true })
    await closed
  })

  it('cuts work still running at the drain deadline', async () => {
    const app = createNodeApp({ name: 'stuck', accessLog: false }).get('/never', () => new Promise(() => {}))
    const server = await serveNodeApp(app, { drainTimeoutMs: 200 })
    const stuck = fetch(`${server.url}/never`).then(
      () => 'answered',
      () => 'cut',
    )
    await sleep(50)
    await server.close()
    expect(await stuck).toBe('cut')
  })

  it('drops a client that sends its headers too slowly (headers timeout)', async () => {
    const server = await serveNodeApp(createNodeApp({ name: 'slowloris', accessLog: false }), {
      headersTimeoutMs: 300,
      requestTimeoutMs: 300,
    })
    const socket = connect(server.port, '127.0.0.1')
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n')
    const answer = await new Promise<string>((resolve) => {
      let text = ''
      socket.on('data', (d) => {
        text += d.toString()
      })
      socket.on('close', () => resolve(text))
    })
    expect(answer).toMatch(/^HTTP\/1\.1 408/)
    await server.close()
  })
})

describe('WebSocket endpoints', () => {
  const start = async () => {
    const received: string[] = []
    const app = createNodeApp({ name: 'ws', accessLog: false }).websocket('/v1/ws', {
      protocols: ['spaceos.v1.proto', 'spaceos.v1.json'],
      maxPayload: 1024,
      onConnection(socket, _request, protocol) {
        socket.send(`hello ${protocol}`)
        socket.on('message', (data) => received.push(String(data)))
      },
    })
    return { server: await serveNodeApp(app), received }
  }
  const open = (url: string, protocols: string[]) =>
    new Promise<{ ws: WebSocket; first: string }>((resolve, reject) => {
      const ws = new WebSocket(url.replace('http', 'ws'), protocols)
      ws.once('message', (data) => resolve({ ws, first: String(data) }))
      ws.once('error', reject)
    })

  it("selects the server's preferred subprotocol among those offered [NP-WIRE-004]", async () => {
    const { server } = await start()
    const both = await open(`${server.url}/v1/ws`, ['spaceos.v1.json', 'spaceos.v1.proto'])
    expect(both.ws.protocol).toBe('spaceos.v1.proto')
    expect(both.first).toBe('hello spaceos.v1.proto')
    const json = await open(`${server.url}/v1/ws`, ['spaceos.v1.json'])
    expect(json.ws.protocol).toBe('spaceos.v1.json')
    both.ws.close()
    json.ws.close()
    await server.close()
  })

  it('refuses an upgrade offering no served subprotocol with 400 UNSUPPORTED_VERSION [NP-WIRE-005]', async () => {
    const { server } = await start()
    const status = await new Promise<{ status: number; body: string }>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/v1/ws`, ['spaceos.v2.proto'])
      ws.on('unexpected-response', (_req, res) => {
        let body = ''
        res.on('data', (d) => {
          body += d
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      ws.on('error', () => {})
    })
    expect(status.status).toBe(400)
    expect(JSON.parse(status.body)).toMatchObject({ error: { code: 'UNSUPPORTED_VERSION' } })
    await server.close()
  })

  it('closes a connection with 1009 on a message over maxPayload, and with 1001 when the node drains', async () => {
    const { server, received } = await start()
    const big = await open(`${server.url}/v1/ws`, ['spaceos.v1.json'])
    const bigClosed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)))
    big.ws.send('x'.repeat(2048))
    expect(await bigClosed).toBe(1009)
    const small = await open(`${server.url}/v1/ws`, ['spaceos.v1.json'])
    small.ws.send('ok')
    await sleep(50)
    expect(received).toEqual(['ok'])
    const smallClosed = new Promise<number>((resolve) => small.ws.once('close', (code) => resolve(code)))
    await server.close()
    expect(await smallClosed).toBe(1001)
  })
})
