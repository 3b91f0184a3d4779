/**
 * `npm run bench:server` — what the node-kit server layer costs, as a ratio against raw `node:http` serving the same
 * tiny JSON endpoint in the same run; fastify and hono (on @hono/node-server) measured the same way, as the evidence
 * for choosing a thin layer over `node:http` (docs/decisions/0009).
 *
 * Each server runs in its own child process (so the load generator does not share its event loop); autocannon loads
 * `GET /v1/ping` with 32 connections for `BENCH_SECONDS` (default 3) per round, rounds alternate between the servers
 * (`BENCH_ROUNDS`, default 3) and the median of each figure is reported. Ratios: throughput server / raw (higher is
 * better, 1.0 = as fast as raw) and p50/p99 latency server / raw (lower is better).
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createLogger, createNodeApp, serveNodeApp } from '@spaceos/node-kit'
import autocannon from 'autocannon'
import Fastify from 'fastify'
import { Hono } from 'hono'
import pino from 'pino'

const servers = ['raw', 'layer', 'layer-no-access-log', 'fastify', 'hono'] as const
type ServerName = (typeof servers)[number]
const payload = { ok: true, service: 'bench', n: 1 }

/** Child mode: serve `GET /v1/ping` with one framework, print the port, run until killed. */
async function serveOne(name: ServerName): Promise<number> {
  if (name === 'raw') {
    const server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/v1/ping') {
        const body = JSON.stringify(payload)
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
        res.end(body)
        return
      }
      res.writeHead(404).end()
    })
    server.keepAliveTimeout = 65_000
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return (server.address() as { port: number }).port
  }
  if (name === 'layer' || name === 'layer-no-access-log') {
    // The access log goes where a node's logs go (a pino destination), here /dev/null, so its cost is counted.
    const log = createLogger({ name: 'bench', destination: pino.destination('/dev/null') })
    const app = createNodeApp({ name: 'bench', log, accessLog: name === 'layer' ? 'info' : false }).get(
      '/v1/ping',
      () => ({ body: payload }),
    )
    return (await serveNodeApp(app)).port
  }
  if (name === 'fastify') {
    const app = Fastify({ logger: false, keepAliveTimeout: 65_000 })
    app.get('/v1/ping', async () => payload)
    await app.listen({ port: 0, host: '127.0.0.1' })
    return (app.server.address() as { port: number }).port
  }
  const app = new Hono().get('/v1/ping', (c) => c.json(payload))
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await once(server, 'listening')
  return (server.address() as { port: number }).port
}

type Figures = { rps: number; p50: number; p99: number }

async function load(port: number, seconds: number): Promise<Figures> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/v1/ping`,
    connections: 32,
    duration: seconds,
  })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`errors while loading port ${port}`)
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

async function main() {
  const child = process.env.BENCH_SERVE as ServerName | undefined
  if (child !== undefined) {
    process.stdout.write(`port ${await serveOne(child)}\n`)
    return
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 3)
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
  const self = fileURLToPath(import.meta.url)
  const children = await Promise.all(
    servers.map(async (name) => {
      const proc = spawn(process.execPath, [...process.execArgv, self], {
        env: { ...process.env, BENCH_SERVE: name },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      const [line] = (await once(proc.stdout, 'data')) as [Buffer]
      const port = Number(/port (\d+)/.exec(String(line))?.[1])
      return { name, proc, port }
    }),
  )
  const figures = new Map<ServerName, Figures[]>(servers.map((s) => [s, []]))
  try {
    for (const c of children) await load(c.port, 1) // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const c of children) figures.get(c.name)?.push(await load(c.port, seconds))
    }
  } finally {
    for (const c of children) c.proc.kill()
  }
  const summary = (name: ServerName) => {
    const all = figures.get(name) ?? []
    return {
      rps: median(all.map((f) => f.rps)),
      p50: median(all.map((f) => f.p50)),
      p99: median(all.map((f) => f.p99)),
    }
  }
  const raw = summary('raw')
  console.log(`bench:server — GET /v1/ping, 32 connections, ${rounds} × ${seconds} s per server (medians)`)
  console.log('server                  req/s   p50 ms  p99 ms   throughput vs raw   p50 vs raw   p99 vs raw')
  for (const name of servers) {
    const s = summary(name)
    console.log(
      `${name.padEnd(22)} ${s.rps.toFixed(0).padStart(7)} ${s.p50.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(7)}` +
        `   ${(s.rps / raw.rps).toFixed(2).padStart(10)}×       ${(s.p50 / raw.p50).toFixed(2).padStart(5)}×` +
        `      ${(s.p99 / raw.p99).toFixed(2).padStart(5)}×`,
    )
  }
}

await main()
