import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { configFields, createLogger, type Logger, type Running } from '@spaceos/node-kit'
import { z } from 'zod'
import { systemClock } from './clock.ts'
import { createKeyRing } from './keyRing.ts'
import { createIdentityNode } from './node.ts'
import { createPostgresStore } from './store/postgresStore.ts'
import { createSqliteStore } from './store/sqliteStore.ts'

/** Configuration of the identity node, read from `SPACEOS_IDENTITY_*` variables. */
export const identityConfigSchema = z.object({
  host: configFields.host(),
  port: configFields.port(8090),
  /** Public base URL (JWT `iss`); default `http://<host>:<port>`. */
  publicUrl: z.string().url().optional(),
  /** SQLite file; ignored when `databaseUrl` is set. */
  sqlitePath: z.string().min(1).default('identity.db'),
  /** `postgres://…` to use PostgreSQL instead of SQLite. */
  databaseUrl: z.string().optional(),
  logLevel: configFields.logLevel(),
})

/** Parsed configuration. */
export type IdentityConfig = z.output<typeof identityConfigSchema>

/**
 * Starts the identity node on a real socket: store (SQLite by default, PostgreSQL with `databaseUrl`), key ring,
 * HTTP server. What the bin and `spaceos up` call.
 *
 * @example
 * import { loadConfig } from '@spaceos/node-kit'
 * import { identityConfigSchema, startIdentityServer } from '@spaceos/identity-node'
 * const config = loadConfig(identityConfigSchema, { prefix: 'SPACEOS_IDENTITY_' })
 * const running = await startIdentityServer({ config, signal: new AbortController().signal })
 * console.log(running.url)
 */
export async function startIdentityServer(options: {
  config: IdentityConfig
  signal: AbortSignal
  log?: Logger
}): Promise<Running & { url: string }> {
  const { config } = options
  const log = options.log ?? createLogger({ name: 'identity', level: config.logLevel })
  const store =
    config.databaseUrl === undefined || config.databaseUrl === ''
      ? createSqliteStore({ path: config.sqlitePath })
      : await createPostgresStore({ connectionString: config.databaseUrl })
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, resolve)
  })
  const port = (server.address() as AddressInfo).port
  const url = (config.publicUrl ?? `http://${config.host}:${port}`).replace(/\/$/, '')
  const clock = systemClock
  const keys = await createKeyRing({ clock, store })
  // [NP-KEY-002] check hourly whether the signing key is due for rotation
  const rotation = setInterval(() => {
    keys.rotateIfDue().catch((error: unknown) => log.error({ err: error }, 'key rotation failed'))
  }, 3_600_000)
  rotation.unref()
  const node = createIdentityNode({
    store,
    clock,
    keys,
    signal: options.signal,
    issuer: url,
    log,
  })
  server.on('request', node.http)
  log.info({ url, store: store.kind }, 'identity node listening')
  return {
    url,
    async stop() {
      clearInterval(rotation)
      server.closeIdleConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await store.close()
    },
  }
}
