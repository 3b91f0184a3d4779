import { z } from 'zod'
import { ConfigInvalidError } from './errors.ts'

/** Options of {@link loadConfig}. */
export type LoadConfigOptions = {
  /** Prefix of the environment variables. Default `SPACEOS_`. */
  prefix?: string
  /** Environment to read. Default `process.env`. */
  env?: Record<string, string | undefined>
  /** Values that win over the environment (e.g. parsed command-line flags); `undefined` entries are ignored. */
  overrides?: Record<string, unknown>
}

/** `chainApiPort` → `CHAIN_API_PORT`. */
export const toEnvName = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()

/**
 * Loads a node's config from a zod object schema: each key reads `<prefix><UPPER_SNAKE_KEY>` from the environment,
 * overrides win, and the schema's defaults fill the rest. Use `z.coerce` for numbers and booleans read from env.
 *
 * @example
 * import { z } from 'zod'
 * import { loadConfig } from '@spaceos/node-kit'
 * const config = loadConfig(z.object({ port: z.coerce.number().int().default(8545) }), { overrides: { port: 9000 } })
 */
export function loadConfig<Schema extends z.ZodObject>(
  schema: Schema,
  options: LoadConfigOptions = {},
): z.infer<Schema> {
  const prefix = options.prefix ?? 'SPACEOS_'
  const env = options.env ?? process.env
  const input: Record<string, unknown> = {}
  for (const key of Object.keys(schema.shape)) {
    const value = env[prefix + toEnvName(key)]
    if (value !== undefined && value !== '') input[key] = value
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) if (value !== undefined) input[key] = value
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw new ConfigInvalidError(
    result.error.issues.map((issue) => {
      const key = issue.path.map(String).join('.') || '(root)'
      return { key, env: prefix + toEnvName(String(issue.path[0] ?? '')), message: issue.message }
    }),
  )
}

/** Zod helpers for common settings. */
export const configFields = {
  /** A TCP port; 0 means "any free port". */
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  /** A bind address; loopback by default so nothing is exposed unless asked. */
  host: (fallback = '127.0.0.1') => z.string().min(1).default(fallback),
  /** `true/false/1/0/yes/no`. */
  flag: (fallback: boolean) =>
    z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
      .default(fallback)
      .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}
