import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { errorTable } from '@spaceos/generated/errors'
import { ErrorCode } from '@spaceos/generated/proto/spaceos/common/v1/error_pb'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './context.ts'
import { ErrorTableError, parseErrorTable } from './errorTable.ts'

const spec = readFileSync(join(repoRoot, 'spec/ERRORS.md'), 'utf8')

describe('the error table of spec/ERRORS.md §1', () => {
  it('gives every code of the proto enum an HTTP status, a Connect code and a WebSocket close code', () => {
    const rows = parseErrorTable(spec)
    const enumNames = Object.keys(ErrorCode).filter((k) => Number.isNaN(Number(k)) && k !== 'UNSPECIFIED')
    expect(rows.map((r) => r.name).sort()).toEqual(enumNames.sort())
    for (const row of rows) {
      expect(row.number, row.name).toBe(ErrorCode[row.name as keyof typeof ErrorCode])
      expect(row.http, row.name).toBeGreaterThanOrEqual(400)
      expect(row.connect, row.name).toMatch(/^[a-z_]+$/)
      // [NP-WIRE-100] 4000 + the error's number, except oversized frames (1009)
      expect(row.wsClose, row.name).toBe(row.name === 'FRAME_TOO_LARGE' ? 1009 : 4000 + row.number)
    }
  })

  it('is what generated/src/errors.ts holds', () => {
    const generated = Object.entries(errorTable).map(([name, t]) => ({ name, ...t }))
    const parsed = parseErrorTable(spec).map(({ meaning: _, ...rest }) => rest)
    expect(generated).toEqual(parsed)
  })

  it('answers an oversized HTTP body with 413 and keeps the fatal WebSocket codes of NP-ERR-016', () => {
    expect(errorTable.FRAME_TOO_LARGE.http).toBe(413)
    const fatal = Object.entries(errorTable)
      .filter(([, t]) => t.closes === 'always')
      .map(([name]) => name)
    expect(fatal.sort()).toEqual(
      [
        'MALFORMED_FRAME',
        'UNSUPPORTED_VERSION',
        'UNAUTHENTICATED',
        'TOKEN_EXPIRED',
        'DEVICE_REVOKED',
        'DUPLICATE_NODE',
        'RESUME_REJECTED',
      ].sort(),
    )
  })

  it.each([
    ['a missing HTTP status', (row: string) => row.replace('| 400  |', '| —    |')],
    ['an unknown Connect code', (row: string) => row.replace('invalid_argument', 'invalid_arg')],
    ['a missing WebSocket close code', (row: string) => row.replace('4001', '—')],
    ['an unknown closes value', (row: string) => row.replace('| yes', '| maybe')],
  ])('refuses a table with %s', (_what, spoil) => {
    const row = spec.split('\n').find((l) => l.includes('| MALFORMED_FRAME'))
    if (row === undefined) throw new Error('no MALFORMED_FRAME row')
    expect(() => parseErrorTable(spec.replace(row, spoil(row)))).toThrow(ErrorTableError)
  })
})
