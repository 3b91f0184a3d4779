/**
 * EVM ABIs as the source of truth (docs/architecture.md): extraction of ABIs and creation bytecode from forge artifacts into
 * `abi/evm/`, their canonical (stable, pretty) form, the drift comparison and the breaking-change diff.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** One ABI parameter (function/event/error input or output, or a tuple component). */
export type AbiParameter = {
  name?: string
  type: string
  internalType?: string
  indexed?: boolean
  components?: AbiParameter[]
}

/** One ABI item as solc writes it. */
export type AbiItem = {
  type: 'function' | 'event' | 'error' | 'constructor' | 'fallback' | 'receive'
  name?: string
  inputs?: AbiParameter[]
  outputs?: AbiParameter[]
  stateMutability?: string
  anonymous?: boolean
}

export type Abi = AbiItem[]

/** A deployable contract found in the forge artifacts. */
export type CompiledContract = {
  name: string
  /** Source path relative to contracts/evm, e.g. `src/defi/SpaceVault.sol`. */
  source: string
  abi: Abi
  /** Creation bytecode, `0x…`. */
  bytecode: `0x${string}`
}

export const abiDir = 'abi/evm'
export const bytecodeDir = 'abi/evm/bytecode'
export const baselineDir = 'abi/evm/.baseline'
export const contractsDir = 'contracts/evm'

const itemOrder = ['constructor', 'receive', 'fallback', 'function', 'event', 'error']
const itemKeys = ['type', 'name', 'inputs', 'outputs', 'stateMutability', 'anonymous'] as const
const parameterKeys = ['name', 'type', 'internalType', 'indexed', 'components'] as const

function canonicalParameter(parameter: AbiParameter): AbiParameter {
  const out: Record<string, unknown> = {}
  for (const key of parameterKeys) {
    const value = parameter[key]
    if (value === undefined) continue
    out[key] = key === 'components' ? (value as AbiParameter[]).map(canonicalParameter) : value
  }
  return out as AbiParameter
}

/** The canonical type string of a parameter: tuples expand to `(t1,t2)` with their array suffix. */
export function parameterType(parameter: AbiParameter): string {
  if (parameter.type.startsWith('tuple')) {
    return `(${(parameter.components ?? []).map(parameterType).join(',')})${parameter.type.slice('tuple'.length)}`
  }
  return parameter.type
}

/** `function transfer(address,uint256)`, `event Transfer(address indexed,address indexed,uint256)`, `constructor(…)`. */
export function itemSignature(item: AbiItem): string {
  const inputs = (item.inputs ?? [])
    .map((p) => `${parameterType(p)}${item.type === 'event' && p.indexed ? ' indexed' : ''}`)
    .join(',')
  if (item.type === 'constructor' || item.type === 'fallback' || item.type === 'receive')
    return `${item.type}(${inputs})`
  return `${item.type} ${item.name ?? ''}(${inputs})`
}

/** Sorts items (constructor, receive, fallback, functions, events, errors; by signature) and their keys. */
export function canonicalAbi(abi: Abi): Abi {
  const items = abi.map((item) => {
    const out: Record<string, unknown> = {}
    for (const key of itemKeys) {
      const value = item[key]
      if (value === undefined) continue
      out[key] = key === 'inputs' || key === 'outputs' ? (value as AbiParameter[]).map(canonicalParameter) : value
    }
    return out as AbiItem
  })
  return items.sort(
    (a, b) =>
      itemOrder.indexOf(a.type) - itemOrder.indexOf(b.type) ||
      (itemSignature(a) < itemSignature(b) ? -1 : itemSignature(a) > itemSignature(b) ? 1 : 0),
  )
}

/** Pretty JSON of the canonical ABI, newline-terminated: the exact text committed as `abi/evm/<Contract>.json`. */
export function renderAbi(abi: Abi): string {
  return `${JSON.stringify(canonicalAbi(abi), null, 2)}\n`
}

/**
 * Reads every deployable contract from a forge `out/` folder: artifacts whose compilation target lies under `src/`,
 * with creation bytecode and a non-empty ABI (so interfaces, abstract contracts, libraries, tests and npm
 * dependencies are left out). With `projectDir`, artifacts of deleted sources are ignored. Sorted by name; duplicate names are an error because `abi/evm/<Contract>.json` is flat.
 */
