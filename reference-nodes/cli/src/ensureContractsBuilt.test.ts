import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startChainRole } from './chainRole.ts'
import { defaultContractsDir, ensureContractsBuilt } from './ensureContractsBuilt.ts'
import { ContractsBuildError } from './errors.ts'
import { missingContractBuilds } from './missingContractBuilds.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/**
 * A contracts workspace shaped like contracts/antelope (`src/<account>/<account>.contract.ts`, `build/`) whose
 * `npm run build` is a small script instead of proton-tsc: `writes` lists the accounts it builds, `exitCode` how it ends.
 * Each run appends a line to `runs.log`.
 */
function fakeContracts(accounts: string[], build: { writes?: string[]; exitCode?: number } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'spaceos-contracts-'))
  dirs.push(dir)
  for (const account of accounts) {
    mkdirSync(join(dir, 'src', account), { recursive: true })
    writeFileSync(join(dir, 'src', account, `${account}.contract.ts`), '// contract\n')
  }
  mkdirSync(join(dir, 'src', 'shared'), { recursive: true }) // shared code, not a contract
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'fake-contracts', private: true, scripts: { build: 'node build.mjs' } }),
  )
  const script = [
    "import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'",
    "appendFileSync('runs.log', 'run\\n')",
    "mkdirSync('build', { recursive: true })",
    `for (const account of ${JSON.stringify(build.writes ?? accounts)}) {`,
    "  writeFileSync('build/' + account + '.wasm', '')",
    "  writeFileSync('build/' + account + '.abi', '{}')",
    "  console.log(account + ' compiled')",
    '}',
    "console.error('a warning on stderr')",
    `process.exit(${build.exitCode ?? 0})`,
  ].join('\n')
  writeFileSync(join(dir, 'build.mjs'), script)
  return dir
}

const runs = (dir: string) => (existsSync(join(dir, 'runs.log')) ? readFileSync(join(dir, 'runs.log'), 'utf8') : '')

describe('missingContractBuilds', () => {
  it('lists the contracts whose wasm or abi is missing, and none once both exist', () => {
    const dir = fakeContracts(['eosio.token', 'spaceos.prov'])
    expect(missingContractBuilds(dir)).toEqual(['eosio.token', 'spaceos.prov'])
    mkdirSync(join(dir, 'build'))
    writeFileSync(join(dir, 'build', 'eosio.token.wasm'), '')
    writeFileSync(join(dir, 'build', 'eosio.token.abi'), '{}')
    writeFileSync(join(dir, 'build', 'spaceos.prov.wasm'), '')
    expect(missingContractBuilds(dir)).toEqual(['spaceos.prov'])
    writeFileSync(join(dir, 'build', 'spaceos.prov.abi'), '{}')
    expect(missingContractBuilds(dir)).toEqual([])
  })

  it('finds nothing to build outside a checkout (no src/)', () => {
    expect(missingContractBuilds(join(tmpdir(), 'no-such-contracts-dir'))).toEqual([])
  })
})

describe('ensureContractsBuilt', () => {
  it('by default looks at contracts/antelope of this checkout, where the chain node reads its build', () => {
    expect(defaultContractsDir()).toBe(join(import.meta.dirname, '..', '..', '..', 'contracts', 'antelope'))
  })

  it('runs the workspace build when a contract has no build, with a progress line first and the build lines after', async () => {
    const dir = fakeContracts(['eosio.token', 'spaceos.prov'])
    const progress: string[] = []
    const result = await ensureContractsBuilt({ contractsDir: dir, onProgress: (line) => progress.push(line) })
    expect(result).toEqual({ built: ['eosio.token', 'spaceos.prov'] })
    expect(progress[0]).toMatch(/^compiling the Antelope contracts to WASM \(eosio\.token, spaceos\.prov\)/)
    expect(progress.slice(1)).toEqual(['eosio.token compiled', 'spaceos.prov compiled'])
    expect(missingContractBuilds(dir)).toEqual([])
    expect(runs(dir)).toBe('run\n')
  })

  it('runs nothing when every contract is built', async () => {
    const dir = fakeContracts(['eosio.token'])
    await ensureContractsBuilt({ contractsDir: dir })
    const progress: string[] = []
    expect(await ensureContractsBuilt({ contractsDir: dir, onProgress: (line) => progress.push(line) })).toEqual({
      built: [],
    })
    expect(progress).toEqual([])
    expect(runs(dir)).toBe('run\n')
  })

  it('fails with CONTRACTS_BUILD_FAILED and the build output when the build fails', async () => {
    const dir = fakeContracts(['eosio.token'], { exitCode: 3 })
    const error = await ensureContractsBuilt({ contractsDir: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractsBuildError)
    expect(error).toMatchObject({ code: 'CONTRACTS_BUILD_FAILED', contractsDir: dir, missing: ['eosio.token'] })
    expect((error as ContractsBuildError).output).toContain('a warning on stderr')
  })

  it('fails when the build succeeds but a contract still has no build', async () => {
    const dir = fakeContracts(['eosio.token', 'spaceos.prov'], { writes: ['eosio.token'] })
    await expect(ensureContractsBuilt({ contractsDir: dir })).rejects.toMatchObject({
      code: 'CONTRACTS_BUILD_FAILED',
      missing: ['spaceos.prov'],
    })
  })
})

describe('spaceos up and spaceos devnet (startChainRole)', () => {
  it('compile a missing contract build before the chain starts, and stop there when it fails', async () => {
    const dir = fakeContracts(['eosio.token'], { exitCode: 1 })
    const progress: string[] = []
    const started = startChainRole({
      host: '127.0.0.1',
      antelopePort: 0,
      evmPort: 0,
      stateDir: join(dir, 'state'),
      dev: false,
      contractsDir: dir,
      onProgress: (line) => progress.push(line),
    })
    await expect(started).rejects.toBeInstanceOf(ContractsBuildError)
    expect(runs(dir)).toBe('run\n')
    expect(progress[0]).toMatch(/^compiling the Antelope contracts/)
    expect(existsSync(join(dir, 'state'))).toBe(false) // the chain was never started
  })
})
