import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from '@wagmi/cli'

/**
 * @wagmi/cli config of the "evm" generate step: typed `as const` ABIs from the committed abi/evm/*.json (the source of
 * truth), not from forge artifacts, so generation needs no compiler. The step passes the folders through the
 * environment so tests can run it on fixtures.
 */
const abiFolder = process.env.SPACEOS_EVM_ABI_DIR ?? 'abi/evm'
const out = process.env.SPACEOS_EVM_WAGMI_OUT ?? 'generated/src/evm/abis.ts'

export default defineConfig({
  out,
  contracts: readdirSync(abiFolder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      name: file.slice(0, -'.json'.length),
      abi: JSON.parse(readFileSync(join(abiFolder, file), 'utf8')),
    })),
})
