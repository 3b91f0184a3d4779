/**
 * `npm run abi:evm`       — forge build contracts/evm (private out folder), write abi/evm/<Contract>.json + abi/evm/bytecode/<Contract>.hex.
 * `npm run abi:check`     — compile into a private folder and fail when anything differs from the committed files.
 * `npm run abi:breaking`  — fail when abi/evm/*.json breaks abi/evm/.baseline/*.json (see findBreakingChanges).
 * `npm run abi:baseline`  — accept the current ABIs as the new baseline (a deliberate, reviewed step: release time).
 */
import { cp, mkdir, readdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { repoRoot } from './context.ts'
import {
  abiDir,
  baselineDir,
  contractsDir,
  findBreakingChanges,
  findDrift,
  forgeBuild,
  readAbiFolder,
  readCompiledContracts,
  writeAbiFolder,
} from './evmAbi.ts'
import { checkBuildDir } from './evmAbiPaths.ts'

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'no-build': { type: 'boolean' },
      'abi-dir': { type: 'string' },
      'baseline-dir': { type: 'string' },
    },
  })
  const command = positionals[0]
  const root = repoRoot
  if (command === 'extract') {
    // builds into the same private folder as `check` (never racing `forge test` over contracts/evm/out);
    // --no-build reads contracts/evm/out as the last `forge build` left it
    let outDir = join(root, contractsDir, 'out')
    if (!values['no-build']) {
      outDir = join(root, checkBuildDir, 'out')
      forgeBuild(root, { outDir, cacheDir: join(root, checkBuildDir, 'cache') })
    }
    const contracts = await readCompiledContracts(outDir, join(root, contractsDir))
    await writeAbiFolder(root, contracts)
    console.log(`abi:evm: wrote ${contracts.length} ABIs to ${abiDir}: ${contracts.map((c) => c.name).join(', ')}`)
    return
  }
  if (command === 'check') {
    const outDir = join(root, checkBuildDir, 'out')
    forgeBuild(root, { outDir, cacheDir: join(root, checkBuildDir, 'cache') })
    const drift = await findDrift(root, await readCompiledContracts(outDir, join(root, contractsDir)))
    if (drift.length) {
      for (const d of drift) console.error(`abi:check: ${d.contract}: ${d.problem}`)
      console.error('Run `npm run abi:evm` and commit abi/evm (then `npm run generate`).')
      process.exit(1)
    }
    console.log('abi:check: compiled ABIs and bytecode match abi/evm')
    return
  }
  if (command === 'breaking') {
    const next = await readAbiFolder(resolve(values['abi-dir'] ?? join(root, abiDir)))
    const baseline = await readAbiFolder(resolve(values['baseline-dir'] ?? join(root, baselineDir)))
    const changes = findBreakingChanges(baseline, next)
    if (changes.length) {
      for (const c of changes) console.error(`abi:breaking: ${c.contract}: ${c.item}: ${c.problem}`)
      console.error(
        `abi:breaking: ${changes.length} breaking change(s) against ${baselineDir}. Restore the ABI, or — for an ` +
          'intended major change — run `npm run abi:baseline` and record it in a changeset.',
      )
      process.exit(1)
    }
    console.log(`abi:breaking: ${next.size} contracts, no breaking change against ${baseline.size} baseline ABIs`)
    return
  }
  if (command === 'baseline') {
    const target = join(root, baselineDir)
    await rm(target, { recursive: true, force: true })
    await mkdir(target, { recursive: true })
    for (const file of await readdir(join(root, abiDir))) {
      if (file.endsWith('.json')) await cp(join(root, abiDir, file), join(target, file))
    }
    console.log(`abi:baseline: ${baselineDir} now equals ${abiDir}`)
    return
  }
  console.error('usage: evmAbiCli.ts extract [--no-build] | check | breaking [--abi-dir D --baseline-dir D] | baseline')
  process.exit(2)
}

await main()
