import { configFields, createLogger, loadConfig, runUntilSignal } from '@spaceos/node-kit'
import { Command } from 'commander'
import { z } from 'zod'
import { startLocalNetwork } from './network.ts'

const upConfig = z.object({
  host: configFields.host(),
  evmPort: configFields.port(8545),
  stateDir: z.string().default('.spaceos'),
  reset: configFields.flag(false),
  logLevel: configFields.logLevel(),
})

const program = new Command('spaceos').description('SPACE OS reference nodes and the local network')

program
  .command('up', { isDefault: true })
  .description('bring up the local network with embedded defaults (no Docker, no accounts)')
  .option('--host <host>', 'bind address (env SPACEOS_HOST)')
  .option('--evm-port <port>', 'EVM JSON-RPC port (env SPACEOS_EVM_PORT, default 8545)')
  .option('--state-dir <dir>', 'where node state lives (env SPACEOS_STATE_DIR, default .spaceos)')
  .option('--reset', 'start from a fresh genesis')
  .action(async (flags: Record<string, string | boolean | undefined>) => {
    const config = loadConfig(upConfig, { overrides: flags })
    const logger = createLogger({ name: 'spaceos', level: config.logLevel })
    const say = (line: string) => process.stdout.write(`${line}\n`)
    process.exitCode = await runUntilSignal(
      async () => {
        say('spaceos: starting the local network …')
        const network = await startLocalNetwork({ ...config, logger })
        say('spaceos: ready')
        for (const e of network.endpoints) say(`  ${e.name.padEnd(32)} ${e.url}`)
        say('  dev accounts (LOCAL ONLY — generated at start, never use elsewhere):')
        for (const a of network.devAccounts.slice(0, 2)) say(`    ${a.address}  ${a.privateKey}`)
        say('Press Ctrl-C to stop.')
        return network
      },
      { logger },
    )
  })

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
