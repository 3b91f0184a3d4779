import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { createKisClient, type KisClientOptions, signKisRequest } from '@spaceos/kis'
import { createLogger } from '@spaceos/node-kit'
import { type KisConfig, kisConfigSchema, startKisServer } from '../src/index.ts'

/** A KIS on a free port with a fresh state dir, two signing callers and one admin caller (secrets made here). */
export async function startTestKis(overrides: Partial<Record<keyof KisConfig, unknown>> = {}, dir?: string) {
  const stateDir = dir ?? mkdtempSync(join(tmpdir(), 'kis-test-'))
  const secrets = {
    identity: randomBytes(32).toString('hex'),
    other: randomBytes(32).toString('hex'),
    admin: randomBytes(32).toString('hex'),
  }
  const masterSecret = (overrides.masterSecret as string | undefined) ?? 'local-test-master-secret-0123456789'
  const config = kisConfigSchema.parse({
    port: 0,
    masterSecret,
    callers: `identity=${secrets.identity},other=${secrets.other}`,
    adminCallers: `ops=${secrets.admin}`,
    sqlitePath: join(stateDir, 'kis.db'),
    auditLogPath: join(stateDir, 'kis-audit.jsonl'),
    // Cheaper than the production default so the suite stays quick; the stored parameters are what a store opens with.
    scryptN: 2 ** 14,
    ...overrides,
  })
  const serviceLog: string[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      serviceLog.push(String(chunk))
      done()
    },
  })
  const running = await startKisServer({ config, log: createLogger({ name: 'kis', level: 'info', destination }) })
  const responses: string[] = []
  const clientOptions = (extra: Partial<KisClientOptions> = {}): KisClientOptions => ({
    url: running.url,
    callerId: 'identity',
    secret: secrets.identity,
    admin: { callerId: 'ops', secret: secrets.admin },
    ...extra,
  })
  /** A raw signed request; every answer's text is kept for the key-material scan. */
  const raw = async (
    method: 'GET' | 'POST',
    path: string,
    body = '',
    options: { callerId?: string; secret?: string; now?: number; headers?: Record<string, string> } = {},
  ) => {
    const headers = {
      ...signKisRequest({
        method,
        path,
        body,
        callerId: options.callerId ?? 'identity',
        secret: options.secret ?? secrets.identity,
        ...(options.now === undefined ? {} : { now: options.now }),
      }),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    }
    const res = await fetch(running.url + path, { method, headers, ...(method === 'POST' ? { body } : {}) })
    const text = await res.text()
    responses.push(text)
    return {
      status: res.status,
      text,
      json: () => JSON.parse(text) as { error?: { code: string } } & Record<string, unknown>,
    }
  }
  return {
    ...running,
    dir: stateDir,
    config,
    secrets,
    serviceLog,
    responses,
    raw,
    client: createKisClient(clientOptions()),
    clientOptions,
    audit: () =>
      readFileSync(config.auditLogPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

export type TestKis = Awaited<ReturnType<typeof startTestKis>>
