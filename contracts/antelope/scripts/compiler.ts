/**
 * The Antelope contract compile pipeline: proton-asc (proton-tsc's AssemblyScript compiler) turns
 * `src/<account>/<account>.contract.ts` into real Antelope WASM + ABI. A compile takes ~20 s, so outputs are cached in
 * `.cache/` under a hash of everything that can change them (the contract file and every file it imports, transitively —
 * shared code and `generated/assemblyscript/parameters.ts` included — plus the compiler versions and flags). The
 * committed ABI `abi/antelope/<account>.abi` is the source of truth: a compiled ABI that differs fails the build unless
 * `updateAbi` is set.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { copyFile, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { delimiter, dirname, join, relative, resolve } from 'node:path'
import { formatAbi } from './abi.ts'
import { abiDir, buildDir, cacheDir, repoRoot, srcDir } from './paths.ts'

/** Bump when the way outputs are produced changes, to invalidate every cache entry. */
const PIPELINE_VERSION = '1'

/** Thrown when proton-asc fails or produces no output. */
export class ContractCompileError extends Error {
  readonly code = 'CONTRACT_COMPILE_FAILED'
  constructor(
    readonly account: string,
    readonly output: string,
  ) {
    super(`proton-asc failed to compile ${account}:\n${output}`)
    this.name = 'ContractCompileError'
  }
}

/** Thrown when a compiled ABI differs from the committed `abi/antelope/<account>.abi`. */
export class ContractAbiMismatchError extends Error {
  readonly code = 'CONTRACT_ABI_MISMATCH'
  constructor(
    readonly account: string,
    readonly reason: string,
  ) {
    super(
      `${account}: compiled ABI ${reason} abi/antelope/${account}.abi (the committed source of truth). ` +
        'If the change is intended, run `npm run build -w @spaceos/contracts-antelope -- --update-abi` and commit the ABI.',
    )
    this.name = 'ContractAbiMismatchError'
  }
}

/** Every contract account with a `src/<account>/<account>.contract.ts`, sorted. */
export function listContracts(): string[] {
  return readdirSync(srcDir)
    .filter((d) => existsSync(join(srcDir, d, `${d}.contract.ts`)))
    .sort()
}

/** Path of the contract entry file. */
export function contractEntry(account: string): string {
  return join(srcDir, account, `${account}.contract.ts`)
}

/** `build/<account>.wasm` and `build/<account>.abi`. */
export function buildOutputs(account: string): { wasm: string; abi: string } {
  return { wasm: join(buildDir, `${account}.wasm`), abi: join(buildDir, `${account}.abi`) }
}

const importRe = /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g

/** The contract file and every relatively imported file, transitively (absolute paths, sorted). */
export async function contractSources(account: string): Promise<string[]> {
  const seen = new Set<string>()
  const queue = [contractEntry(account)]
  while (queue.length > 0) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const text = await readFile(file, 'utf8')
    for (const m of text.matchAll(importRe)) {
      const spec = m[1]!
      const base = resolve(dirname(file), spec)
      const candidates = [base, `${base}.ts`, join(base, 'index.ts')]
      const found = candidates.find((c) => existsSync(c) && statSync(c).isFile())
      if (found) queue.push(found)
    }
  }
  return [...seen].sort()
}

function packageVersion(require: NodeJS.Require, name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version
  } catch {
    return 'absent'
  }
}

/** Versions of everything in the compiler chain (part of the cache key). */
export function compilerVersions(): Record<string, string> {
  const require = createRequire(join(repoRoot, 'package.json'))
  const ascRequire = createRequire(require.resolve('proton-asc/package.json'))
  return {
    'proton-tsc': packageVersion(require, 'proton-tsc'),
    'proton-asc': packageVersion(require, 'proton-asc'),
    'as-chain': packageVersion(ascRequire, 'as-chain'),
    assemblyscript: packageVersion(ascRequire, 'assemblyscript'),
    pipeline: PIPELINE_VERSION,
  }
}

/** The cache key of one contract: sha256 over its sources (path + content) and the compiler versions. */
export async function contractHash(account: string): Promise<string> {
  const h = createHash('sha256')
  h.update(JSON.stringify(compilerVersions()))
  for (const file of await contractSources(account)) {
    h.update(`\0${relative(repoRoot, file)}\0`)
    h.update(await readFile(file))
  }
  return h.digest('hex').slice(0, 24)
}

