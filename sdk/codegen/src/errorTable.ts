/** The transports' answer to one error code, as written in the table of spec/ERRORS.md §1. */
export type ErrorTableRow = {
  /** Number of the code in `spaceos.common.v1.ErrorCode`. */
  number: number
  /** Name without the `ERROR_CODE_` prefix, e.g. `MALFORMED_FRAME`. */
  name: string
  meaning: string
  /** HTTP status of an HTTP error carrying the code (ERRORS.md §4). */
  http: number
  /** Connect code name (`invalid_argument` …) of a Connect error carrying the code (ERRORS.md §3). */
  connect: ConnectCodeName
  /** WebSocket close code when a side closes a connection because of the code (WIRE.md §9). */
  wsClose: number
  /** Whether sending the code on the WebSocket wire ends the connection (NP-ERR-016). */
  closes: 'always' | 'never' | 'oversized-frame'
}

/** The Connect protocol's code names (connectrpc.com/docs/protocol#error-codes). */
export const connectCodeNames = [
  'canceled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal',
  'unavailable',
  'data_loss',
  'unauthenticated',
] as const
export type ConnectCodeName = (typeof connectCodeNames)[number]

/** Thrown when the table in spec/ERRORS.md §1 misses a column value or has one that is not valid. */
export class ErrorTableError extends Error {
  override name = 'ErrorTableError'
}

const closesValues = { yes: 'always', no: 'never', frame: 'oversized-frame' } as const

/**
 * Parses the error-code table of spec/ERRORS.md §1 (columns `#`, `name`, `meaning`, `HTTP`, `Connect`, `WS close`,
 * `closes`). Every code but `UNSPECIFIED` must have all three transports' values; anything missing or malformed throws.
 */
export function parseErrorTable(markdown: string): ErrorTableRow[] {
  const lines = markdown.split('\n')
  const headerAt = lines.findIndex((l) => /^\|\s*#\s*\|\s*name\s*\|/.test(l))
  if (headerAt < 0) throw new ErrorTableError('spec/ERRORS.md has no table whose header starts with | # | name |')
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim())
  const header = cells(lines[headerAt] ?? '')
  const expected = ['#', 'name', 'meaning', 'HTTP', 'Connect', 'WS close', 'closes']
  if (header.join('|') !== expected.join('|')) {
    throw new ErrorTableError(`spec/ERRORS.md §1 columns are ${header.join(', ')}; expected ${expected.join(', ')}`)
  }
  const rows: ErrorTableRow[] = []
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.startsWith('|')) break
    const [num = '', name = '', meaning = '', http = '', connect = '', wsClose = '', closes = ''] = cells(line)
    if (name === 'UNSPECIFIED') continue
    const where = `spec/ERRORS.md §1, code ${name || num}`
    if (!/^\d+$/.test(num) || !/^[A-Z][A-Z0-9_]*$/.test(name)) throw new ErrorTableError(`${where}: bad # or name`)
    if (!/^[1-5]\d\d$/.test(http)) throw new ErrorTableError(`${where}: HTTP status "${http}" is not a status code`)
    if (!(connectCodeNames as readonly string[]).includes(connect)) {
      throw new ErrorTableError(`${where}: Connect code "${connect}" is not one of ${connectCodeNames.join(', ')}`)
    }
    if (!/^(1\d{3}|4\d{3})$/.test(wsClose)) throw new ErrorTableError(`${where}: WS close "${wsClose}" is not a code`)
    if (!(closes in closesValues)) throw new ErrorTableError(`${where}: closes "${closes}" is not yes, no or frame`)
    rows.push({
      number: Number(num),
      name,
      meaning,
      http: Number(http),
      connect: connect as ConnectCodeName,
      wsClose: Number(wsClose),
      closes: closesValues[closes as keyof typeof closesValues],
    })
  }
  const names = new Set<string>()
  for (const row of rows) {
    if (names.has(row.name)) throw new ErrorTableError(`spec/ERRORS.md §1 lists ${row.name} twice`)
    names.add(row.name)
  }
  if (rows.length === 0) throw new ErrorTableError('spec/ERRORS.md §1 lists no error codes')
  return rows
}

/** The TypeScript module `generated/src/errors.ts`: the table as a typed constant keyed by code name. */
export function renderErrorTable(rows: readonly ErrorTableRow[], header: string): string {
  const body = rows
    .map(
      (r) =>
        `  /** ${r.meaning} */\n  ${r.name}: { number: ${r.number}, http: ${r.http}, connect: '${r.connect}', wsClose: ${r.wsClose}, closes: '${r.closes}' },`,
    )
    .join('\n')
  return `${header}
/** How an error code is answered on each transport. */
export type ErrorTransports = {
  /** Number of the code in \`spaceos.common.v1.ErrorCode\`. */
  readonly number: number
  /** HTTP status of an HTTP error carrying the code (spec/ERRORS.md §4). */
  readonly http: number
  /** Connect code name of a Connect error carrying the code (spec/ERRORS.md §3). */
  readonly connect: ${connectCodeNames.map((c) => `'${c}'`).join(' | ')}
  /** WebSocket close code when a side closes a connection because of the code (spec/WIRE.md §9). */
  readonly wsClose: number
  /** Whether sending the code on the WebSocket wire ends the connection [NP-ERR-016]. */
  readonly closes: 'always' | 'never' | 'oversized-frame'
}

/** Every error code of spec/ERRORS.md §1 (except UNSPECIFIED) with its HTTP status, Connect code and WebSocket close. */
export const errorTable = {
${body}
} as const satisfies Record<string, ErrorTransports>

/** An error-code name of spec/ERRORS.md. */
export type ErrorTableCode = keyof typeof errorTable
`
}
