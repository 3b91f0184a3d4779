import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PARAMETERS, SPACE_MAX_SUPPLY, TIER_BASIC_MULTIPLIER_BPS } from '@spaceos/generated/parameters'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './context.ts'
import { parseParameters, renderAssemblyScript, renderSolidity } from './parameters.ts'

const source = readFileSync(join(repoRoot, 'spec/parameters.yaml'), 'utf8')

describe('spec/parameters.yaml', () => {
  it('parses, and the generated TypeScript carries the same values', () => {
    const params = parseParameters(source)
    expect(params.length).toBe(Object.keys(PARAMETERS).length)
    for (const p of params) {
      const generated = PARAMETERS[p.name as keyof typeof PARAMETERS]
      expect(String(generated.value)).toBe(String(p.value))
    }
    expect(SPACE_MAX_SUPPLY).toBe(1_000_000_000 * 10 ** 4)
    expect(TIER_BASIC_MULTIPLIER_BPS).toBe(12_500)
  })

  it('keeps the fee split whole and the allocations at 100%', () => {
    const v = Object.fromEntries(parseParameters(source).map((p) => [p.name, Number(p.value)]))
    expect(v.SPLIT_PROVIDER_BPS! + v.SPLIT_MODEL_OWNER_BPS! + v.SPLIT_ORACLES_BPS! + v.SPLIT_TREASURY_BPS!).toBe(10_000)
    const alloc = ['PROVIDERS', 'DEV_GRANTS', 'TREASURY', 'TEAM', 'LIQUIDITY'].map((k) => v[`ALLOC_${k}_BPS`]!)
    expect(alloc.reduce((a, b) => a + b)).toBe(10_000)
  })

  it('rejects a duplicate name, a missing section and out-of-bounds governable defaults', () => {
    const entry = (extra: string) =>
      `g:\n  A_B: { value: 5, type: number, unit: s, section: "§1", description: d${extra} }\n`
    expect(() =>
      parseParameters(`${entry('')}h:\n  A_B: { value: 1, type: number, unit: s, section: "§1", description: d }\n`),
    ).toThrow(/defined twice/)
    expect(() =>
      parseParameters('g:\n  A: { value: 1, type: number, unit: s, section: "5", description: d }\n'),
    ).toThrow(/section/)
    expect(() => parseParameters(entry(', governable: true, min: 6, max: 9'))).toThrow(/outside/)
    expect(() => parseParameters(entry(', governable: true'))).toThrow(/bounds/)
    expect(() =>
      parseParameters('g:\n  A: { value: -1, type: number, unit: s, section: "§1", description: d }\n'),
    ).toThrow(/non-negative/)
  })

  it('refuses to emit an AssemblyScript constant that does not fit u64', () => {
    const params = parseParameters(
      'g:\n  BIG: { value: "18446744073709551616", type: bigint, unit: wei, section: "§1", description: d }\n',
    )
    expect(() => renderAssemblyScript(params, '')).toThrow(/u64/)
    expect(renderSolidity(params, '')).toContain('uint256 internal constant BIG = 18446744073709551616;')
  })
})
