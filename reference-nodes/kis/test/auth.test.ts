import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { KIS_HMAC_WINDOW_S } from '@spaceos/generated/parameters'
import { createKisClient, KisError, signKisRequest } from '@spaceos/kis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditGenesis, verifyAuditLog } from '../src/index.ts'
import { startTestKis, type TestKis } from './helpers.ts'

let kis: TestKis
beforeAll(async () => {
  kis = await startTestKis({ maxBodyBytes: 4096 })
})
afterAll(async () => {
  await kis?.stop()
})

let counter = 0
/** A fresh body each time: equal requests in one second share a signature (that is the replay test's point). */
const body = () => JSON.stringify({ kind: 'evm', request_id: `t-${++counter}` })
/** Headers the identity caller signs for `POST /keys` with `body` (against `target`, default the shared KIS). */
const keysHeaders = (b: string, target: TestKis = kis) =>
  signKisRequest({ method: 'POST', path: '/keys', body: b, callerId: 'identity', secret: target.secrets.identity })

describe('HMAC authentication [NP-KEY-023]', () => {
  it('accepts a correctly signed request', async () => {
    const res = await kis.raw('POST', '/keys', body())
    expect(res.status).toBe(201)
    expect(res.json().key_id).toMatch(/^kis_[0-9a-f]{40}$/)
  })

  it('refuses a request without the headers', async () => {
    const res = await fetch(`${kis.url}/keys`, { method: 'POST', body: body() })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED')
  })

  it('refuses a wrong secret, an unknown caller and a non-hex signature', async () => {
    const wrong = await kis.raw('POST', '/keys', body(), { secret: kis.secrets.other })
    expect([wrong.status, wrong.json().error?.code]).toEqual([401, 'UNAUTHENTICATED'])
    const unknown = await kis.raw('POST', '/keys', body(), { callerId: 'mallory', secret: kis.secrets.identity })
    expect(unknown.json().error?.code).toBe('UNAUTHENTICATED')
    const garbage = await kis.raw('POST', '/keys', body(), { headers: { 'x-kis-signature': 'zz' } })
    expect(garbage.json().error?.code).toBe('UNAUTHENTICATED')
  })

  it('covers the body: a tampered body under the original headers is refused, the original accepted', async () => {
    const original = body()
    const headers = keysHeaders(original)
    const tampered = await fetch(`${kis.url}/keys`, { method: 'POST', headers, body: body() })
    expect(tampered.status).toBe(401)
    const control = await fetch(`${kis.url}/keys`, { method: 'POST', headers, body: original })
    expect(control.status).toBe(201)
  })

  it('covers the path: a signature for /keys does not open /sign-evm', async () => {
    const b = body()
    const headers = keysHeaders(b)
    const res = await fetch(`${kis.url}/sign-evm`, { method: 'POST', headers, body: b })
    expect(res.status).toBe(401)
    const control = await fetch(`${kis.url}/keys`, { method: 'POST', headers, body: b })
    expect(control.status).toBe(201)
  })
})

