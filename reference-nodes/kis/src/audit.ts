import { createHash } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs'

/** One audit record [NP-KEY-028]: who asked what about which key, and the outcome. Never key material. */
export type AuditRecord = {
  time: string
  /** Authenticated caller ID, or the claimed one prefixed `unauthenticated:` (or `-` when none was sent). */
  caller: string
  /** `METHOD /path`. */
  endpoint: string
  key_id?: string | undefined
  /** `ok` or the error code. */
  outcome: string
  remote?: string | undefined
  /** Non-secret context: transaction hash, chain ID, retired key ID … */
  [extra: string]: unknown
}

/** Keys that never reach the audit log, whatever a caller passes. */
const forbidden = /private|secret|signature|seed|mnemonic|ciphertext|data_key/i

/** SHA-256 of the line before the first one. */
export const auditGenesis = '0'.repeat(64)

const hashLine = (line: string) => createHash('sha256').update(line).digest('hex')

/** The `prev` hash a new line must carry: the SHA-256 of the file's last line, or {@link auditGenesis}. */
function lastHash(path: string): string {
  if (!existsSync(path)) return auditGenesis
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean)
  const last = lines.at(-1)
  return last === undefined ? auditGenesis : hashLine(last)
}

/**
 * The append-only audit log: one JSON line per request, written synchronously to its own file (mode 0600), apart
 * from the service log [NP-KEY-028]. Each line carries `prev`, the SHA-256 of the line before it, so removing,
 * reordering or editing a line breaks the chain ({@link verifyAuditLog}); a restart continues the chain.
 */
export function openAuditLog(path: string) {
  let prev = lastHash(path)
  const fd = openSync(path, 'a', 0o600)
  return {
    write(record: AuditRecord) {
      const clean: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(record)) if (!forbidden.test(k) && v !== undefined) clean[k] = v
      const line = JSON.stringify({ ...clean, prev })
      writeSync(fd, `${line}\n`)
      prev = hashLine(line)
    },
    close() {
      closeSync(fd)
    },
  }
}

export type AuditLog = ReturnType<typeof openAuditLog>

/**
 * Checks an audit log's hash chain. Answers the number of lines, or the 1-based number of the first line whose `prev`
 * does not match (or that is not JSON).
 *
 * @example
 * import { verifyAuditLog } from '@spaceos/kis-node'
 * const result = verifyAuditLog('.spaceos/kis/audit.jsonl') // { ok: true, lines: 1234 }
 */
export function verifyAuditLog(path: string): { ok: true; lines: number } | { ok: false; line: number } {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean)
  let prev = auditGenesis
  for (const [i, line] of lines.entries()) {
    let parsed: { prev?: unknown }
    try {
      parsed = JSON.parse(line) as { prev?: unknown }
    } catch {
      return { ok: false, line: i + 1 }
    }
    if (parsed.prev !== prev) return { ok: false, line: i + 1 }
    prev = hashLine(line)
  }
  return { ok: true, lines: lines.length }
}
