import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '@spaceos/node-kit'
import { type Anvil, startAnvil } from './anvil.ts'

/** Options of {@link startLocalNetwork}. Defaults are loopback and the ports clients expect. */
export type LocalNetworkOptions = {
  host: string
  evmPort: number
  /** Folder for node state (`.spaceos` by default). */
  stateDir: string
  /** Start from a fresh genesis: delete the state folder first. */
  reset: boolean
  logger?: Logger
}

/** The running local network: endpoints to print and a single stop. */
export type LocalNetwork = {
  endpoints: { name: string; url: string }[]
  devAccounts: { address: string; privateKey: string }[]
  stop: () => Promise<void>
}

/**
 * Brings up every role that exists with embedded defaults: today the EVM chain (anvil at chain ID 800000). The devnet
 * (Antelope chain API, tx-wrapper, bridge), identity and the other roles join here as they land.
 */
export async function startLocalNetwork(options: LocalNetworkOptions): Promise<LocalNetwork> {
  if (options.reset) await rm(options.stateDir, { recursive: true, force: true })
  await mkdir(options.stateDir, { recursive: true })
  const started: { stop: () => Promise<void> }[] = []
  try {
    const anvil: Anvil = await startAnvil({
      host: options.host,
      port: options.evmPort,
      stateFile: join(options.stateDir, 'evm-state.json'),
      ...(options.logger ? { logger: options.logger } : {}),
    })
    started.push(anvil)
    return {
      endpoints: [{ name: 'EVM JSON-RPC (chain 800000)', url: anvil.rpcUrl }],
      devAccounts: anvil.devAccounts,
      stop: async () => {
        for (const s of started.reverse()) await s.stop()
      },
    }
  } catch (error) {
    for (const s of started.reverse()) await s.stop()
    throw error
  }
}
