import { mkdir, rm } from 'node:fs/promises'
import type { Logger } from '@spaceos/node-kit'
import { startChainRole } from './chainRole.ts'
import { startIdentityRole } from './identityRole.ts'
import { startKisRole } from './kisRole.ts'
import type { RoleProcess } from './roleProcess.ts'

/** Options of {@link startLocalNetwork}. Defaults are loopback and the ports clients expect. */
export type LocalNetworkOptions = {
  host: string
  /** Antelope chain API (nodeos' default 8888). */
  antelopePort: number
  /** EVM JSON-RPC through the tx-wrapper (8545). */
  evmPort: number
  /** Identity node: wallet login, devices, pairing, API keys (8090). */
  identityPort: number
  /** KIS, the key issuing service (8091); default 8091. */
  kisPort?: number
  /** Folder for node state (`.spaceos` by default). */
  stateDir: string
  /** Start from a fresh genesis: delete the state folder first. */
  reset: boolean
  /** Dev mode: anvil cheat methods through the tx-wrapper and the devnet time-travel endpoint. */
  dev: boolean
  logger?: Logger
  /** Progress lines the roles print while they start (genesis steps, deployments). */
  onProgress?: (text: string) => void
}

/** The running local network: endpoints to print, local-only keys, a single stop. */
export type LocalNetwork = {
  endpoints: { name: string; url: string }[]
  keys: string[]
  stop: () => Promise<void>
}

/**
 * Brings up every role that exists, each as its own process meeting the others over sockets: the chain.node devnet
 * (Antelope chain API over the real system-contract WASM, EVM 800000 behind the tx-wrapper) and the identity node
 * (SQLite in the state folder). The other roles join here as they land.
 */
export async function startLocalNetwork(options: LocalNetworkOptions): Promise<LocalNetwork> {
  if (options.reset) await rm(options.stateDir, { recursive: true, force: true })
  await mkdir(options.stateDir, { recursive: true })
  const started: RoleProcess[] = []
  const stopAll = async () => {
    for (const role of started.reverse()) await role.stop()
  }
  try {
    const chain = await startChainRole(options)
    started.push(chain)
    // --- KIS: its own process and trust domain; secrets generated into <stateDir>/kis (0600) on first start ---
    const kis = await startKisRole({
      ...options,
      kisPort: options.kisPort ?? 8091,
      evmRpcUrl: chain.endpoints.find((e) => /EVM/.test(e.name))?.url,
      antelopeUrl: chain.endpoints.find((e) => /Antelope/.test(e.name))?.url,
    })
    started.push(kis)
    // --- end KIS ---
    // --- identity: KIS credential, chain API and the KIS-held newaccount creator (identityRole.ts) ---
    started.push(
      await startIdentityRole({
        ...options,
        kis,
        antelopeUrl: chain.endpoints.find((e) => /Antelope/.test(e.name))?.url,
        chainKeys: chain.keys,
      }),
    )
    return {
      endpoints: started.flatMap((r) => r.endpoints),
      keys: started.flatMap((r) => r.keys),
      stop: stopAll,
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}