describe('timestamp window [NP-KEY-024] and replay [NP-KEY-025]', () => {
  const now = () => Math.floor(Date.now() / 1000)

  it('refuses a timestamp older or newer than KIS_HMAC_WINDOW_S', async () => {
    const stale = await kis.raw('POST', '/keys', body(), { now: now() - KIS_HMAC_WINDOW_S - 5 })
    expect([stale.status, stale.json().error?.code]).toEqual([401, 'UNAUTHENTICATED'])
    const future = await kis.raw('POST', '/keys', body(), { now: now() + KIS_HMAC_WINDOW_S + 5 })
    expect(future.json().error?.code).toBe('UNAUTHENTICATED')
    const inside = await kis.raw('POST', '/keys', body(), { now: now() - KIS_HMAC_WINDOW_S + 30 })
    expect(inside.status).toBe(201)
  })

  it('answers REPLAYED to the same signed request sent twice', async () => {
    const b = body()
    const headers = keysHeaders(b)
    const send = () => fetch(`${kis.url}/keys`, { method: 'POST', headers, body: b })
    const first = await send()
    expect(first.status).toBe(201)
    const second = await send()
    expect(second.status).toBe(409)
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('REPLAYED')
    // A refused signature is not remembered: a replay of a request with a bad signature stays UNAUTHENTICATED.
    const bad = { ...headers, 'x-kis-signature': '0'.repeat(64) }
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${kis.url}/keys`, { method: 'POST', headers: bad, body: b })
      expect(res.status).toBe(401)
    }
  })

  it('keeps REPLAYED across a restart inside the window (the table is in SQLite)', async () => {
    const other = await startTestKis()
    const b = body()
    const headers = keysHeaders(b, other)
    expect((await fetch(`${other.url}/keys`, { method: 'POST', headers, body: b })).status).toBe(201)
    await other.stop()
    const again = await startTestKis(
      { masterSecret: other.config.masterSecret, callers: other.config.callers },
      other.dir,
    )
    try {
      const res = await fetch(`${again.url}/keys`, { method: 'POST', headers, body: b })
      expect(res.status).toBe(409)
    } finally {
      await again.stop()
    }
  })

  it('the SDK makes equal calls unique: two createKey calls in the same second both succeed [NP-KEY-029]', async () => {
    const [a, b] = await Promise.all([kis.client.createKey({ kind: 'evm' }), kis.client.createKey({ kind: 'evm' })])
    expect(a.keyId).not.toBe(b.keyId)
    const [ga, gb] = await Promise.all([kis.client.getKey(a.keyId), kis.client.getKey(a.keyId)])
    expect(ga).toEqual(gb)
  })

  it('the SDK client surfaces server errors as KisError with the spec code', async () => {
    const stranger = createKisClient({ url: kis.url, callerId: 'identity', secret: 'x'.repeat(64) })
    const error = await stranger.createKey({ kind: 'evm' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KisError)
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 })
  })
})

describe('the admin credential is separate [NP-KEY-027]', () => {
  const importBody = JSON.stringify({ kind: 'evm', private_key: `0x${'11'.repeat(32)}` })

  it('refuses /admin/import with a signing credential', async () => {
    const res = await kis.raw('POST', '/admin/import', importBody)
    expect([res.status, res.json().error?.code]).toEqual([403, 'PERMISSION_DENIED'])
    await expect(
      createKisClient(kis.clientOptions({ admin: { callerId: 'identity', secret: kis.secrets.identity } })).adminImport(
        {
          kind: 'evm',
          privateKey: `0x${'12'.repeat(32)}`,
        },
      ),
    ).rejects.toMatchObject({ code: 'PERMISSION_DENIED' })
  })

  it('refuses signing endpoints with the admin credential', async () => {
    const res = await kis.raw('POST', '/keys', body(), { callerId: 'ops', secret: kis.secrets.admin })
    expect(res.json().error?.code).toBe('PERMISSION_DENIED')
  })

  it('imports with the admin credential', async () => {
    const res = await kis.raw('POST', '/admin/import', importBody, { callerId: 'ops', secret: kis.secrets.admin })
    expect(res.status).toBe(201)
    expect(res.json()).toMatchObject({ kind: 'evm', origin: 'imported', status: 'active' })
    // The address of private key 0x1111…11 (computed with viem).
    const { privateKeyToAddress } = await import('viem/accounts')
    expect(res.json().address).toBe(privateKeyToAddress(`0x${'11'.repeat(32)}`))
  })
})

describe('request limits and shapes', () => {
  it('refuses an oversized body with 413 FRAME_TOO_LARGE before authenticating [NP-ERR-034]', async () => {
    const big = JSON.stringify({ kind: 'evm', label: 'x'.repeat(5000) })
    const res = await kis.raw('POST', '/keys', big)
    expect(res.json().error?.code).toBe('FRAME_TOO_LARGE')
    expect(res.status).toBe(413)
  })

  it('refuses malformed JSON with MALFORMED_FRAME', async () => {
    const res = await kis.raw('POST', '/keys', '{"kind": "evm"')
    expect([res.status, res.json().error?.code]).toEqual([400, 'MALFORMED_FRAME'])
  })

  it('refuses unknown fields with UNKNOWN_FIELD and invalid ones with INVALID_FIELD', async () => {
    const unknown = await kis.raw('POST', '/keys', JSON.stringify({ kind: 'evm', private_key: '0x00' }))
    expect(unknown.json().error?.code).toBe('UNKNOWN_FIELD')
    const invalid = await kis.raw('POST', '/keys', JSON.stringify({ kind: 'bitcoin' }))
    expect(invalid.json().error).toMatchObject({ code: 'INVALID_FIELD', details: { field: 'kind' } })
  })

  it('answers NOT_FOUND for an unknown endpoint and an unknown key (after authentication)', async () => {
    expect((await kis.raw('POST', '/nope', '{}')).json().error?.code).toBe('NOT_FOUND')
    expect((await kis.raw('GET', `/keys/kis_${'0'.repeat(40)}`)).json().error?.code).toBe('NOT_FOUND')
    expect((await kis.raw('GET', '/keys/not-a-key')).json().error?.code).toBe('NOT_FOUND')
    const broken = await kis.raw('GET', '/keys/%E0%A4%A')
    expect([broken.status, broken.json().error?.code]).toEqual([404, 'NOT_FOUND'])
    expect(kis.audit().at(-1)).toMatchObject({ endpoint: 'GET /keys/:id', outcome: 'NOT_FOUND' })
    const unauth = await fetch(`${kis.url}/nope`, { method: 'POST', body: '{}' })
    expect(unauth.status).toBe(401)
  })
})

describe('more refusals', () => {
  it('refuses a non-numeric timestamp and duplicated auth headers', async () => {
    const res = await kis.raw('POST', '/keys', body(), { headers: { 'x-kis-timestamp': '12e5' } })
    expect(res.json().error?.code).toBe('UNAUTHENTICATED')
    const b = body()
    const headers = keysHeaders(b)
    const doubled = new Headers(headers)
    doubled.append('x-kis-key-id', 'other')
    const dup = await fetch(`${kis.url}/keys`, { method: 'POST', headers: doubled, body: b })
    expect(dup.status).toBe(401)
  })

  it('does not tell an unauthenticated caller whether a key exists', async () => {
    const key = await kis.client.createKey({ kind: 'evm' })
    const known = await fetch(`${kis.url}/keys/${key.keyId}`)
    const unknown = await fetch(`${kis.url}/keys/kis_${'0'.repeat(40)}`)
    expect([known.status, unknown.status]).toEqual([401, 401])
    expect(await known.text()).toBe(await unknown.text())
  })

  it('answers NOT_FOUND to a known path with the wrong method', async () => {
    const key = await kis.client.createKey({ kind: 'evm' })
    expect((await kis.raw('POST', `/keys/${key.keyId}`, '{}')).json().error?.code).toBe('NOT_FOUND')
    expect((await kis.raw('GET', '/sign-evm')).json().error?.code).toBe('NOT_FOUND')
  })

  it('keeps the audit log private to its owner (0600)', async () => {
    const { statSync } = await import('node:fs')
    expect(statSync(kis.config.auditLogPath).mode & 0o777).toBe(0o600)
  })

  it('refuses to start with a caller that is both signer and admin, or a short secret', async () => {
    const shared = 's'.repeat(40)
    await expect(startTestKis({ callers: `same=${shared}`, adminCallers: `same=${shared}` })).rejects.toThrow(
      /configured twice/,
    )
    await expect(startTestKis({ callers: 'identity=short' })).rejects.toThrow(/shorter than 32/)
  })
})

describe('health, readiness and metrics', () => {
  it('serves /healthz, /readyz and /metrics without credentials', async () => {
    expect((await fetch(`${kis.url}/healthz`)).status).toBe(200)
    const ready = await fetch(`${kis.url}/readyz`)
    expect(ready.status).toBe(200)
    const metrics = await (await fetch(`${kis.url}/metrics`)).text()
    expect(metrics).toMatch(/spaceos_kis_requests_total\{endpoint="POST \/keys",outcome="ok"\} \d+/)
    expect(metrics).toMatch(/spaceos_kis_requests_total\{endpoint="POST \/keys",outcome="UNAUTHENTICATED"\} \d+/)
  })
})

describe('audit log hash chain', () => {
  it('chains every line to the one before, across a restart; an edited or removed line breaks the chain', async () => {
    const first = await startTestKis()
    await first.client.createKey({ kind: 'evm' })
    await first.raw('POST', '/keys', body(), { secret: first.secrets.other })
    await first.stop()
    const again = await startTestKis(
      { masterSecret: first.config.masterSecret, callers: first.config.callers },
      first.dir,
    )
    expect((await again.raw('POST', '/keys', body(), { secret: first.secrets.identity })).status).toBe(201)
    await again.stop()
    const path = first.config.auditLogPath
    expect(verifyAuditLog(path)).toEqual({ ok: true, lines: 3 })
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean)
    expect(JSON.parse(lines[0] ?? '{}').prev).toBe(auditGenesis)
    const copy = join(first.dir, 'tampered.jsonl')
    writeFileSync(copy, `${[lines[0], lines[1]?.replace('UNAUTHENTICATED', 'ok'), lines[2]].join('\n')}\n`)
    expect(verifyAuditLog(copy)).toEqual({ ok: false, line: 3 })
    writeFileSync(copy, `${[lines[0], lines[2]].join('\n')}\n`)
    expect(verifyAuditLog(copy)).toEqual({ ok: false, line: 2 })
  })
})

describe('audit log [NP-KEY-028]', () => {
  it('has one JSON line per request, with refusals, apart from the service log', async () => {
    const before = kis.audit().length
    await kis.raw('POST', '/keys', body(), { secret: kis.secrets.other })
    await kis.raw('POST', '/admin/import', '{}')
    const ok = await kis.raw('POST', '/keys', JSON.stringify({ kind: 'native', label: 'audit' }))
    const lines = kis.audit().slice(before)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatchObject({
      caller: 'unauthenticated:identity',
      endpoint: 'POST /keys',
      outcome: 'UNAUTHENTICATED',
    })
    expect(lines[1]).toMatchObject({ caller: 'identity', endpoint: 'POST /admin/import', outcome: 'PERMISSION_DENIED' })
    expect(lines[2]).toMatchObject({
      caller: 'identity',
      endpoint: 'POST /keys',
      outcome: 'ok',
      key_id: ok.json().key_id,
    })
    for (const line of lines) expect(Date.parse(line.time as string)).not.toBeNaN()
    // The service log (pino) is a different stream: it has no audit lines and the audit file no pino lines.
    expect(kis.serviceLog.some((l) => l.includes('"msg":"kis request"'))).toBe(true)
    expect(kis.audit().every((l) => l.msg === undefined)).toBe(true)
  })
})