export async function readCompiledContracts(outDir: string, projectDir?: string): Promise<CompiledContract[]> {
  const contracts = new Map<string, CompiledContract>()
  for (const folder of (await readdir(outDir)).sort()) {
    if (!folder.endsWith('.sol')) continue
    for (const file of (await readdir(join(outDir, folder))).sort()) {
      if (!file.endsWith('.json')) continue
      const artifact = JSON.parse(await readFile(join(outDir, folder, file), 'utf8')) as {
        abi: Abi
        bytecode?: { object?: string }
        deployedBytecode?: { object?: string }
        metadata?: { settings?: { compilationTarget?: Record<string, string> } }
      }
      const [source, name] = Object.entries(artifact.metadata?.settings?.compilationTarget ?? {})[0] ?? []
      const bytecode = artifact.bytecode?.object ?? ''
      if (!source || !name || !source.startsWith('src/')) continue
      // forge leaves artifacts of deleted sources in out/; only contracts whose source still exists count
      if (projectDir && !existsSync(join(projectDir, source))) continue
      if (bytecode.length <= 2 || artifact.abi.length === 0) continue
      // a library's runtime code starts with its call-protection guard `PUSH20 <address> ADDRESS EQ`; libraries are not
      // deployed by the SDK and their errors already appear in the ABIs of the contracts that use them
      if (/^(0x)?730{40}3014/.test(artifact.deployedBytecode?.object ?? '')) continue
      if (bytecode.includes('__$')) {
        throw new Error(`${name} needs linked libraries; the SDK deploys unlinked bytecode only (make them internal)`)
      }
      const existing = contracts.get(name)
      if (existing && existing.source !== source) {
        throw new Error(`contract name ${name} is used twice (${existing.source}, ${source}); names must be unique`)
      }
      contracts.set(name, {
        name,
        source,
        abi: canonicalAbi(artifact.abi),
        bytecode: (bytecode.startsWith('0x') ? bytecode : `0x${bytecode}`) as `0x${string}`,
      })
    }
  }
  return [...contracts.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
}

/** Runs `forge build` of contracts/evm (sources only, no tests) into `outDir` (default: the project's own out/). */
export function forgeBuild(root: string, options: { outDir?: string; cacheDir?: string } = {}) {
  const args = ['build', '--skip', 'test', '--skip', 'script']
  if (options.outDir) args.push('--out', options.outDir)
  if (options.cacheDir) args.push('--cache-path', options.cacheDir)
  const forge = join(root, 'node_modules/.bin/forge')
  const result = spawnSync(existsSync(forge) ? forge : 'forge', args, {
    cwd: join(root, contractsDir),
    encoding: 'utf8',
  })
  // forge prints lint notes on every build; only a failed build is worth showing
  if (result.status !== 0 || !existsSync(resolve(root, contractsDir, options.outDir ?? 'out'))) {
    throw new Error(`forge build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`)
  }
}

/** The committed ABIs (`abi/evm/*.json`, or another folder with the same layout), keyed by contract name. */
export async function readAbiFolder(folder: string): Promise<Map<string, Abi>> {
  const abis = new Map<string, Abi>()
  if (!existsSync(folder)) return abis
  for (const file of (await readdir(folder)).sort()) {
    if (!file.endsWith('.json')) continue
    abis.set(file.slice(0, -'.json'.length), JSON.parse(await readFile(join(folder, file), 'utf8')) as Abi)
  }
  return abis
}

/** Writes `abi/evm/<Contract>.json` and `abi/evm/bytecode/<Contract>.hex` for every contract and removes stale ones. */
export async function writeAbiFolder(root: string, contracts: readonly CompiledContract[]) {
  const abis = join(root, abiDir)
  const codes = join(root, bytecodeDir)
  await mkdir(codes, { recursive: true })
  const names = new Set(contracts.map((c) => c.name))
  for (const file of await readdir(abis)) {
    if (file.endsWith('.json') && !names.has(file.slice(0, -5))) await rm(join(abis, file))
  }
  for (const file of await readdir(codes)) {
    if (file.endsWith('.hex') && !names.has(file.slice(0, -4))) await rm(join(codes, file))
  }
  for (const contract of contracts) {
    await writeFile(join(abis, `${contract.name}.json`), renderAbi(contract.abi))
    await writeFile(join(codes, `${contract.name}.hex`), `${contract.bytecode}\n`)
  }
}

/** One difference between the committed and the compiled contracts. */
export type Drift = { contract: string; problem: string }

/** Compares compiled contracts with the committed ABI and bytecode texts (exact text comparison). */
export async function findDrift(root: string, compiled: readonly CompiledContract[]): Promise<Drift[]> {
  const drift: Drift[] = []
  const committed = new Set(
    (existsSync(join(root, abiDir)) ? await readdir(join(root, abiDir)) : [])
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5)),
  )
  for (const contract of compiled) {
    const abiPath = join(root, abiDir, `${contract.name}.json`)
    const codePath = join(root, bytecodeDir, `${contract.name}.hex`)
    if (!committed.has(contract.name)) {
      drift.push({ contract: contract.name, problem: `compiled but ${abiDir}/${contract.name}.json is not committed` })
      continue
    }
    committed.delete(contract.name)
    if ((await readFile(abiPath, 'utf8')) !== renderAbi(contract.abi)) {
      drift.push({ contract: contract.name, problem: 'compiled ABI differs from the committed one' })
    }
    const code = existsSync(codePath) ? await readFile(codePath, 'utf8') : ''
    if (code !== `${contract.bytecode}\n`) {
      drift.push({ contract: contract.name, problem: 'compiled bytecode differs from the committed one' })
    }
  }
  for (const name of committed) drift.push({ contract: name, problem: 'committed ABI has no compiled contract' })
  return drift
}

