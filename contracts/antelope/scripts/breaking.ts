/**
 * The ABI breaking-change check over folders: every `<account>.abi` of the baseline folder (the released ABIs,
 * `abi/antelope/.baseline/`) against the same file in the current folder (`abi/antelope/`).
 */
import { existsSync, readdirSync } from 'node:fs'
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type AntelopeAbi, diffAbi } from './abi.ts'

function abiFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.abi'))
        .sort()
    : []
}

/**
 * Returns the number of breaking changes; reports each through `log`.
 *
 * @example
 * ```ts
 * const failures = await checkAbiFolders(abiBaselineDir, abiDir, console.error)
 * ```
 */
export async function checkAbiFolders(
  baselineDir: string,
  currentDir: string,
  log: (line: string) => void,
): Promise<number> {
  let failures = 0
  const current = new Set(abiFiles(currentDir))
  for (const f of abiFiles(baselineDir)) {
    const account = f.replace(/\.abi$/, '')
    if (!current.has(f)) {
      log(`BREAKING ${account}: the contract's ABI was removed`)
      failures++
      continue
    }
    const before = JSON.parse(await readFile(join(baselineDir, f), 'utf8')) as AntelopeAbi
    const after = JSON.parse(await readFile(join(currentDir, f), 'utf8')) as AntelopeAbi
    const breaks = diffAbi(before, after)
    for (const b of breaks) log(`BREAKING ${account} ${b.kind} ${b.path}: ${b.detail}`)
    failures += breaks.length
    if (breaks.length === 0) log(`ok       ${account}`)
  }
  for (const f of current) if (!existsSync(join(baselineDir, f))) log(`new      ${f.replace(/\.abi$/, '')}`)
  return failures
}

/** Copy the current ABIs (all, or the named accounts) over the baseline (a deliberate release step). */
export async function updateBaseline(
  baselineDir: string,
  currentDir: string,
  accounts: string[] = [],
): Promise<number> {
  await mkdir(baselineDir, { recursive: true })
  const files = abiFiles(currentDir).filter((f) => accounts.length === 0 || accounts.includes(f.replace(/\.abi$/, '')))
  for (const f of files) await copyFile(join(currentDir, f), join(baselineDir, f))
  return files.length
}
