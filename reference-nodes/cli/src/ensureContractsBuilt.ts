import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { ContractsBuildError } from './errors.ts'
import { missingContractBuilds } from './missingContractBuilds.ts'

/** Options of {@link ensureContractsBuilt}. */
export type EnsureContractsBuiltOptions = {
  /**
   * The Antelope contracts workspace. Default {@link defaultContractsDir}: `contracts/antelope` of this checkout, where
   * the chain node reads `build/` from.
   */
  contractsDir?: string
  /** Progress lines: one when the build starts, then each line the build prints. */
  onProgress?: (text: string) => void
}

/** What {@link ensureContractsBuilt} did. */
export type EnsureContractsBuiltReturnType = {
  /** The accounts that had no build and were compiled; empty when nothing was missing. */
  built: string[]
}

/** How many of the build's last lines a {@link ContractsBuildError} carries. */
const OUTPUT_LINES = 40

/**
 * `contracts/antelope` beside the chain node's package: the folder whose `build/` the devnet deploys at genesis
 * (`@spaceos/chain-node` reads `contracts/antelope/build` of the same checkout).
 *
 * @example
 * import { defaultContractsDir } from '@spaceos/cli'
 * defaultContractsDir() // /path/to/checkout/contracts/antelope
 */
export function defaultContractsDir(): string {
  const chainNode = dirname(createRequire(import.meta.url).resolve('@spaceos/chain-node/package.json'))
  return join(chainNode, '..', '..', 'contracts', 'antelope')
}

/**
 * Compiles the Antelope contracts when their build is missing, so `spaceos up` and `spaceos devnet` work on a fresh
 * clone: runs the workspace's own `npm run build` (proton-tsc → WASM + ABI, cached by source hash, a few minutes the
 * first time) and reports its lines as progress. Does nothing when every contract is built or when the folder is not a
 * checkout; a changed contract source with an existing build is `npm start`'s job (it runs the cached build each time).
 *
 * @example
 * import { ensureContractsBuilt } from '@spaceos/cli'
 * const { built } = await ensureContractsBuilt({ onProgress: (line) => console.log(`  … ${line}`) })
 */
export async function ensureContractsBuilt(
  options: EnsureContractsBuiltOptions = {},
): Promise<EnsureContractsBuiltReturnType> {
  const contractsDir = options.contractsDir ?? defaultContractsDir()
  const missing = missingContractBuilds(contractsDir)
  if (missing.length === 0) return { built: [] }
  options.onProgress?.(
    `compiling the Antelope contracts to WASM (${missing.join(', ')}): first start only, a few minutes, cached afterwards`,
  )
  const output: string[] = []
  const child = spawn('npm', ['run', '--silent', 'build'], { cwd: contractsDir, stdio: ['ignore', 'pipe', 'pipe'] })
  const keep = (line: string) => {
    output.push(line)
    if (output.length > OUTPUT_LINES) output.shift()
  }
  createInterface({ input: child.stdout }).on('line', (line) => {
    keep(line)
    options.onProgress?.(line)
  })
  createInterface({ input: child.stderr }).on('line', keep)
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      keep(`could not run npm: ${error.message}`)
      resolve(null)
    })
    child.once('close', (code) => resolve(code))
  })
  const stillMissing = missingContractBuilds(contractsDir)
  if (exitCode !== 0 || stillMissing.length > 0) {
    throw new ContractsBuildError(contractsDir, stillMissing.length > 0 ? stillMissing : missing, output.join('\n'))
  }
  return { built: missing }
}
