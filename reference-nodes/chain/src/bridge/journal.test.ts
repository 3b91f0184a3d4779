import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openJournal } from './journal.ts'

describe('openJournal', () => {
  it('keeps the latest value per key across a reopen, in a file only its owner reads', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'bridge', 'journal.jsonl')
    const first = openJournal(path)
    first.put('cursor:evm', { block: '1' })
    first.put('cursor:evm', { block: '2' })
    first.put('msg:0x01', { status: 'released' })
    first.close()
    const second = openJournal(path)
    expect(second.get('cursor:evm')).toEqual({ block: '2' })
    expect(second.keys('msg:')).toEqual(['msg:0x01'])
    expect(statSync(path).mode & 0o777).toBe(0o600)
    second.close()
  })

  it('ignores a torn last line (a crash in the middle of a write): that operation is redone', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.jsonl')
    const journal = openJournal(path)
    journal.put('a', { n: 1 })
    journal.close()
    appendFileSync(path, '{"key":"b","value":{"n":')
    const reopened = openJournal(path)
    expect(reopened.get('a')).toEqual({ n: 1 })
    expect(reopened.get('b')).toBeUndefined()
    reopened.put('c', { n: 3 })
    reopened.close()
    expect(openJournal(path).get('c')).toEqual({ n: 3 })
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(3)
  })

  it('lives in memory when no path is given', () => {
    const journal = openJournal()
    journal.put('k', { v: true })
    expect(journal.get('k')).toEqual({ v: true })
    expect(openJournal().get('k')).toBeUndefined()
  })
})
