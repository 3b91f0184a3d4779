import { readFileSync } from 'node:fs'
import {
  configFields,
  createLogger,
  type Logger,
  type Running,
  type RunningNodeServer,
  serveNodeApp,
} from '@spaceos/node-kit'
import { z } from 'zod'
import { openAuditLog } from './audit.ts'
import { parseCallers } from './auth.ts'
import { defaultScryptParams } from './envelope.ts'
import { openKeyStore } from './keyStore.ts'
import { createKisNode } from './node.ts'

const optionalText = z.string().min(1).optional()

/** Configuration of KIS, read from `SPACEOS_KIS_*` variables (see the README's table). */
export const kisConfigSchema = z.object({
  host: configFields.host(),
  port: configFields.port(8091),
  /** The operator's secret the master key is derived from (scrypt). Required; at least 16 characters. */
  masterSecret: z.string().min(16, 'the master secret must be at least 16 characters'),
  /** Signing callers, `id=secret,id2=secret2` (secrets ≥ 32 characters). */
  callers: z.string().default(''),
  /** Admin callers (`/admin/import` only), same form; must not share an ID with a signing caller. */
  adminCallers: z.string().default(''),
  sqlitePath: z.string().min(1).default('kis.db'),
  /** Audit log (JSON lines), separate from the service log on stdout. */
  auditLogPath: z.string().min(1).default('kis-audit.jsonl'),
  /** PEM files: server certificate and key switch KIS to https; a CA additionally requires client certificates. */
  tlsCert: optionalText,
  tlsKey: optionalText,
  tlsCa: optionalText,
  /** With `tlsCa`: the client certificate's subject CN must equal the caller ID of every request. */
  tlsBindCaller: configFields.flag(false),
  evmRpcUrl: z.url().optional(),
  antelopeUrl: z.url().optional(),
  antelopeChainId: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  /** ERC-20 contracts every EVM rotation sweeps (comma-separated), besides the ones a request lists. */
  sweepTokens: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed 20-byte address'))),
  maxBodyBytes: z.coerce.number().int().min(1024).max(10_485_760).default(65_536),
  /** scrypt cost of a new store (an existing store keeps its own); N a power of two. */
  scryptN: z.coerce
    .number()
    .int()
    .refine((n) => n >= 2 ** 10 && (n & (n - 1)) === 0, 'a power of two ≥ 1024')
    .default(defaultScryptParams.N),
  scryptR: z.coerce.number().int().min(1).max(32).default(defaultScryptParams.r),
  scryptP: z.coerce.number().int().min(1).max(16).default(defaultScryptParams.p),
  logLevel: configFields.logLevel(),
})

/** Parsed configuration (the input form is what `loadConfig` reads). */
export type KisConfig = z.output<typeof kisConfigSchema>

/**
 * Starts KIS on a real socket: opens the key store (a wrong master secret fails here), the audit log, and an HTTP
 * server — https with client-certificate verification when `tlsCa` is set [NP-KEY-026].
 *
 * @example
 * import { loadConfig } from '@spaceos/node-kit'
 * import { kisConfigSchema, startKisServer } from '@spaceos/kis-node'
 * const config = loadConfig(kisConfigSchema, { prefix: 'SPACEOS_KIS_' })
 * const running = await startKisServer({ config, signal: new AbortController().signal })
 * console.log(running.url)
 */
export async function startKisServer(options: {
  config: KisConfig
  signal?: AbortSignal
  log?: Logger
}): Promise<Running & { url: string }> {
  const { config } = options
  const log = options.log ?? createLogger({ name: 'kis', level: config.logLevel })
  const callers = [...parseCallers(config.callers, 'signer'), ...parseCallers(config.adminCallers, 'admin')]
  const ids = callers.map((c) => c.id)
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup !== undefined)
    throw new Error(`caller "${dup}" is configured twice (a signing and an admin credential must differ)`)
  if (callers.length === 0) log.warn({}, 'no callers configured: every request will be refused')
  const tls = config.tlsCert !== undefined || config.tlsKey !== undefined
  if (tls && (config.tlsCert === undefined || config.tlsKey === undefined))
    throw new Error('tlsCert and tlsKey go together')
  if (config.tlsCa !== undefined && !tls) throw new Error('tlsCa (mutual TLS) needs tlsCert and tlsKey')
  if (config.tlsBindCaller && config.tlsCa === undefined) throw new Error('tlsBindCaller needs mutual TLS (tlsCa)')

  const store = await openKeyStore({
    path: config.sqlitePath,
    masterSecret: config.masterSecret,
    scrypt: { N: config.scryptN, r: config.scryptR, p: config.scryptP },
  })
  const audit = openAuditLog(config.auditLogPath)
  const node = createKisNode({
    store,
    callers,
    audit,
    log,
    evmRpcUrl: config.evmRpcUrl,
    antelopeUrl: config.antelopeUrl,
    antelopeChainId: config.antelopeChainId,
    maxBodyBytes: config.maxBodyBytes,
    bindTlsCaller: config.tlsBindCaller,
    sweepTokens: config.sweepTokens as `0x${string}`[],
  })
  let server: RunningNodeServer
  try {
    server = await serveNodeApp(node.app, {
      host: config.host,
      port: config.port,
      ...(tls
        ? {
            tls: {
              cert: readFileSync(config.tlsCert as string),
              key: readFileSync(config.tlsKey as string),
              // [NP-KEY-026] with a CA, clients must present a certificate it signed
              ...(config.tlsCa === undefined ? {} : { ca: readFileSync(config.tlsCa), requestCert: true }),
            },
          }
        : {}),
    })
  } catch (error) {
    audit.close()
    store.close()
    throw error
  }
  // The URL names the configured host (the name a TLS certificate is issued for), not the resolved address.
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `${tls ? 'https' : 'http'}://${host}:${server.port}`
  log.info(
    {
      url,
      mtls: config.tlsCa !== undefined,
      callers: callers.map((c) => `${c.id}:${c.role}`),
      sweepTokens: config.sweepTokens.length,
    },
    'kis listening',
  )
  return {
    url,
    async stop() {
      await server.close()
      audit.close()
      store.close()
    },
  }
}
