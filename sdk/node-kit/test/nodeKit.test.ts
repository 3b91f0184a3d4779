import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  ConfigInvalidError,
  configFields,
  createHealth,
  createLogger,
  createMetrics,
  loadConfig,
  ServiceStartError,
  startService,
} from '../src/index.ts'

describe('loadConfig', () => {
  const schema = z.object({
    chainApiPort: configFields.port(8888),
    host: configFields.host(),
    dev: configFields.flag(false),
    name: z.string().default('devnet'),
  })

  it('reads SPACEOS_-prefixed variables, lets overrides win and fills defaults', () => {
    const config = loadConfig(schema, {
      env: { SPACEOS_CHAIN_API_PORT: '9000', SPACEOS_DEV: 'yes' },
      overrides: { host: '0.0.0.0', name: undefined },
    })
    expect(config).toEqual({ chainApiPort: 9000, host: '0.0.0.0', dev: true, name: 'devnet' })
  })

  it('names the setting and its environment variable when a value is invalid', () => {
    const attempt = () => loadConfig(schema, { env: { SPACEOS_CHAIN_API_PORT: '70000', SPACEOS_DEV: 'maybe' } })
    expect(attempt).toThrow(ConfigInvalidError)
    expect(attempt).toThrow(/chainApiPort \(env SPACEOS_CHAIN_API_PORT\)/)
    expect(attempt).toThrow(/dev \(env SPACEOS_DEV\)/)
  })
})

describe('createLogger', () => {
  it('writes JSON lines and never writes a secret', () => {
    const lines: string[] = []
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const log = createLogger({ name: 'test', destination })
    log.info(
      { privateKey: '0xdead', user: { token: 'eyJhbGci', id: 7 }, req: { headers: { authorization: 'Bearer x' } } },
      'hello',
    )
    const line = JSON.parse(lines[0]!)
    expect(line).toMatchObject({
      name: 'test',
      msg: 'hello',
      privateKey: '[redacted]',
      user: { token: '[redacted]', id: 7 },
    })
    expect(lines[0]).not.toContain('0xdead')
    expect(lines[0]).not.toContain('eyJhbGci')
    expect(lines[0]).not.toContain('Bearer x')
  })
})

describe('metrics and health over HTTP', () => {
  it('serves Prometheus text and readiness that follows its checks', async () => {
    const metrics = createMetrics({ prefix: 'spaceos_test_', defaults: false })
    metrics.counter('requests_total', 'Requests', ['route']).inc({ route: '/x' })
    const health = createHealth()
    health.set('store', false)
    const server = createServer((req, res) => {
      if (req.url === '/metrics') return void metrics.handler(req, res)
      if (req.url === '/readyz') return health.readiness(req, res)
      return health.liveness(req, res)
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    try {
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('spaceos_test_requests_total{route="/x"} 1')
      const notReady = await fetch(`${base}/readyz`)
      expect(notReady.status).toBe(503)
      expect(await notReady.json()).toEqual({ status: 'not_ready', failing: ['store'] })
      health.set('store', true)
      expect((await fetch(`${base}/readyz`)).status).toBe(200)
      expect((await fetch(`${base}/healthz`)).status).toBe(200)
    } finally {
      server.close()
    }
  })
})

describe('startService', () => {
  it('resolves when the child prints its ready line, and stops it', async () => {
    const service = await startService({
      name: 'echo',
      command: process.execPath,
      args: ['-e', 'console.log("booting"); console.log("Listening on 127.0.0.1:1234"); setInterval(() => {}, 1000)'],
      readyWhen: /Listening on (\S+)/,
    })
    expect(service.readyLine).toBe('Listening on 127.0.0.1:1234')
    await service.stop()
    expect(service.child.signalCode).toBe('SIGTERM')
  })

  it('rejects with the last output when the child exits before it is ready', async () => {
    const attempt = startService({
      name: 'crasher',
      command: process.execPath,
      args: ['-e', 'console.error("bad flag --chain-id"); process.exit(3)'],
      readyWhen: /never/,
    })
    await expect(attempt).rejects.toBeInstanceOf(ServiceStartError)
    await expect(attempt).rejects.toThrow(/exited with code 3[\s\S]*bad flag --chain-id/)
  })

  it('rejects when the command does not exist', async () => {
    await expect(startService({ name: 'ghost', command: '/nonexistent/bin', readyWhen: /x/ })).rejects.toThrow(
      /could not spawn/,
    )
  })
})

describe('runUntilSignal', () => {
  it('stops the node cleanly on SIGINT and exits 0', async () => {
    const script = fileURLToPath(new URL('./fixtures/runUntilSignal.ts', import.meta.url))
    const child = spawn(process.execPath, ['--conditions=@spaceos/source', '--import', 'tsx', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let signalled = false
    child.stdout.on('data', (c) => {
      out += c
      if (!signalled && out.includes('started')) {
        signalled = true
        child.kill('SIGINT')
      }
    })
    const [code] = await once(child, 'exit')
    expect(out).toContain('started')
    expect(out).toContain('node stopped cleanly')
    expect(code).toBe(0)
  }, 20_000)
})