/** One breaking change between a baseline ABI set and a new one. */
export type BreakingChange = { contract: string; item: string; problem: string }

/**
 * Breaking changes from `baseline` to `next`: a removed contract; a removed or renamed function, event or error, or
 * one whose parameter types changed (they are matched by signature, so a renamed or retyped item shows as removed);
 * changed function outputs or state mutability; a changed constructor (deploy tooling breaks); a changed event
 * `indexed` layout or anonymity (topics change). Added contracts and items are not breaking; parameter names are
 * ignored (they do not change the encoding).
 */
export function findBreakingChanges(baseline: Map<string, Abi>, next: Map<string, Abi>): BreakingChange[] {
  const changes: BreakingChange[] = []
  for (const [contract, before] of [...baseline].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const after = next.get(contract)
    if (!after) {
      changes.push({ contract, item: '*', problem: 'contract removed' })
      continue
    }
    const afterBySignature = new Map(after.map((item) => [itemSignature(item), item]))
    for (const item of before) {
      const signature = itemSignature(item)
      const match = afterBySignature.get(signature)
      if (!match) {
        if (item.type === 'event') {
          const plain = (i: AbiItem) => `${i.name}(${(i.inputs ?? []).map(parameterType).join(',')})`
          if (after.some((i) => i.type === 'event' && plain(i) === plain(item))) {
            changes.push({ contract, item: signature, problem: 'event indexed parameters changed' })
            continue
          }
        }
        const problem =
          item.type === 'constructor'
            ? 'constructor parameters changed'
            : `${item.type} removed, renamed or its parameter types changed`
        changes.push({ contract, item: signature, problem })
        continue
      }
      if (item.type === 'function') {
        const outputs = (i: AbiItem) => (i.outputs ?? []).map(parameterType).join(',')
        if (outputs(item) !== outputs(match)) {
          changes.push({
            contract,
            item: signature,
            problem: `return types changed (${outputs(item)}) → (${outputs(match)})`,
          })
        }
      }
      if ((item.stateMutability ?? '') !== (match.stateMutability ?? '')) {
        changes.push({
          contract,
          item: signature,
          problem: `state mutability changed ${item.stateMutability} → ${match.stateMutability}`,
        })
      }
      if (item.type === 'event' && Boolean(item.anonymous) !== Boolean(match.anonymous)) {
        changes.push({ contract, item: signature, problem: 'event anonymity changed' })
      }
    }
  }
  return changes
}
