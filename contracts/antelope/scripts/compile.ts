/**
 * `npm run build -w @spaceos/contracts-antelope [-- [--update-abi] [--force] [--jobs=N] [account …]]`
 *
 * Compiles every contract under `src/` (or the named ones) into `build/<account>.{wasm,abi}`, reusing `.cache/` when the
 * sources, shared code, generated parameters and compiler are unchanged; fails when a compiled ABI differs from the
 * committed `abi/antelope/<account>.abi` (unless `--update-abi`), then runs the ABI breaking-change check against
 * `abi/antelope/.baseline/`. Every contract is attempted; all failures are listed at the end.
 */
import { availableParallelism } from 'node:os'
import { checkAbiFolders } from './breaking.ts'
import { type CompileResult, compileContract, listContracts } from './compiler.ts'
import { abiBaselineDir, abiDir } from './paths.ts'

const args = process.argv.slice(2)
const updateAbi = args.includes('--update-abi')
const force = args.includes('--force')
const jobsArg = args.find((a) => a.startsWith('--jobs='))
// proton-asc is single-threaded: two compiles at once use both cores of the CI machine.
const jobs = Math.max(1, Number(jobsArg?.slice('--jobs='.length) ?? Math.min(2, availableParallelism())))
const named = args.filter((a) => !a.startsWith('--'))
const all = listContracts()
for (const n of named) {
  if (!all.includes(n)) {
    console.error(`unknown contract ${n}; known: ${all.join(', ')}`)
    process.exit(2)
  }
}
const started = Date.now()
const errors: string[] = []
const results: CompileResult[] = []
const queue = [...(named.length > 0 ? named : all)]
async function worker(): Promise<void> {
  for (let account = queue.shift(); account !== undefined; account = queue.shift()) {
    try {
      const r = await compileContract(account, { updateAbi, force, log: console.log })
      results.push(r)
      console.log(
        `${r.account.padEnd(14)} ${r.cached ? 'cached  ' : 'compiled'} ${String(r.ms).padStart(6)} ms  ${r.hash}${r.abiUpdated ? '  (abi/antelope updated)' : ''}`,
      )
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e))
      console.error(`${account.padEnd(14)} FAILED`)
    }
  }
}
await Promise.all(Array.from({ length: jobs }, () => worker()))
console.log(`${results.length} contract(s) built in ${Date.now() - started} ms`)
const breaking = await checkAbiFolders(abiBaselineDir, abiDir, (l) =>
  l.startsWith('BREAKING') ? console.error(l) : undefined,
)
if (breaking > 0)
  errors.push(`${breaking} breaking ABI change(s) against abi/antelope/.baseline (npm run abi:antelope:breaking)`)
if (errors.length > 0) {
  for (const e of errors) console.error(`\n${e}`)
  process.exit(1)
}
