import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** `contracts/antelope/` */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** Repository root. */
export const repoRoot = resolve(packageRoot, '../..')
/** Contract sources: `src/<account>/<account>.contract.ts`. */
export const srcDir = join(packageRoot, 'src')
/** AssemblyScript shared by every contract (hashed into every contract's cache key). */
export const sharedDir = join(srcDir, 'shared')
/** Compiled outputs `build/<account>.{wasm,abi}` (gitignored). */
export const buildDir = join(packageRoot, 'build')
/** Compile cache `.cache/<account>-<hash>.{wasm,abi}` (gitignored). */
export const cacheDir = join(packageRoot, '.cache')
/** Committed ABIs, the source of truth: `abi/antelope/<account>.abi`. */
export const abiDir = join(repoRoot, 'abi/antelope')
/** Baseline the breaking-change check compares against: `abi/antelope/.baseline/<account>.abi`. */
export const abiBaselineDir = join(abiDir, '.baseline')
/** The generated AssemblyScript parameters every contract imports. */
export const generatedParameters = join(repoRoot, 'generated/assemblyscript/parameters.ts')
