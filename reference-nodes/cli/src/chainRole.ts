import { join } from 'node:path'
import type { Logger } from '@spaceos/node-kit'
import { ensureContractsBuilt } from './ensureContractsBuilt.ts'
import { type RoleProcess, startRoleProcess } from './roleProcess.ts'

/** Options of {@link startChainRole}. */
export type ChainRoleOptions = {
  host: string
  /** Antelope chain API (nodeos' default 8888). */
  antelopePort: number
  /** EVM JSON-RPC through the tx-wrapper (8545). */
  evmPort: number
  /** The network's state folder; the chain keeps its state in `<stateDir>/chain`. */
  stateDir: string
  dev: boolean
  logger?: Logger
  /** Progress lines of the chain while it starts (the contracts' compile when missing, genesis, deployments). */
  onProgress?: (text: string) => void
  /** The Antelope contracts workspace the devnet deploys from; default `contracts/antelope` of this checkout. */
  contractsDir?: string
}

/**
 * Starts the chain.node devnet (`@spaceos/chain-node`, bin `spaceos-chain`) as its own process: the Antelope chain API
 * over the real system-contract WASM and the EVM 800000 behind the tx-wrapper. Used by `spaceos devnet` alone and by
 * `spaceos up` as the first role. On a fresh clone it first compiles the contracts, whose build the devnet deploys
 * ({@link ensureContractsBuilt}).
 */
export async function startChainRole(options: ChainRoleOptions): Promise<RoleProcess> {
  await ensureContractsBuilt({
    ...(options.contractsDir === undefined ? {} : { contractsDir: options.contractsDir }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  })
  return startRoleProcess({
    role: 'chain',
    packageName: '@spaceos/chain-node',
    bin: 'bin/spaceos-chain.mjs',
    endpoints: 3, // Antelope chain API, EVM JSON-RPC, bridge
    env: {
      SPACEOS_CHAIN_HOST: options.host,
      SPACEOS_CHAIN_ANTELOPE_PORT: String(options.antelopePort),
      SPACEOS_CHAIN_EVM_PORT: String(options.evmPort),
      SPACEOS_CHAIN_STATE_DIR: join(options.stateDir, 'chain'),
      SPACEOS_CHAIN_DEV: String(options.dev),
    },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  })
}
