import { spawnSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from './context.ts'
import { type Abi, canonicalAbi, findBreakingChanges, itemSignature, renderAbi } from './evmAbi.ts'

const fixture = join(repoRoot, 'sdk/codegen/test/fixtures/evm')
const load = async () => JSON.parse(await readFile(join(fixture, 'Token.json'), 'utf8')) as Abi
const clone = (abi: Abi) => structuredClone(abi)
const named = (abi: Abi, name: string) => abi.find((i) => i.name === name)!

describe('canonical ABI', () => {
  it('orders items and keys the same way whatever order the compiler used', async () => {
    const abi = await load()
    const shuffled = [...abi].reverse().map((item) => Object.fromEntries(Object.entries(item).reverse()) as typeof item)
    expect(renderAbi(shuffled)).toBe(renderAbi(abi))
    expect(canonicalAbi(abi).map((i) => i.type)).toEqual([
      'constructor',
      'function',
      'function',
      'function',
      'event',
      'error',
    ])
  })

  it('spells tuple types out in signatures', async () => {
    expect(itemSignature(named(await load(), 'settle'))).toBe('function settle((bytes32,uint256)[])')
    expect(itemSignature(named(await load(), 'Transfer'))).toBe(
      'event Transfer(address indexed,address indexed,uint256)',
    )
  })
})

describe('breaking-change check', () => {
  const check = async (edit: (abi: Abi) => Abi) => {
    const before = await load()
    return findBreakingChanges(new Map([['Token', before]]), new Map([['Token', edit(clone(before))]]))
  }

  it('accepts an identical ABI, added items and renamed parameters', async () => {
    expect(await check((abi) => abi)).toEqual([])
    expect(
      await check((abi) => [
        ...abi,
        { type: 'function', name: 'mint', inputs: [], outputs: [], stateMutability: 'nonpayable' },
      ]),
    ).toEqual([])
    expect(
      await check((abi) => {
        named(abi, 'transfer').inputs![0]!.name = 'recipient'
        return abi
      }),
    ).toEqual([])
  })

  it('flags a removed function', async () => {
    const changes = await check((abi) => abi.filter((i) => i.name !== 'transfer'))
    expect(changes).toEqual([
      { contract: 'Token', item: 'function transfer(address,uint256)', problem: expect.stringContaining('removed') },
    ])
  })

  it('flags a renamed event and a renamed error', async () => {
    const changes = await check((abi) => {
      named(abi, 'Transfer').name = 'Moved'
      named(abi, 'InsufficientBalance').name = 'Broke'
      return abi
    })
    expect(changes.map((c) => c.item)).toEqual([
      'event Transfer(address indexed,address indexed,uint256)',
      'error InsufficientBalance(uint256)',
    ])
  })

  it('flags changed parameter types, including inside tuples', async () => {
    const changes = await check((abi) => {
      named(abi, 'transfer').inputs![1]!.type = 'uint128'
      named(abi, 'settle').inputs![0]!.components![1]!.type = 'int256'
      return abi
    })
    expect(changes).toHaveLength(2)
  })

  it('flags changed return types, state mutability, indexed layout and constructor', async () => {
    const changes = await check((abi) => {
      named(abi, 'balanceOf').outputs![0]!.type = 'uint128'
      named(abi, 'transfer').stateMutability = 'payable'
      named(abi, 'Transfer').inputs![2]!.indexed = true
      abi.find((i) => i.type === 'constructor')!.inputs = []
      return abi
    })
    expect(changes.map((c) => c.problem).sort()).toEqual([
      'constructor parameters changed',
      'event indexed parameters changed',
      'return types changed (uint256) → (uint128)',
      'state mutability changed nonpayable → payable',
    ])
  })

  it('flags a removed contract and accepts a new one', () => {
    const abi: Abi = []
    expect(findBreakingChanges(new Map([['Old', abi]]), new Map([['New', abi]]))).toEqual([
      { contract: 'Old', item: '*', problem: 'contract removed' },
    ])
  })
})

describe('npm run abi:breaking', () => {
  let folder: string
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'spaceos-abi-breaking-'))
    await cp(fixture, join(folder, 'baseline'), { recursive: true })
    await cp(fixture, join(folder, 'current'), { recursive: true })
  })
  afterAll(() => rm(folder, { recursive: true, force: true }))

  const run = () =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'sdk/codegen/src/evmAbiCli.ts'),
        'breaking',
        '--abi-dir',
        join(folder, 'current'),
        '--baseline-dir',
        join(folder, 'baseline'),
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    )

  it('passes on an unchanged copy and fails on a deliberately broken one', async () => {
    const clean = run()
    expect(clean.status, clean.stderr).toBe(0)
    const abi = (await load()).filter((i) => i.name !== 'transfer')
    await writeFile(join(folder, 'current/Token.json'), renderAbi(abi))
    const broken = run()
    expect(broken.status).toBe(1)
    expect(broken.stderr).toContain('Token: function transfer(address,uint256): function removed')
  })
})
