import { AUTH_NONCE_MAX_PER_HOUR, AUTH_NONCE_TTL_S, JWT_TTL_S } from '@spaceos/generated/parameters'
import { SignJWT } from 'jose'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type RunningNode, rejectionCode, startNode } from '../../test/harness.ts'
import { login, post } from '../../test/login.ts'

let running: RunningNode
beforeEach(async () => {
  running = await startNode()
})
afterEach(async () => {
  await running.close()
})

async function challenge(address: string) {
  const response = await fetch(`${running.url}/api/auth/nonce?address=${address}`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('GET /api/auth/nonce', () => {
  it('builds the message exactly from the template [NP-AUTH-020]', async () => {
    const wallet = privateKeyToAccount(generatePrivateKey())
    const { body } = await challenge(wallet.address.toLowerCase())
    const issued = new Date(running.clock.now()).toISOString()
    const expires = new Date(running.clock.now() + AUTH_NONCE_TTL_S * 1000).toISOString()
    const host = new URL(running.url).host
    expect(body.message).toBe(
      `${host} wants you to sign in with your Ethereum account:\n${wallet.address}\n\n` +
        'Sign in to SPACE OS. This request will not trigger a blockchain transaction or cost any fees.\n\n' +
        `URI: ${running.url}\nVersion: 1\nChain ID: 800000\nNonce: ${body.nonce}\n` +
        `Issued At: ${issued}\nExpiration Time: ${expires}`,
    )
  })

  it.each([
    ['too short', '0x1234'],
    ['non-hex', `0x${'zz'.repeat(20)}`],
    ['bad checksum', '0x52908400098527886E0F7030069857D2E4169EE7'.replace('E0F', 'e0F')],
    ['missing', ''],
  ])('answers a malformed address (%s) with INVALID_FIELD [NP-AUTH-001]', async (_name, address) => {
    const { status, body } = await challenge(address)
    expect(status).toBe(400)
    expect(body).toMatchObject({ error: { code: 'INVALID_FIELD' } })
  })

  it('rate-limits nonces per account with RATE_LIMITED and Retry-After [NP-AUTH-012] [NP-ERR-032]', async () => {
    const wallet = privateKeyToAccount(generatePrivateKey())
    for (let i = 0; i < AUTH_NONCE_MAX_PER_HOUR; i++) expect((await challenge(wallet.address)).status).toBe(200)
    const response = await fetch(`${running.url}/api/auth/nonce?address=${wallet.address}`)
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await response.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
  })
})

describe('POST /api/auth/verify', () => {
  it('rejects a nonce that was already used [NP-AUTH-011]', async () => {
    const wallet = privateKeyToAccount(generatePrivateKey())
    const { body } = await challenge(wallet.address)
    const signature = await wallet.signMessage({ message: String(body.message) })
    const request = { address: wallet.address, message: body.message, signature }
    expect((await post(running.url, '/api/auth/verify', request)).status).toBe(200)
    const replay = await post(running.url, '/api/auth/verify', request)
    expect(replay.status).toBe(401)
    expect(replay.body).toMatchObject({ error: { code: 'NONCE_INVALID' } })
  })

  it('lets only one of concurrent verifies of one nonce succeed [NP-AUTH-032]', async () => {
    const wallet = privateKeyToAccount(generatePrivateKey())
    const { body } = await challenge(wallet.address)
    const signature = await wallet.signMessage({ message: String(body.message) })
    const request = { address: wallet.address, message: body.message, signature }
    const results = await Promise.all(Array.from({ length: 5 }, () => post(running.url, '/api/auth/verify', request)))
    expect(results.map((result) => result.status).sort()).toEqual([200, 401, 401, 401, 401])
  })

  it('rejects an expired nonce [NP-AUTH-011]', async () => {
    const wallet = privateKeyToAccount(generatePrivateKey())
    const { body } = await challenge(wallet.address)
    const signature = await wallet.signMessage({ message: String(body.message) })
    running.clock.advance(AUTH_NONCE_TTL_S * 1000 + 1)
    const result = await post(running.url, '/api/auth/verify', {
      address: wallet.address,
      message: body.message,
      signature,
    })
    expect(result.body).toMatchObject({ error: { code: 'NONCE_INVALID', details: { reason: 'expired' } } })
  })

  it('rejects a nonce issued for another address [NP-AUTH-011]', async () => {
    const [alice, mallory] = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())]
    const { body } = await challenge(alice.address)
    const message = String(body.message)
    const signature = await mallory.signMessage({ message })
    const result = await post(running.url, '/api/auth/verify', { address: mallory.address, message, signature })
    expect(result.body).toMatchObject({ error: { code: 'NONCE_INVALID' } })
  })

  it('rejects a message that differs from the issued one [NP-AUTH-030]', async () => {
    const wallet = privateKeyToAccount(generatePrivateKey())
    const { body } = await challenge(wallet.address)
    const message = `${String(body.message)} `
    const signature = await wallet.signMessage({ message })
    const result = await post(running.url, '/api/auth/verify', { address: wallet.address, message, signature })
    expect(result.body).toMatchObject({ error: { code: 'NONCE_INVALID' } })
  })

  it('answers a signature by the wrong signer with BAD_SIGNATURE and burns the nonce [NP-AUTH-031] [NP-AUTH-033]', async () => {
    const [wallet, other] = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())]
    const { body } = await challenge(wallet.address)
    const message = String(body.message)
    const bad = await post(running.url, '/api/auth/verify', {
      address: wallet.address,
      message,
      signature: await other.signMessage({ message }),
    })
    expect(bad.status).toBe(401)
    expect(bad.body).toMatchObject({ error: { code: 'BAD_SIGNATURE' } })
    const retry = await post(running.url, '/api/auth/verify', {
      address: wallet.address,
      message,
      signature: await wallet.signMessage({ message }),
    })
    expect(retry.body).toMatchObject({ error: { code: 'NONCE_INVALID' } })
  })

  it('answers invalid JSON with MALFORMED_FRAME and unknown fields with INVALID_FIELD', async () => {
    expect((await post(running.url, '/api/auth/verify', '{')).body).toMatchObject({
      error: { code: 'MALFORMED_FRAME' },
    })
    expect((await post(running.url, '/api/auth/verify', { nope: 1 })).body).toMatchObject({
      error: { code: 'INVALID_FIELD' },
    })
  })

  it('answers an oversized body with FRAME_TOO_LARGE', async () => {
    const result = await post(running.url, '/api/auth/verify', { message: 'x'.repeat(70_000) })
    expect(result.body).toMatchObject({ error: { code: 'FRAME_TOO_LARGE' } })
  })
})

