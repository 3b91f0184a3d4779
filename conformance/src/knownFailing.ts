import { readFile } from 'node:fs/promises'
import { z } from 'zod'

/** Case id → reason (empty when none given). */
export type KnownFailing = ReadonlyMap<string, string>

const jsonShape = z.union([
  z.array(z.string()),
  z.object({ cases: z.array(z.union([z.string(), z.object({ id: z.string(), reason: z.string().optional() })])) }),
  z.record(z.string(), z.string()),
])

/** A known-failing file could not be read or has the wrong shape. */
export class KnownFailingFileInvalidError extends Error {
  override name = 'KnownFailingFileInvalidError'
}

/**
 * Parses a known-failing list. JSON: `["id", …]`, `{ "id": "reason", … }` or `{ "cases": ["id" | { id, reason }] }`.
 * Text: one case id per line, optionally followed by `#` and a reason; blank lines and lines starting with `#` are ignored.
 *
 * @example
 * ```ts
 * import { parseKnownFailing } from '@spaceos/conformance'
 * parseKnownFailing('codec.decode.neg.bad-signature # tracked in #12', 'known.txt').get('codec.decode.neg.bad-signature')
 * ```
 */
export function parseKnownFailing(text: string, name: string): KnownFailing {
  const entries = new Map<string, string>()
  if (name.endsWith('.json')) {
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (cause) {
      throw new KnownFailingFileInvalidError(`${name} is not valid JSON: ${(cause as Error).message}`)
    }
    const parsed = jsonShape.safeParse(raw)
    if (!parsed.success) {
      throw new KnownFailingFileInvalidError(
        `${name}: expected ["case-id", …], {"case-id": "reason"} or {"cases": […]} — ${parsed.error.message}`,
      )
    }
    const value = parsed.data
    if (Array.isArray(value)) for (const id of value) entries.set(id, '')
    else if ('cases' in value && Array.isArray(value.cases)) {
      for (const entry of value.cases) {
        if (typeof entry === 'string') entries.set(entry, '')
        else entries.set(entry.id, entry.reason ?? '')
      }
    } else for (const [id, reason] of Object.entries(value as Record<string, string>)) entries.set(id, reason)
    return entries
  }
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const hash = trimmed.indexOf('#')
    const id = (hash === -1 ? trimmed : trimmed.slice(0, hash)).trim()
    const reason = hash === -1 ? '' : trimmed.slice(hash + 1).trim()
    entries.set(id, reason)
  }
  return entries
}

/** Reads and parses a known-failing file (`.json` or anything else as text). */
export async function loadKnownFailing(path: string): Promise<KnownFailing> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new KnownFailingFileInvalidError(`cannot read known-failing file ${path}: ${(cause as Error).message}`)
  }
  return parseKnownFailing(text, path)
}
