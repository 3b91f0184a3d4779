import { createLogger, loadConfig, runUntilSignal } from '@spaceos/node-kit'
import { kisConfigSchema, startKisServer } from './startKisServer.ts'

const config = loadConfig(kisConfigSchema, { prefix: 'SPACEOS_KIS_' })
const log = createLogger({ name: 'kis', level: config.logLevel })
process.exitCode = await runUntilSignal(
  async (signal) => {
    const running = await startKisServer({ config, signal, log })
    // The line `spaceos up` waits for.
    console.log(`ready kis: ${running.url}`)
    return running
  },
  { logger: log },
)
