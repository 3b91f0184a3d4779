import { expect, it } from 'vitest'
import { registerFirstDevice } from './flows.ts'
import { startNode } from './harness.ts'
import { post } from './login.ts'

it('writes structured logs that never contain a token, a signature, an API key or a private key [NP-KEY-007]', async () => {
  const logLines: string[] = []
  const running = await startNode({ logLines })
  try {
    const a = await registerFirstDevice(running)
    const { secret } = await running.as(a.deviceJwt).createApiKey({ name: 'ci' })
    const { code } = await running.as(a.deviceJwt).createPairingCode({})
    await running.as(a.deviceJwt).revokeDevice({ deviceId: a.device.deviceId })
    await post(running.url, '/api/auth/verify', {
      address: a.wallet.address,
      message: 'x',
      signature: `0x${'00'.repeat(65)}`,
    })
    const text = logLines.join('')
    expect(logLines.length).toBeGreaterThanOrEqual(3)
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow()
    for (const secretValue of [a.accountJwt, a.deviceJwt, secret, `"${code}"`]) expect(text).not.toContain(secretValue)
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/) // no JWT-shaped string at all
    expect(text).not.toContain('"d":') // no private JWK member
    expect(text).toContain('"msg":"login"')
  } finally {
    await running.close()
  }
})
