import { createHash } from 'node:crypto'

/** The five requirement levels of RFC 2119 the spec uses. */
export const requirementLevels = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'] as const
export type RequirementLevel = (typeof requirementLevels)[number]

/** One normative sentence of the spec. */
export type Requirement = {
  /** Stable ID such as `NP-WIRE-012`. */
  id: string
  level: RequirementLevel
  /** File name inside `spec/`, e.g. `WIRE.md`. */
  doc: string
  /** Heading path, outermost first, joined with ` > `. */
  section: string
  /** SHA-256 (hex) of the normalised sentence text. */
  sha256: string
  /** The normalised sentence text, without its ID marker. */
  text: string
}

/** Thrown when the spec breaks an indexing rule (duplicate ID, malformed ID, no or two levels in one sentence). */
export class SpecIndexError extends Error {
  override name = 'SpecIndexError'
}

const idMarker = /\[(NP-[^\]\s]*)\]/g
const wellFormedId = /^NP-[A-Z][A-Z0-9]*-\d{3}$/
const levelPattern = /\b(MUST NOT|SHOULD NOT|MUST|SHOULD|MAY)\b/g

/** Collapses whitespace and trims; the hash is taken over this form. */
export function normaliseSentence(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Stands in for the dot of an abbreviation while sentences are split (U+2024 ONE DOT LEADER). */
const placeholder = '\u2024'

/** Splits a block into sentences; a few abbreviations are protected from splitting. */
function lastSentence(segment: string): string {
  const protectedText = segment.replace(/\b(e\.g|i\.e|cf|etc|vs)\./g, (m) => m.replaceAll('.', placeholder))
  const trimmed = protectedText.replace(/^[\s.;:,)\]]+/, '').trimEnd()
  const parts = trimmed.split(/(?<=[.!?])\s+(?=[A-Z`*_("[])/)
  const last = parts[parts.length - 1] ?? ''
  return last.split(placeholder).join('.')
}

/** Counts requirement-level keywords outside inline code spans. */
function levelsOf(sentence: string): RequirementLevel[] {
  const withoutCode = sentence.replace(/`[^`]*`/g, '')
  return [...withoutCode.matchAll(levelPattern)].map((m) => m[1] as RequirementLevel)
}

type Block = { text: string; section: string }

/** Groups a Markdown document into blocks (paragraphs, list items, table cells) with their heading path. */
function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = []
  const headings: string[] = []
  let current: string[] = []
  let inFence = false
  const section = () => headings.filter(Boolean).join(' > ')
  const flush = () => {
    if (current.length > 0) blocks.push({ text: current.join(' '), section: section() })
    current = []
  }
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush()
      inFence = !inFence
      continue
    }
    if (inFence) continue
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading) {
      flush()
      const depth = heading[1]!.length
      headings.length = depth - 1
      headings[depth - 1] = heading[2]!
      continue
    }
    if (/^\s*$/.test(line)) {
      flush()
      continue
    }
    if (/^\s*\|/.test(line)) {
      flush()
      for (const cell of line.split('|')) blocks.push({ text: cell, section: section() })
      continue
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line) || /^\s*>/.test(line)) flush()
    current.push(line.replace(/^\s*([-*+]|\d+[.)]|>)\s+/, ''))
  }
  flush()
  return blocks
}

/**
 * Extracts every requirement of one spec document. An ID marker `[NP-AREA-NNN]` closes the sentence it belongs to; the
 * sentence is the last sentence of the text between the previous marker (or the start of the block) and this one.
 *
 * @example
 * import { extractRequirements } from './specIndex.ts'
 * extractRequirements('WIRE.md', '# Wire\nA node MUST send pings [NP-WIRE-001].')
 * // [{ id: 'NP-WIRE-001', level: 'MUST', doc: 'WIRE.md', section: 'Wire', … }]
 */
export function extractRequirements(doc: string, markdown: string): Requirement[] {
  const found: Requirement[] = []
  for (const block of blocksOf(markdown)) {
    let start = 0
    // An ID inside an inline code span is quoted, not defined: mask those brackets before matching.
    const masked = block.text.replace(/`[^`]*`/g, (span) => span.replace(/\[/g, '\u0001'))
    for (const match of masked.matchAll(idMarker)) {
      const id = match[1]!
      if (!wellFormedId.test(id)) {
        throw new SpecIndexError(`${doc}: malformed requirement ID [${id}] (expected NP-AREA-NNN)`)
      }
      const sentence = lastSentence(block.text.slice(start, match.index))
      start = match.index + match[0].length
      const text = normaliseSentence(sentence)
      const levels = levelsOf(text)
      if (levels.length === 0) {
        throw new SpecIndexError(`${doc}: ${id} has no requirement level (MUST, SHOULD, MAY …): "${text}"`)
      }
      if (levels.length > 1) {
        throw new SpecIndexError(
          `${doc}: ${id} has ${levels.length} requirement levels (${levels.join(', ')}): "${text}"`,
        )
      }
      found.push({
        id,
        level: levels[0]!,
        doc,
        section: block.section,
        sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
        text,
      })
    }
  }
  return found
}

/**
 * Builds the sorted requirement index over several documents; throws on a duplicate ID.
 *
 * @example
 * import { buildSpecIndex } from './specIndex.ts'
 * buildSpecIndex([{ doc: 'A.md', markdown: 'X MUST y [NP-A-001].' }]).map((r) => r.id) // ['NP-A-001']
 */
export function buildSpecIndex(documents: readonly { doc: string; markdown: string }[]): Requirement[] {
  const byId = new Map<string, Requirement>()
  for (const { doc, markdown } of documents) {
    for (const requirement of extractRequirements(doc, markdown)) {
      const previous = byId.get(requirement.id)
      if (previous) {
        throw new SpecIndexError(`duplicate requirement ID ${requirement.id} in ${previous.doc} and ${requirement.doc}`)
      }
      byId.set(requirement.id, requirement)
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** Renders `spec/requirements.json` (stable key order, trailing newline). */
export function renderSpecIndex(requirements: readonly Requirement[], generated: string): string {
  const ordered = requirements.map(({ id, level, doc, section, sha256, text }) => ({
    id,
    level,
    doc,
    section,
    sha256,
    text,
  }))
  return `${JSON.stringify({ $generated: generated, requirements: ordered }, null, 2)}\n`
}
