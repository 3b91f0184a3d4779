import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { createLogger } from '@spaceos/node-kit'
import { afterAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../src/clock.ts'
import { createKeyRing } from '../src/keyRing.ts'
import { createIdentityNode } from '../src/node.ts'
import { createSqliteStore } from '../src/store/sqliteStore.ts'

const dir = mkdtempSync(join(tmpdir(), 'identity-boundaries-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** An identity node in memory whose store fails with a message that must never reach a client. */
async function node() {
  const base = createSqliteStore({ path: join(dir, `${Math.random()}.db`) })
  const store = {
    ...base,
    insertNonceWithinLimits: async () => {
      throw new Error('SQLITE_CORRUPT at /var/lib/identity/identity.db (secret path)')
    },
  }
  const lines: string[] = []
  const log = createLogger({
    name: 'identity',
    destination: new Writable({ write: (chunk, _e, done) => done(void lines.push(String(chunk))) }),
  })
  const clock = createManualClock(Date.UTC(2026, 4, 1))
  const identity = createIdentityNode({
    store,
    clock,
    keys: await createKeyRing({ clock }),
    signal: AbortSignal.timeout(60_000),
    issuer: 'http://127.0.0.1:8090',
    log,
    maxBodyBytes: 1024,
  })
  return { app: identity.app, lines }
}

describe('identity answers the boundaries the way every node does', () => {
  it('an oversized body: 413 FRAME_TOO_LARGE naming the limit, connection closed [NP-ERR-034]', async () => {
    const { app } = await node()
    const response = await app.inject({ method: 'POST', url: '/api/auth/verify', payload: 'x'.repeat(1025) })
    expect(response.statusCode).toBe(413)
    expect(response.headers.connection).toBe('close')
    expect(response.json()).toMatchObject({ error: { code: 'FRAME_TOO_LARGE', details: { limit: '1024' } } })
  })

  it('a body that is not JSON: 400 MALFORMED_FRAME [NP-ERR-035]', async () => {
    const { app } = await node()
    const response = await app.inject({ method: 'POST', url: '/api/auth/verify', payload: '{"address":' })
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'MALFORMED_FRAME'])
  })

  it('an internal failure: 500 INTERNAL with the request ID, the cause only in the log [NP-ERR-036]', async () => {
    const { app, lines } = await node()
    const response = await app.inject({
      url: `/api/auth/nonce?address=0x${'ab'.repeat(20)}`,
      headers: { 'x-request-id': 'req-identity-1' },
    })
    expect(response.statusCode).toBe(500)
    expect(response.body).not.toMatch(/SQLITE|secret path/)
    expect(response.json()).toMatchObject({ error: { code: 'INTERNAL', details: { request_id: 'req-identity-1' } } })
    expect(lines.join('\n')).toMatch(/req-identity-1.*SQLITE_CORRUPT|SQLITE_CORRUPT.*req-identity-1/)
  })
})
