/**
 * The "evm" generate step's work: typed viem ABIs (@wagmi/cli), ethers-v6 types and factories (TypeChain) and the
 * creation bytecode module, all from abi/evm.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runTypeChain } from 'typechain'
import { doNotEditHeader } from './context.ts'

const here = dirname(fileURLToPath(import.meta.url))

/** `SpaceVault` → `spaceVault` (the prefix @wagmi/cli uses for `spaceVaultAbi`). */
export const camel = (name: string) => name[0]!.toLowerCase() + name.slice(1)

export type EvmCodegenOptions = {
  root: string
  /** Folder with `<Contract>.json` ABIs and `bytecode/<Contract>.hex`, relative to root. */
  abiDir: string
  /** Output folder (generated/src/evm), relative to root. */
  outDir: string
  /** Step name for the headers. */
  step: string
}

async function listContracts(root: string, abiDir: string): Promise<string[]> {
  const folder = join(root, abiDir)
  if (!existsSync(folder)) return []
  return (await readdir(folder))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort()
}

/** Runs @wagmi/cli `generate` in a subprocess and returns the file it wrote, with our header. */
async function renderWagmi(options: EvmCodegenOptions, sources: string[]): Promise<string> {
  const temporary = await mkdtemp(join(tmpdir(), 'spaceos-wagmi-'))
  try {
    const out = join(temporary, 'abis.ts')
    const bin = join(options.root, 'node_modules/@wagmi/cli/dist/esm/cli.js')
    execFileSync(process.execPath, [bin, 'generate', '--config', join(here, 'evmWagmi.config.ts')], {
      cwd: options.root,
      env: { ...process.env, SPACEOS_EVM_ABI_DIR: join(options.root, options.abiDir), SPACEOS_EVM_WAGMI_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const body = existsSync(out) ? await readFile(out, 'utf8') : '\nexport {}\n'
    return `${doNotEditHeader(options.step, sources)}${body}`
  } finally {
    await rm(temporary, { recursive: true, force: true })
  }
}

/** Renders `bytecode.ts`: the committed creation bytecode of every contract, `as const`. */
function renderBytecode(header: string, entries: { name: string; bytecode: string }[]): string {
  const lines = [header]
  for (const { name, bytecode } of entries) {
    lines.push(`/** Creation bytecode of ${name} (abi/evm/bytecode/${name}.hex). */`)
    lines.push(`export const ${camel(name)}Bytecode = '${bytecode}' as const\n`)
  }
  lines.push('/** Creation bytecode by contract name. */')
  lines.push(`export const bytecodes = {${entries.map(({ name }) => `\n  ${name}: ${camel(name)}Bytecode,`).join('')}`)
  lines.push('} as const\n')
  lines.push('/** Name of a contract with committed bytecode. */')
  lines.push('export type ContractName = keyof typeof bytecodes\n')
  return lines.join('\n')
}

/** Runs TypeChain (ethers-v6) on the ABIs + bytecode and returns the files it produced, relative to its out folder. */
async function renderTypechain(options: EvmCodegenOptions, contracts: string[]): Promise<Map<string, string>> {
  const temporary = await mkdtemp(join(tmpdir(), 'spaceos-typechain-'))
  try {
    const input = join(temporary, 'abi')
    const out = join(temporary, 'out')
    await mkdir(input, { recursive: true })
    const files: string[] = []
    for (const name of contracts) {
      const abi = JSON.parse(await readFile(join(options.root, options.abiDir, `${name}.json`), 'utf8')) as unknown
      const codePath = join(options.root, options.abiDir, 'bytecode', `${name}.hex`)
      const bytecode = existsSync(codePath) ? (await readFile(codePath, 'utf8')).trim() : undefined
      const file = join(input, `${name}.json`)
      await writeFile(file, JSON.stringify(bytecode ? { abi, bytecode } : { abi }))
      files.push(file)
    }
    const result = new Map<string, string>()
    if (!files.length) return result
    await runTypeChain({
      cwd: temporary,
      filesToProcess: files,
      allFiles: files,
      outDir: out,
      target: 'ethers-v6',
      flags: { alwaysGenerateOverloads: false, discriminateTypes: false, node16Modules: true, environment: undefined },
    })
    const walk = async (folder: string): Promise<void> => {
      for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const path = join(folder, entry.name)
        if (entry.isDirectory()) await walk(path)
        else result.set(relative(out, path), await readFile(path, 'utf8'))
      }
    }
    await walk(out)
    return result
  } finally {
    await rm(temporary, { recursive: true, force: true })
  }
}

/** Everything the step writes, as `path (relative to root) → contents`. Deterministic for the same abi/ folder. */
export async function renderEvm(options: EvmCodegenOptions): Promise<Map<string, string>> {
  const contracts = await listContracts(options.root, options.abiDir)
  const files = new Map<string, string>()
  files.set(`${options.outDir}/abis.ts`, await renderWagmi(options, [`${options.abiDir}/*.json`]))
  const codes: { name: string; bytecode: string }[] = []
  for (const name of contracts) {
    const path = join(options.root, options.abiDir, 'bytecode', `${name}.hex`)
    if (existsSync(path)) codes.push({ name, bytecode: (await readFile(path, 'utf8')).trim() })
  }
  files.set(
    `${options.outDir}/bytecode.ts`,
    renderBytecode(doNotEditHeader(options.step, [`${options.abiDir}/bytecode/*.hex`]), codes),
  )
  const wagmi = files.get(`${options.outDir}/abis.ts`) ?? ''
  // @wagmi/cli names each ABI `<camelCase name>Abi` and writes them sorted by contract name, like `contracts`
  const exports = [...wagmi.matchAll(/^export const (\w+Abi) = /gm)].map((m) => m[1]!)
  if (exports.length !== contracts.length) {
    throw new Error(`@wagmi/cli wrote ${exports.length} ABIs for ${contracts.length} contracts`)
  }
  files.set(
    `${options.outDir}/contracts.ts`,
    [
      doNotEditHeader(options.step, [`${options.abiDir}/*.json`]),
      exports.length ? `import { ${exports.join(', ')} } from './abis.ts'\n` : '',
      '/** Every contract with a committed ABI in abi/evm, sorted. */',
      `export const contractNames = ${JSON.stringify(contracts)} as const\n`,
      '/** The typed (`as const`) ABI of every contract, by contract name. */',
      `export const abis = {${contracts.map((name, i) => `\n  ${name}: ${exports[i]},`).join('')}${contracts.length ? '\n' : ''}} as const\n`,
    ].join('\n'),
  )
  for (const [path, contents] of await renderTypechain(options, contracts)) {
    files.set(`${options.outDir}/typechain/${path}`, contents)
  }
  return files
}
