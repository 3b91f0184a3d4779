import { parse } from 'yaml'
import { z } from 'zod'

const target = z.enum(['ts', 'sol', 'as'])

const parameterSchema = z
  .object({
    value: z.union([z.number(), z.string()]),
    type: z.enum(['number', 'bigint', 'string']),
    unit: z.string(),
    section: z.string().regex(/^§\d+(\.\d+)*$/, 'section must cite the white paper, e.g. "§5.4"'),
    description: z.string().min(1),
    decision: z.boolean().optional(),
    governable: z.boolean().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    targets: z.array(target).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.type === 'number' && (typeof p.value !== 'number' || !Number.isSafeInteger(p.value) || p.value < 0))
      ctx.addIssue({ code: 'custom', message: 'a number parameter must be a non-negative safe integer' })
    if (p.type === 'bigint' && (typeof p.value !== 'string' || !/^\d+$/.test(p.value)))
      ctx.addIssue({ code: 'custom', message: 'a bigint parameter is written as a decimal string' })
    if (p.type === 'string' && typeof p.value !== 'string')
      ctx.addIssue({ code: 'custom', message: 'a string parameter must be a string' })
    if (p.governable && (p.min === undefined || p.max === undefined))
      ctx.addIssue({ code: 'custom', message: 'a governable parameter needs min and max bounds' })
    if (p.governable && typeof p.value === 'number' && p.min !== undefined && p.max !== undefined)
      if (p.value < p.min || p.value > p.max)
        ctx.addIssue({ code: 'custom', message: `default ${p.value} lies outside [${p.min}, ${p.max}]` })
  })

const fileSchema = z.record(
  z.string().regex(/^[a-z]+$/),
  z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'parameter names are UPPER_SNAKE_CASE'), parameterSchema),
)

export type Parameter = z.infer<typeof parameterSchema> & { name: string; group: string }

/** Parses and validates spec/parameters.yaml; throws with the offending path on any error. */
export function parseParameters(source: string): Parameter[] {
  const parsed = fileSchema.safeParse(parse(source))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`spec/parameters.yaml: ${issue?.path.join('.')}: ${issue?.message}`)
  }
  const seen = new Set<string>()
  const out: Parameter[] = []
  for (const [group, entries] of Object.entries(parsed.data)) {
    for (const [name, p] of Object.entries(entries)) {
      if (seen.has(name)) throw new Error(`spec/parameters.yaml: ${name} is defined twice`)
      seen.add(name)
      out.push({ ...p, name, group })
    }
  }
  return out
}

const emits = (p: Parameter, t: z.infer<typeof target>) => (p.targets ?? ['ts', 'sol', 'as']).includes(t)
const U64_MAX = (1n << 64n) - 1n

const doc = (p: Parameter) =>
  `${p.description} Unit: ${p.unit}. White paper ${p.section}.${p.decision ? ' Decision: see spec/DECISIONS.md.' : ''}`

export function renderTypeScript(params: readonly Parameter[], header: string): string {
  const lines = [header, '']
  for (const p of params.filter((x) => emits(x, 'ts'))) {
    const literal =
      p.type === 'bigint' ? `${p.value}n` : p.type === 'string' ? JSON.stringify(p.value) : String(p.value)
    lines.push(`/** ${doc(p)} */`, `export const ${p.name} = ${literal} as const`, '')
  }
  lines.push(
    '/** Every parameter with its metadata, for docs, validation of DAO proposals and diagnostics. */',
    'export const PARAMETERS = {',
  )
  for (const p of params.filter((x) => emits(x, 'ts'))) {
    const meta: Record<string, unknown> = { group: p.group, unit: p.unit, section: p.section }
    if (p.governable) Object.assign(meta, { governable: true, min: p.min, max: p.max })
    if (p.decision) meta.decision = true
    const fields = Object.entries(meta)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ')
    lines.push(`  ${p.name}: { value: ${p.name}, ${fields} },`)
  }
  lines.push(
    '} as const',
    '',
    '/** Name of any protocol parameter. */',
    'export type ParameterName = keyof typeof PARAMETERS',
    '',
  )
  return lines.join('\n')
}

export function renderSolidity(params: readonly Parameter[], header: string): string {
  const lines = [
    '// SPDX-License-Identifier: Apache-2.0',
    header.trimEnd(),
    'pragma solidity 0.8.19;',
    '',
    '/// @title SpaceParameters',
    "/// @notice Protocol constants from spec/parameters.yaml (the single source of the white paper's numbers).",
    'library SpaceParameters {',
  ]
  for (const p of params.filter((x) => emits(x, 'sol'))) {
    const decl =
      p.type === 'string'
        ? `string internal constant ${p.name} = ${JSON.stringify(p.value)};`
        : `uint256 internal constant ${p.name} = ${p.value};`
    lines.push(`    /// @notice ${doc(p)}`, `    ${decl}`)
  }
  lines.push('}', '')
  return lines.join('\n')
}

export function renderAssemblyScript(params: readonly Parameter[], header: string): string {
  const lines = [header, '']
  for (const p of params.filter((x) => emits(x, 'as'))) {
    if (p.type === 'string') {
      lines.push(`/** ${doc(p)} */`, `export const ${p.name}: string = ${JSON.stringify(p.value)}`, '')
      continue
    }
    if (BigInt(p.value) > U64_MAX) throw new Error(`${p.name} does not fit u64; restrict its targets to ts and sol`)
    lines.push(`/** ${doc(p)} */`, `export const ${p.name}: u64 = ${p.value}`, '')
  }
  return lines.join('\n')
}

export function renderMarkdown(params: readonly Parameter[], header: string): string {
  const lines = [
    header,
    '',
    '# Protocol parameters',
    '',
    'Generated from `spec/parameters.yaml`; the single source of every number the white paper fixes.',
    '',
  ]
  let group = ''
  for (const p of params) {
    if (p.group !== group) {
      group = p.group
      lines.push(
        '',
        `## ${group}`,
        '',
        '| Name | Value | Unit | White paper | Governable | Description |',
        '|---|---|---|---|---|---|',
      )
    }
    const gov = p.governable ? `${p.min} – ${p.max}` : ''
    lines.push(
      `| \`${p.name}\` | \`${p.value}\` | ${p.unit} | ${p.section}${p.decision ? ' (decision)' : ''} | ${gov} | ${p.description} |`,
    )
  }
  lines.push('')
  return lines.join('\n')
}
