import { createLogger, loadConfig, runUntilSignal } from '@spaceos/node-kit'
import { identityConfigSchema, startIdentityServer } from './startIdentityServer.ts'

const config = loadConfig(identityConfigSchema, { prefix: 'SPACEOS_IDENTITY_' })
const log = createLogger({ name: 'identity', level: config.logLevel })
process.exitCode = await runUntilSignal((signal) => startIdentityServer({ config, signal, log }), { logger: log })
