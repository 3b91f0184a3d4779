import { join } from 'node:path'
import { expect, it } from 'vitest'
import { repoRoot } from './context.ts'
import { contractsDir, findDrift, forgeBuild, readCompiledContracts } from './evmAbi.ts'
import { checkBuildDir } from './evmAbiPaths.ts'

// The build fails when a compiled ABI (or creation bytecode) differs from abi/evm (docs/architecture.md "abi/"). Compiles
// contracts/evm into a private folder so it never races the contracts' own `forge test` over out/ and cache/.
it('compiled contracts match the committed abi/evm ABIs and bytecode', { timeout: 15 * 60_000 }, async () => {
  const outDir = join(repoRoot, checkBuildDir, 'out')
  forgeBuild(repoRoot, { outDir, cacheDir: join(repoRoot, checkBuildDir, 'cache') })
  const compiled = await readCompiledContracts(outDir, join(repoRoot, contractsDir))
  expect(compiled.length).toBeGreaterThan(0)
  const drift = await findDrift(repoRoot, compiled)
  expect(drift, 'run `npm run abi:evm`, commit abi/evm and run `npm run generate`').toEqual([])
})
