import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/** Requirement levels of RFC 2119 as the spec uses them. */
export const requirementLevels = ['MUST', 'SHOULD', 'MAY'] as const
export type RequirementLevel = (typeof requirementLevels)[number]

const requirementSchema = z.looseObject({
  id: z.string(),
  level: z.string().transform((level) => level.toUpperCase().replace(/\s+NOT$/, '')),
  doc: z.string().optional(),
  section: z.string().optional(),
  sha256: z.string().optional(),
  text: z.string().optional(),
})

/** One normative sentence of the spec, as indexed in spec/requirements.json. */
export type Requirement = {
  id: string
  /** MUST, SHOULD or MAY (MUST NOT / SHOULD NOT count as MUST / SHOULD). */
  level: RequirementLevel
  doc?: string
  section?: string
  text?: string
}

/** spec/requirements.json is missing or not in a shape this runner understands. */
export class RequirementsIndexInvalidError extends Error {
  override name = 'RequirementsIndexInvalidError'
}

/**
 * Parses spec/requirements.json. Accepted shapes: an array of requirements, `{ requirements: [...] }`, or an object
 * keyed by id (the `$generated` key is ignored).
 */
export function parseRequirements(raw: unknown): Requirement[] {
  let list: unknown[]
  if (Array.isArray(raw)) list = raw
  else if (raw && typeof raw === 'object' && Array.isArray((raw as { requirements?: unknown }).requirements)) {
    list = (raw as { requirements: unknown[] }).requirements
  } else if (raw && typeof raw === 'object') {
    list = Object.entries(raw as Record<string, unknown>)
      .filter(([key, value]) => !key.startsWith('$') && value && typeof value === 'object')
      .map(([id, value]) => ({ id, ...(value as object) }))
  } else throw new RequirementsIndexInvalidError('requirements.json: expected an array or an object')
  return list.map((entry, index) => {
    const parsed = requirementSchema.safeParse(entry)
    if (!parsed.success) {
      throw new RequirementsIndexInvalidError(`requirements.json entry ${index}: ${parsed.error.message}`)
    }
    const level = parsed.data.level
    if (!(requirementLevels as readonly string[]).includes(level)) {
      throw new RequirementsIndexInvalidError(`requirements.json: ${parsed.data.id} has unknown level ${level}`)
    }
    const requirement: Requirement = { id: parsed.data.id, level: level as RequirementLevel }
    if (parsed.data.doc !== undefined) requirement.doc = parsed.data.doc
    if (parsed.data.section !== undefined) requirement.section = parsed.data.section
    if (parsed.data.text !== undefined) requirement.text = parsed.data.text
    return requirement
  })
}

/** The repository's spec/requirements.json, found upwards from this package (undefined outside a checkout). */
export function defaultRequirementsPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'spec', 'requirements.json')
    if (existsSync(candidate)) return candidate
    dir = resolve(dir, '..')
  }
  return undefined
}

/** Reads and parses a requirements index. */
export async function loadRequirements(path: string): Promise<Requirement[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new RequirementsIndexInvalidError(`cannot read ${path}: ${(cause as Error).message}`)
  }
  try {
    return parseRequirements(JSON.parse(text))
  } catch (cause) {
    if (cause instanceof RequirementsIndexInvalidError) throw cause
    throw new RequirementsIndexInvalidError(`${path} is not valid JSON: ${(cause as Error).message}`)
  }
}
