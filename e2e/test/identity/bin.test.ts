import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { nativeAccountName } from '@spaceos/identity-node'
import { expect, it } from 'vitest'
import { login } from '../../../reference-nodes/identity/test/login.ts'
import { startWalletInfra } from './walletInfra.ts'

it('wires KIS and the chain from SPACEOS_IDENTITY_* variables: a login through the bin gets all three wallets', async () => {
  const infra = await startWalletInfra()
  const dir = mkdtempSync(join(tmpdir(), 'identity-bin-'))
  const bin = fileURLToPath(new URL('../../../reference-nodes/identity/bin/spaceos-identity.mjs', import.meta.url))
  const child = spawn(process.execPath, [bin], {
    env: {
      ...process.env,
      SPACEOS_IDENTITY_PORT: '0',
      SPACEOS_IDENTITY_SQLITE_PATH: join(dir, 'identity.db'),
      SPACEOS_IDENTITY_KIS_URL: infra.kisUrl,
      SPACEOS_IDENTITY_KIS_CALLER_ID: 'identity',
      SPACEOS_IDENTITY_KIS_SECRET: infra.callerSecret,
      SPACEOS_IDENTITY_ANTELOPE_URL: infra.antelopeUrl,
      SPACEOS_IDENTITY_NATIVE_CREATOR: infra.chain.creator.account,
      SPACEOS_IDENTITY_NATIVE_CREATOR_KEY_ID: infra.chain.creator.keyId,
      SPACEOS_IDENTITY_LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const lines: string[] = []
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)))
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line)
        const match = line.match(/^ready identity[^:]*: (\S+)$/)
        if (match) resolve(match[1] as string)
      })
    })
    const { jwt, wallet } = await login(url)
    const response = await fetch(`${url}/spaceos.identity.v1.IdentityService/GetWallets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
      body: '{}',
    })
    expect(await response.json()).toEqual({
      connected: wallet.address.toLowerCase(),
      proxy: expect.stringMatching(/^0x[0-9a-f]{40}$/),
      nativeAccount: nativeAccountName(wallet.address.toLowerCase()),
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    // the KIS caller secret and the JWT never reach the log, even at debug
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) {
      expect(line).not.toContain(infra.callerSecret)
      expect(line).not.toContain(jwt)
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    await infra.stop()
  }
}, 120_000)
