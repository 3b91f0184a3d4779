import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The contract accounts of an Antelope contracts workspace (each `src/<account>/<account>.contract.ts`) whose compiled
 * `build/<account>.wasm` or `build/<account>.abi` is missing, sorted. Empty when everything is built, or when the
 * folder has no `src/` (not a checkout).
 *
 * @example
 * import { missingContractBuilds } from '@spaceos/cli'
 * missingContractBuilds('contracts/antelope') // [] once `npm run build -w @spaceos/contracts-antelope` ran
 */
export function missingContractBuilds(contractsDir: string): string[] {
  const srcDir = join(contractsDir, 'src')
  if (!existsSync(srcDir)) return []
  return readdirSync(srcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(srcDir, entry.name, `${entry.name}.contract.ts`)))
    .map((entry) => entry.name)
    .filter((account) => ['wasm', 'abi'].some((ext) => !existsSync(join(contractsDir, 'build', `${account}.${ext}`))))
    .sort()
}
