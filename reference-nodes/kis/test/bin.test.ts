import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createKisClient } from '@spaceos/kis'
import { describe, expect, it } from 'vitest'

const bin = fileURLToPath(new URL('../bin/spaceos-kis.mjs', import.meta.url))

/** Runs the bin until it prints its ready line (then `onReady`) or exits; resolves with its output and exit code. */
async function run(env: Record<string, string>, onReady?: (url: string) => Promise<void>) {
  const child = spawn(process.execPath, [bin], {
    env: { ...process.env, SPACEOS_KIS_PORT: '0', SPACEOS_KIS_SCRYPT_N: '16384', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let readyDone: Promise<void> | undefined
  const onData = (chunk: Buffer) => {
    out += chunk
    const ready = out.match(/^ready kis: (\S+)$/m)
    if (ready && !readyDone)
      readyDone = (onReady?.(ready[1] ?? '') ?? Promise.resolve()).finally(() => child.kill('SIGTERM'))
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const [code] = (await once(child, 'exit')) as [number | null]
  await readyDone
  return { out, code }
}

describe('spaceos-kis bin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kis-bin-'))
  const secret = randomBytes(32).toString('hex')
  const env = {
    SPACEOS_KIS_MASTER_SECRET: 'bin-test-master-secret-0123456789',
    SPACEOS_KIS_CALLERS: `identity=${secret}`,
    SPACEOS_KIS_SQLITE_PATH: join(dir, 'kis.db'),
    SPACEOS_KIS_AUDIT_LOG_PATH: join(dir, 'audit.jsonl'),
  }

  it('prints `ready kis: <url>`, serves signed requests and stops cleanly on SIGTERM', async () => {
    let keyId = ''
    const { out, code } = await run(env, async (url) => {
      const key = await createKisClient({ url, callerId: 'identity', secret }).createKey({ kind: 'evm' })
      keyId = key.keyId
    })
    expect(out).toMatch(/^ready kis: http:\/\/127\.0\.0\.1:\d+$/m)
    expect(keyId).toMatch(/^kis_/)
    expect(code).toBe(0)
    expect(out).not.toContain(secret)
  })

  it('exits non-zero with a clear message when the master secret is wrong', async () => {
    const { out, code } = await run({ ...env, SPACEOS_KIS_MASTER_SECRET: 'a-different-master-secret-xyz' })
    expect(code).toBe(1)
    expect(out).toContain('does not open the key store')
    expect(out).not.toMatch(/^ready kis/m)
  })

  it('refuses to start without a master secret, naming the variable', async () => {
    const { out, code } = await run({ ...env, SPACEOS_KIS_MASTER_SECRET: '' })
    expect(code).not.toBe(0)
    expect(out).toContain('SPACEOS_KIS_MASTER_SECRET')
  })
})