describe('tokens', () => {
  it('accepts its own token and rejects a tampered one with UNAUTHENTICATED [NP-AUTH-043]', async () => {
    const { jwt } = await login(running.url)
    await expect(running.as(jwt).listApiKeys({})).resolves.toBeDefined()
    const [header, payload, signature] = jwt.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    claims.sub = `0x${'00'.repeat(20)}`
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
    expect(await rejectionCode(running.as(tampered).listApiKeys({}))).toBe('UNAUTHENTICATED')
  })

  it('rejects an expired token with TOKEN_EXPIRED [NP-AUTH-044]', async () => {
    const { jwt } = await login(running.url)
    running.clock.advance((JWT_TTL_S + 61) * 1000)
    expect(await rejectionCode(running.as(jwt).listApiKeys({}))).toBe('TOKEN_EXPIRED')
  })

  it('rejects alg none and a token of another issuer [NP-AUTH-042] [NP-AUTH-043]', async () => {
    const { jwt } = await login(running.url)
    const [, payload] = jwt.split('.') as [string, string]
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`
    expect(await rejectionCode(running.as(none).listApiKeys({}))).toBe('UNAUTHENTICATED')
    const { privateKey } = await import('jose').then((jose) => jose.generateKeyPair('EdDSA', { crv: 'Ed25519' }))
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA', kid: 'x' })
      .setIssuer('https://evil.example')
      .setAudience(['spaceos'])
      .setSubject(`0x${'11'.repeat(20)}`)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey)
    expect(await rejectionCode(running.as(foreign).listApiKeys({}))).toBe('UNAUTHENTICATED')
  })

  it('keeps old tokens valid after a key rotation and publishes the new key first [NP-KEY-003] [NP-KEY-004]', async () => {
    const { jwt: before } = await login(running.url)
    const kid = await running.node.context.keys.rotate()
    const jwks = running.node.context.keys.jwks()
    expect(jwks.keys.map((key) => key.kid)).toContain(kid)
    const { jwt: stillOld } = await login(running.url)
    expect(JSON.parse(Buffer.from(stillOld.split('.')[0] as string, 'base64url').toString()).kid).not.toBe(kid)
    running.clock.advance(601_000)
    const { jwt: after } = await login(running.url)
    expect(JSON.parse(Buffer.from(after.split('.')[0] as string, 'base64url').toString()).kid).toBe(kid)
    await expect(running.as(before).listApiKeys({})).resolves.toBeDefined()
  })

  it('serves the JWKS with a bounded Cache-Control and no private parts [NP-KEY-001] [NP-KEY-005] [NP-KEY-007]', async () => {
    const response = await fetch(`${running.url}/.well-known/jwks.json`)
    expect(response.headers.get('cache-control')).toMatch(/max-age=600$/)
    const { keys } = (await response.json()) as { keys: Record<string, string>[] }
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA' })
      expect(key.d).toBeUndefined()
    }
  })
})
