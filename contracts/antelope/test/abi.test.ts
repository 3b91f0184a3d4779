import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AntelopeAbi, diffAbi, formatAbi } from '../scripts/abi.ts'
import { ContractAbiMismatchError, checkCommittedAbi, contractSources, listContracts } from '../scripts/compiler.ts'
import { abiDir, packageRoot, repoRoot } from '../scripts/paths.ts'

const tokenAbi = (): AntelopeAbi => JSON.parse(readFileSync(join(abiDir, 'eosio.token.abi'), 'utf8'))
const struct = (abi: AntelopeAbi, name: string) => {
  const s = abi.structs.find((x) => x.name === name)
  if (!s) throw new Error(`no struct ${name}`)
  return s
}

describe('diffAbi (the ABI breaking-change rules)', () => {
  it('finds no break between an ABI and itself', () => {
    expect(diffAbi(tokenAbi(), tokenAbi())).toEqual([])
  })

  it('accepts a new action, a new table and a trailing binary-extension field', () => {
    const after = tokenAbi()
    after.structs.push({ name: 'burn', base: '', fields: [{ name: 'quantity', type: 'asset' }] })
    after.actions.push({ name: 'burn', type: 'burn', ricardian_contract: '' })
    after.tables.push({ name: 'extra', type: 'burn', index_type: 'i64', key_names: [], key_types: [] })
    struct(after, 'transfer').fields.push({ name: 'note', type: 'string$' })
    expect(diffAbi(tokenAbi(), after)).toEqual([])
  })

  it('flags a removed action, table, struct or field, a changed type, a reorder and a non-extension addition', () => {
    const after = tokenAbi()
    after.actions = after.actions.filter((a) => a.name !== 'close')
    after.tables = after.tables.filter((t) => t.name !== 'stat')
    const transfer = struct(after, 'transfer')
    transfer.fields = [transfer.fields[1]!, transfer.fields[0]!, ...transfer.fields.slice(2)]
    struct(after, 'issue').fields[1]!.type = 'uint64'
    struct(after, 'retire').fields.pop()
    struct(after, 'open').fields.push({ name: 'extra', type: 'uint8' })
    const kinds = diffAbi(tokenAbi(), after).map((b) => `${b.kind} ${b.path}`)
    expect(kinds).toEqual(
      expect.arrayContaining([
        'action-removed actions.close',
        'table-removed tables.stat',
        'field-renamed-or-reordered structs.transfer.from',
        'field-type-changed structs.issue.quantity',
        'field-removed structs.retire.memo',
        'field-added-not-extension structs.open.extra',
      ]),
    )
    after.structs = after.structs.filter((s) => s.name !== 'close')
    expect(diffAbi(tokenAbi(), after).map((b) => b.kind)).toContain('struct-removed')
  })
})

describe('npm run abi:antelope:breaking', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'abi-breaking-'))
    for (const d of ['baseline', 'current']) {
      mkdirSync(join(dir, d))
      copyFileSync(join(abiDir, 'eosio.token.abi'), join(dir, d, 'eosio.token.abi'))
    }
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const run = () =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(packageRoot, 'scripts/abiBreaking.ts'),
        '--baseline',
        join(dir, 'baseline'),
        '--current',
        join(dir, 'current'),
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    )

  it('passes on an unchanged copy', () => {
    const r = run()
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('ok       eosio.token')
  })

  it('fails on a deliberately broken copy (a field type changed)', () => {
    const abi = tokenAbi()
    struct(abi, 'transfer').fields[2]!.type = 'uint64'
    writeFileSync(join(dir, 'current', 'eosio.token.abi'), formatAbi(abi))
    const r = run()
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'BREAKING eosio.token field-type-changed structs.transfer.quantity: field transfer.quantity type asset → uint64',
    )
  })

  it('fails when a released ABI disappears', () => {
    rmSync(join(dir, 'current', 'eosio.token.abi'))
    const r = run()
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("BREAKING eosio.token: the contract's ABI was removed")
  })
})

describe('the committed ABI check of the build', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'abi-committed-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('accepts the committed ABI of every contract (build/ equals abi/antelope/)', async () => {
    for (const account of ['eosio.token', 'spaceos.prov', 'spaceos.brdg']) {
      expect(await checkCommittedAbi(account, false)).toBe(false)
    }
  })

  it('fails with ContractAbiMismatchError when the committed ABI differs or is missing, and --update-abi writes it', async () => {
    const abi = tokenAbi()
    abi.actions.pop()
    writeFileSync(join(dir, 'eosio.token.abi'), formatAbi(abi))
    await expect(checkCommittedAbi('eosio.token', false, dir)).rejects.toBeInstanceOf(ContractAbiMismatchError)
    await expect(checkCommittedAbi('spaceos.prov', false, dir)).rejects.toThrow(
      /has no committed abi\/antelope\/spaceos\.prov\.abi/,
    )
    expect(await checkCommittedAbi('eosio.token', true, dir)).toBe(true)
    expect(readFileSync(join(dir, 'eosio.token.abi'), 'utf8')).toBe(
      readFileSync(join(abiDir, 'eosio.token.abi'), 'utf8'),
    )
  })
})

describe('the compile cache key', () => {
  it('covers the contract, its shared imports and the generated parameters', async () => {
    expect(listContracts()).toEqual(expect.arrayContaining(['eosio.token', 'spaceos.brdg', 'spaceos.prov']))
    const files = (await contractSources('spaceos.prov')).map((f) => f.slice(repoRoot.length + 1))
    expect(files).toEqual(
      expect.arrayContaining([
        'contracts/antelope/src/spaceos.prov/spaceos.prov.contract.ts',
        'contracts/antelope/src/spaceos.prov/tables.ts',
        'contracts/antelope/src/shared/token.ts',
        'generated/assemblyscript/parameters.ts',
      ]),
    )
  })
})
