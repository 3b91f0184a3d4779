import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

it('starts from the bin on a free port, announces it ready, serves health and JWKS, and stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-bin-'))
  const bin = fileURLToPath(new URL('../bin/spaceos-identity.mjs', import.meta.url))
  const child = spawn(process.execPath, [bin], {
    env: {
      ...process.env,
      SPACEOS_IDENTITY_PORT: '0',
      SPACEOS_IDENTITY_SQLITE_PATH: join(dir, 'identity.db'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const { url, logged } = await new Promise<{ url: string; logged: string }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)))
      let logged: string | undefined
      let ready: string | undefined
      createInterface({ input: child.stdout }).on('line', (line) => {
        // Logs are JSON lines; the one plain line is the `ready <name>: <url>` that `spaceos up` waits for.
        const match = line.match(/^ready identity[^:]*: (\S+)$/)
        if (match) ready = match[1]
        else {
          const entry = JSON.parse(line) as { msg?: string; url?: string }
          if (entry.msg?.startsWith('identity node listening')) logged = entry.url
        }
        if (ready !== undefined && logged !== undefined) resolve({ url: ready, logged })
      })
    })
    expect(url).toBe(logged)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect((await fetch(`${url}/readyz`)).status).toBe(200)
    const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: unknown[] }
    expect(jwks.keys).toHaveLength(1)
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('spaceos_identity_logins_total')
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
