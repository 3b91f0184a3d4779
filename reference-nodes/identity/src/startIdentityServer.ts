import { readFileSync } from 'node:fs'
import { createKisClient } from '@spaceos/kis'
import { configFields, createLogger, type Logger, type Running, serveNodeApp } from '@spaceos/node-kit'
import { z } from 'zod'
import { systemClock } from './clock.ts'
import { createKeyRing } from './keyRing.ts'
import { createIdentityNode } from './node.ts'
import { createPostgresStore } from './store/postgresStore.ts'
import { createSqliteStore } from './store/sqliteStore.ts'
import { createKisCustody } from './wallets/custody.ts'

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
  /** KIS base URL (spec/AUTH.md §9); without it the proxy and native wallets are not provisioned. */
  kisUrl: z.string().url().optional(),
  /** This node's KIS caller ID. */
  kisCallerId: z.string().min(1).default('identity'),
  /** The shared HMAC secret of that caller (≥ 32 characters; never logged). */
  kisSecret: z.string().min(32).optional(),
  /** PEM files for mutual TLS to KIS: the CA that signed KIS's certificate, this node's certificate and key. */
  kisTlsCa: z.string().min(1).optional(),
  kisTlsCert: z.string().min(1).optional(),
  kisTlsKey: z.string().min(1).optional(),
  /** Antelope chain API (`/v1/chain/*`) the native accounts are created on; without it none is created. */
  antelopeUrl: z.string().url().optional(),
  /** The account that creates native accounts (`newaccount`); its key lives in KIS. */
  nativeCreator: z
    .string()
    .regex(/^[a-z1-5.]{1,12}$/)
    .default('eosio'),
  /** Permission of the creator that signs. */
  nativeCreatorPermission: z
    .string()
    .regex(/^[a-z1-5.]{1,12}$/)
    .default('active'),
  /** KIS key ID of the creator's key (e.g. from `/admin/import`, which `spaceos up` does for the devnet). */
  nativeCreatorKeyId: z.string().min(1).optional(),
  /** Longest a login waits for wallet provisioning before answering (the rest goes on in the background). */
  walletWaitMs: z.coerce.number().int().min(0).max(60_000).default(5_000),
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
  const clock = systemClock
  const keys = await createKeyRing({ clock, store })
  // [NP-KEY-002] check hourly whether the signing key is due for rotation
  const rotation = setInterval(() => {
    keys.rotateIfDue().catch((error: unknown) => log.error({ err: error }, 'key rotation failed'))
  }, 3_600_000)
  rotation.unref()
  const wallets = walletOptions(config)
  // The issuer is the public URL, or the listening URL when the port is chosen by the system.
  const server = await serveNodeApp(
    (listening) =>
      createIdentityNode({
        store,
        clock,
        keys,
        signal: options.signal,
        issuer: config.publicUrl ?? listening,
        log,
        walletWaitMs: config.walletWaitMs,
        ...wallets,
      }).app,
    { host: config.host, port: config.port },
  )
  const url = (config.publicUrl ?? server.url).replace(/\/$/, '')
  log.info(
    {
      url,
      store: store.kind,
      kis: config.kisUrl ?? null,
      antelope: wallets.chain === undefined ? null : wallets.chain.url,
    },
    wallets.custody === undefined
      ? 'identity node listening (no KIS configured: proxy and native wallets are not provisioned)'
      : 'identity node listening',
  )
  return {
    url,
    async stop() {
      clearInterval(rotation)
      await server.close()
      await store.close()
    },
  }
}

/** KIS custody and the native-account chain from the configuration; each part only when fully configured. */
function walletOptions(config: IdentityConfig) {
  if (config.kisUrl === undefined) return {}
  if (config.kisSecret === undefined) throw new Error('kisUrl needs kisSecret (SPACEOS_IDENTITY_KIS_SECRET)')
  const tls = {
    ...(config.kisTlsCa === undefined ? {} : { ca: readFileSync(config.kisTlsCa) }),
    ...(config.kisTlsCert === undefined ? {} : { cert: readFileSync(config.kisTlsCert) }),
    ...(config.kisTlsKey === undefined ? {} : { key: readFileSync(config.kisTlsKey) }),
  }
  const custody = createKisCustody(
    createKisClient({
      url: config.kisUrl,
      callerId: config.kisCallerId,
      secret: config.kisSecret,
      ...(Object.keys(tls).length === 0 ? {} : { tls }),
      timeoutMs: 10_000,
    }),
  )
  if (config.antelopeUrl === undefined) return { custody }
  if (config.nativeCreatorKeyId === undefined) {
    throw new Error(
      'antelopeUrl needs nativeCreatorKeyId (SPACEOS_IDENTITY_NATIVE_CREATOR_KEY_ID), the creator key in KIS',
    )
  }
  return {
    custody,
    chain: {
      url: config.antelopeUrl,
      creator: {
        account: config.nativeCreator,
        permission: config.nativeCreatorPermission,
        keyId: config.nativeCreatorKeyId,
      },
    },
  }
}
