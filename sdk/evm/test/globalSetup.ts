import type { TestProject } from 'vitest/node'
// Relative imports only: vitest loads a global setup without the `@spaceos/source` condition, so a workspace import
// would need a build. The parameters file is the generated source itself, not a copy.
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, EVM_HARDFORK } from '../../../generated/src/parameters.ts'
import { spawnAnvil } from '../src/anvilProcess.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    anvilUrl: string
  }
}

/** One real anvil (chain 800000, paris, 150 gwei) for the whole @spaceos/evm test run, stopped afterwards. */
export default async function setup(project: TestProject) {
  const anvil = await spawnAnvil({ chainId: EVM_CHAIN_ID, hardfork: EVM_HARDFORK, gasPrice: EVM_GAS_PRICE_WEI })
  project.provide('anvilUrl', anvil.url)
  return () => anvil.stop()
}
