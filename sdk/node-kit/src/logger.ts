import { type DestinationStream, type Logger, pino } from 'pino'

/** Keys whose values never reach a log line, at any depth pino can address. */
export const redactedKeys = [
  'privateKey',
  'secret',
  'password',
  'token',
  'jwt',
  'apiKey',
  'authorization',
  'mnemonic',
  'seed',
  'signature',
] as const

/** Options of {@link createLogger}. */
export type CreateLoggerOptions = {
  /** Component name, added to every line as `name`. */
  name: string
  /** Default `info` (`silent` in tests is common). */
  level?: string
  /** Where lines go. Default stdout. */
  destination?: DestinationStream
}

/**
 * A structured JSON logger (pino) that redacts secrets (`privateKey`, `token`, `authorization` …) at the top level
 * and one or two levels deep, so a stray object cannot leak a key or a full token.
 *
 * @example
 * import { createLogger } from '@spaceos/node-kit'
 * const log = createLogger({ name: 'identity' })
 * log.info({ address: '0xabc' }, 'login')
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const paths = redactedKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`])
  return pino(
    { name: options.name, level: options.level ?? 'info', redact: { paths, censor: '[redacted]' } },
    options.destination,
  )
}

export type { Logger }