async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(cacheDir, { recursive: true })
  const lock = join(cacheDir, `${name}.lock`)
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      const fh = await open(lock, 'wx')
      await fh.writeFile(String(process.pid))
      await fh.close()
      break
    } catch {
      const s = await stat(lock).catch(() => undefined)
      if (s && Date.now() - s.mtimeMs > 5 * 60_000) await rm(lock, { force: true })
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`)
      await new Promise((r) => setTimeout(r, 300))
    }
  }
  try {
    return await fn()
  } finally {
    await rm(lock, { force: true })
  }
}

function runProtonAsc(entry: string): Promise<{ code: number; output: string }> {
  const bin = join(repoRoot, 'node_modules/.bin/proton-asc')
  return new Promise((res, rej) => {
    // proton-asc's bin is a `#!/usr/bin/env ts-node-transpile-only` script: put node_modules/.bin on PATH so it runs the
    // same whether we are started by npm, npx, vitest or plain node.
    const path = `${join(repoRoot, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}`
    const child = spawn(bin, [entry], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: path },
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString()
    })
    child.on('error', rej)
    child.on('close', (code) => res({ code: code ?? 1, output }))
  })
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, data)
  await rename(tmp, path)
}

/** What happened to one contract. */
export interface CompileResult {
  account: string
  hash: string
  cached: boolean
  ms: number
  abiUpdated: boolean
}

/** Options of {@link compileContract}. */
export interface CompileOptions {
  /** Write the compiled ABI to `abi/antelope/<account>.abi` instead of failing on a difference. */
  updateAbi?: boolean
  /** Recompile even when the cache has this hash. */
  force?: boolean
  /** Progress lines. */
  log?: (line: string) => void
}

/**
 * Compile one contract (or take it from the cache), copy it to `build/`, and check its ABI against the committed one.
 *
 * @example
 * ```ts
 * const r = await compileContract('eosio.token')
 * // r.cached === true when nothing changed since the last compile
 * ```
 */
export async function compileContract(account: string, options: CompileOptions = {}): Promise<CompileResult> {
  const started = Date.now()
  const hash = await contractHash(account)
  const cachedWasm = join(cacheDir, `${account}-${hash}.wasm`)
  const cachedAbi = join(cacheDir, `${account}-${hash}.abi`)
  let cached = true
  await withLock(account, async () => {
    if (options.force || !existsSync(cachedWasm) || !existsSync(cachedAbi)) {
      cached = false
      options.log?.(`compiling ${account} (${hash}) …`)
      const entry = contractEntry(account)
      const targetDir = join(dirname(entry), 'target')
      await rm(targetDir, { recursive: true, force: true })
      const { code, output } = await runProtonAsc(entry)
      const wasm = join(targetDir, `${account}.contract.wasm`)
      const abi = join(targetDir, `${account}.contract.abi`)
      if (code !== 0 || !existsSync(wasm) || !existsSync(abi) || /ERROR( |\s*AS)|error TS/.test(output)) {
        throw new ContractCompileError(account, output)
      }
      await writeAtomic(cachedWasm, await readFile(wasm))
      await writeAtomic(cachedAbi, formatAbi(JSON.parse(await readFile(abi, 'utf8'))))
    }
    await mkdir(buildDir, { recursive: true })
    const out = buildOutputs(account)
    await copyFile(cachedWasm, `${out.wasm}.${process.pid}.tmp`)
    await rename(`${out.wasm}.${process.pid}.tmp`, out.wasm)
    await copyFile(cachedAbi, `${out.abi}.${process.pid}.tmp`)
    await rename(`${out.abi}.${process.pid}.tmp`, out.abi)
  })
  const abiUpdated = await checkCommittedAbi(account, options.updateAbi ?? false)
  return { account, hash, cached, ms: Date.now() - started, abiUpdated }
}

/** Compare `build/<account>.abi` with the committed ABI; write it when `update`. Returns whether it was written. */
export async function checkCommittedAbi(account: string, update: boolean, dir: string = abiDir): Promise<boolean> {
  const compiled = await readFile(buildOutputs(account).abi, 'utf8')
  const committedPath = join(dir, `${account}.abi`)
  const committed = existsSync(committedPath) ? await readFile(committedPath, 'utf8') : undefined
  if (committed === compiled) return false
  if (update) {
    await mkdir(dir, { recursive: true })
    await writeFile(committedPath, compiled)
    return true
  }
  throw new ContractAbiMismatchError(account, committed === undefined ? 'has no committed' : 'differs from')
}

/**
 * Compile several contracts one after the other (the machine has 2 cores; proton-asc is single-threaded but heavy).
 *
 * @example
 * ```ts
 * await compileContracts(listContracts(), { log: console.log })
 * ```
 */
export async function compileContracts(accounts: string[], options: CompileOptions = {}): Promise<CompileResult[]> {
  const results: CompileResult[] = []
  for (const account of accounts) results.push(await compileContract(account, options))
  return results
}
