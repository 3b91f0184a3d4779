import { createLogger, loadConfig, runUntilSignal } from '@spaceos/node-kit'
import { identityConfigSchema, startIdentityServer } from './startIdentityServer.ts'

const config = loadConfig(identityConfigSchema, { prefix: 'SPACEOS_IDENTITY_' })
const log = createLogger({ name: 'identity', level: config.logLevel })
process.exitCode = await runUntilSignal(
  async (signal) => {
    const running = await startIdentityServer({ config, signal, log })
    // One line per endpoint, the form `spaceos up` waits for.
    console.log(`ready identity (HTTP + Connect): ${running.url}`)
    return running
  },
  { logger: log },
)
