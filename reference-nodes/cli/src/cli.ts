import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { configFields, createLogger, loadConfig, runUntilSignal } from '@spaceos/node-kit'
import { Command } from 'commander'
import { z } from 'zod'
import { startChainRole } from './chainRole.ts'
import { startLocalNetwork } from './network.ts'

const upConfig = z.object({
  host: configFields.host(),
  antelopePort: configFields.port(8888),
  evmPort: configFields.port(8545),
  identityPort: configFields.port(8090),
  kisPort: configFields.port(8091),
  dev: configFields.flag(false),
  stateDir: z.string().default('.spaceos'),
  reset: configFields.flag(false),
  logLevel: configFields.logLevel(),
})

const program = new Command('spaceos').description('SPACE OS reference nodes and the local network')

program
  .command('up', { isDefault: true })
  .description('bring up the local network with embedded defaults (no Docker, no accounts)')
  .option('--host <host>', 'bind address (env SPACEOS_HOST)')
  .option('--antelope-port <port>', 'Antelope chain API port (env SPACEOS_ANTELOPE_PORT, default 8888)')
  .option('--evm-port <port>', 'EVM JSON-RPC port, through the tx-wrapper (env SPACEOS_EVM_PORT, default 8545)')
  .option('--identity-port <port>', 'identity node port (env SPACEOS_IDENTITY_PORT, default 8090)')
  .option('--kis-port <port>', 'KIS (key issuing service) port (env SPACEOS_KIS_PORT, default 8091)')
  .option('--dev', 'dev mode: anvil cheat methods and chain time travel (they would mint unbacked SPACE)')
  .option('--state-dir <dir>', 'where node state lives (env SPACEOS_STATE_DIR, default .spaceos)')
  .option('--reset', 'start from a fresh genesis')
  .action(async (flags: Record<string, string | boolean | undefined>) => {
    const config = loadConfig(upConfig, { overrides: flags })
    const logger = createLogger({ name: 'spaceos', level: config.logLevel })
    const say = (line: string) => process.stdout.write(`${line}\n`)
    process.exitCode = await runUntilSignal(
      async () => {
        say('spaceos: starting the local network …')
        const network = await startLocalNetwork({ ...config, logger, onProgress: (text) => say(`  … ${text}`) })
        say('spaceos: ready')
        for (const e of network.endpoints) say(`  ${e.name.padEnd(40)} ${e.url}`)
        say('  dev keys (LOCAL ONLY — generated at genesis, never use on a real chain):')
        for (const key of network.keys) say(`    ${key}`)
        say('Press Ctrl-C to stop.')
        return network
      },
      { logger },
    )
  })

const devnetConfig = upConfig.omit({ identityPort: true, kisPort: true })

program
  .command('devnet')
  .description('run only the chain.node devnet: Antelope chain API, EVM 800000 behind the tx-wrapper, bridge relayer')
  .option('--host <host>', 'bind address (env SPACEOS_HOST)')
  .option('--antelope-port <port>', 'Antelope chain API port (env SPACEOS_ANTELOPE_PORT, default 8888)')
  .option('--evm-port <port>', 'EVM JSON-RPC port, through the tx-wrapper (env SPACEOS_EVM_PORT, default 8545)')
  .option('--dev', 'dev mode: anvil cheat methods and chain time travel (they would mint unbacked SPACE)')
  .option('--state-dir <dir>', 'where node state lives (env SPACEOS_STATE_DIR, default .spaceos)')
  .option('--reset', 'start from a fresh genesis')
  .action(async (flags: Record<string, string | boolean | undefined>) => {
    const config = loadConfig(devnetConfig, { overrides: flags })
    const logger = createLogger({ name: 'spaceos', level: config.logLevel })
    const say = (line: string) => process.stdout.write(`${line}\n`)
    process.exitCode = await runUntilSignal(
      async () => {
        if (config.reset) await rm(join(config.stateDir, 'chain'), { recursive: true, force: true })
        await mkdir(config.stateDir, { recursive: true })
        say('spaceos: starting the devnet …')
        const chain = await startChainRole({ ...config, logger, onProgress: (text) => say(`  … ${text}`) })
        say('spaceos: devnet ready')
        for (const e of chain.endpoints) say(`  ${e.name.padEnd(40)} ${e.url}`)
        say('  dev keys (LOCAL ONLY — generated at genesis, never use on a real chain):')
        for (const key of chain.keys) say(`    ${key}`)
        say('Press Ctrl-C to stop.')
        return chain
      },
      { logger },
    )
  })

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
