import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/** A journal entry: `key` names one bridge operation or cursor; the latest value per key wins. */
export type JournalEntry = { key: string; value: Record<string, unknown> }

/**
 * The relayer's durable memory: an append-only JSON-lines file, fsynced on every write, so an intent recorded
 * before acting survives a crash. In memory only when no path is given. A torn last line (crash mid-write) is
 * ignored on load: the operation it described is redone, which the on-chain replay protection makes harmless.
 *
 * @example
 * const journal = openJournal('.spaceos/chain/bridge/journal.jsonl')
 * journal.put('cursor:evm', { block: 12 })
 * journal.get('cursor:evm') // { block: 12 }
 */
export function openJournal(path?: string) {
  const state = new Map<string, Record<string, unknown>>()
  let torn = false
  if (path && existsSync(path)) {
    const text = readFileSync(path, 'utf8')
    torn = text.length > 0 && !text.endsWith('\n')
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      try {
        const entry = JSON.parse(line) as JournalEntry
        state.set(entry.key, entry.value)
      } catch {
        // torn write at the end of the file: the operation is redone
      }
    }
  }
  let fd: number | undefined
  if (path) {
    mkdirSync(dirname(path), { recursive: true })
    fd = openSync(path, 'a', 0o600)
    if (torn) writeSync(fd, '\n') // end the torn line so the next entry starts on its own
  }
  return {
    get: <T extends Record<string, unknown>>(key: string) => state.get(key) as T | undefined,
    put: (key: string, value: Record<string, unknown>) => {
      state.set(key, value)
      if (fd === undefined) return
      writeSync(fd, `${JSON.stringify({ key, value })}\n`)
      fsyncSync(fd)
    },
    /** Keys with a prefix, in insertion order. */
    keys: (prefix: string) => [...state.keys()].filter((k) => k.startsWith(prefix)),
    close: () => {
      if (fd !== undefined) closeSync(fd)
      fd = undefined
    },
  }
}

/** The journal returned by {@link openJournal}. */
export type Journal = ReturnType<typeof openJournal>
