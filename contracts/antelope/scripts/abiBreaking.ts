/**
 * `npm run abi:antelope:breaking` — fails when a committed ABI `abi/antelope/<account>.abi` breaks compatibility with
 * its released baseline `abi/antelope/.baseline/<account>.abi` (rules: `diffAbi` in abi.ts). `npm run build` runs the
 * same check after compiling.
 *
 * Flags: `--baseline <dir>` and `--current <dir>` override the folders (tests use them); `--update-baseline` copies the
 * current ABIs over the baseline (done deliberately, at a release, in its own commit); accounts named after it limit the
 * copy (`--update-baseline eosio.token spaceos.prov`).
 */
import { checkAbiFolders, updateBaseline } from './breaking.ts'
import { abiBaselineDir, abiDir } from './paths.ts'

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const baselineDir = flag('--baseline') ?? abiBaselineDir
const currentDir = flag('--current') ?? abiDir

if (process.argv.includes('--update-baseline')) {
  const values = new Set([flag('--baseline'), flag('--current')])
  const accounts = process.argv.slice(2).filter((a) => !a.startsWith('--') && !values.has(a))
  const n = await updateBaseline(baselineDir, currentDir, accounts)
  console.log(`baseline ${baselineDir} updated from ${currentDir} (${n} ABIs)`)
} else {
  const failures = await checkAbiFolders(baselineDir, currentDir, (l) =>
    l.startsWith('BREAKING') ? console.error(l) : console.log(l),
  )
  if (failures > 0) {
    console.error(`${failures} breaking ABI change(s) against ${baselineDir}`)
    process.exit(1)
  }
}
