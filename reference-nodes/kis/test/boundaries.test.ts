import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { signKisRequest } from '@spaceos/kis'
import { createLogger } from '@spaceos/node-kit'
import { afterAll, describe, expect, it } from 'vitest'
import { openAuditLog } from '../src/audit.ts'
import { openKeyStore } from '../src/keyStore.ts'
import { createKisNode } from '../src/node.ts'

const dir = mkdtempSync(join(tmpdir(), 'kis-boundaries-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const secret = 'k'.repeat(40)

/** A KIS in memory whose key store fails on insert with a message that must never reach a client. */
async function node() {
  const base = await openKeyStore({
    path: join(dir, `${Math.random()}.db`),
    masterSecret: 'local-test-master-secret-0123456789',
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
  })
  const store = Object.assign(Object.create(base) as typeof base, {
    insert: () => {
      throw new Error('disk I/O error writing /srv/kis/keys.db (secret path)')
    },
  })
  const lines: string[] = []
  const log = createLogger({
    name: 'kis',
    destination: new Writable({ write: (chunk, _e, done) => done(void lines.push(String(chunk))) }),
  })
  const kis = createKisNode({
    store,
    callers: [{ id: 'identity', secret, role: 'signer' }],
    audit: openAuditLog(join(dir, `${Math.random()}.jsonl`)),
    log,
    maxBodyBytes: 1024,
  })
  return { app: kis.app, lines }
}

const signed = (body: string) => ({
  'content-type': 'application/json',
  ...signKisRequest({ callerId: 'identity', secret, method: 'POST', path: '/keys', body }),
})

describe('KIS answers the boundaries the way every node does', () => {
  it('an oversized body: 413 FRAME_TOO_LARGE naming the limit, connection closed [NP-ERR-034]', async () => {
    const { app } = await node()
    const body = JSON.stringify({ kind: 'evm', label: 'x'.repeat(2000) })
    const response = await app.inject({ method: 'POST', url: '/keys', payload: body, headers: signed(body) })
    expect(response.statusCode).toBe(413)
    expect(response.headers.connection).toBe('close')
    expect(response.json()).toMatchObject({ error: { code: 'FRAME_TOO_LARGE', details: { limit: '1024' } } })
  })

  it('a body that is not JSON: 400 MALFORMED_FRAME [NP-ERR-035]', async () => {
    const { app } = await node()
    const body = '{"kind":'
    const response = await app.inject({ method: 'POST', url: '/keys', payload: body, headers: signed(body) })
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'MALFORMED_FRAME'])
  })

  it('an internal failure: 500 INTERNAL with the request ID, the cause only in the log [NP-ERR-036]', async () => {
    const { app, lines } = await node()
    const body = JSON.stringify({ kind: 'evm' })
    const response = await app.inject({
      method: 'POST',
      url: '/keys',
      payload: body,
      headers: { ...signed(body), 'x-request-id': 'req-kis-1' },
    })
    expect(response.statusCode).toBe(500)
    expect(response.body).not.toMatch(/disk I\/O|secret path/)
    expect(response.json()).toMatchObject({ error: { code: 'INTERNAL', details: { request_id: 'req-kis-1' } } })
    expect(lines.join('\n')).toMatch(/disk I\/O error/)
  })
})
