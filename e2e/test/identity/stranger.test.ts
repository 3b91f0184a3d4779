/**
 * A stranger's client: nothing from this repository but the running node — only `fetch`, viem (an EIP-191 wallet),
 * jose (JWKS verification), node:crypto for the device keys, and the text of spec/AUTH.md. Every constant below is
 * copied from the spec (and docs/parameters.md), not imported.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { createWalletClient, getAddress, http } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningNode, startNode } from '../../../reference-nodes/identity/test/harness.ts'
import { startWalletInfra, type WalletInfra } from './walletInfra.ts'

// spec/AUTH.md §2.2 and docs/parameters.md
const EVM_CHAIN_ID = 800000
const AUTH_NONCE_TTL_S = 300
const JWT_TTL_S = 604800
const service = '/spaceos.identity.v1.IdentityService'

let infra: WalletInfra
let running: RunningNode
beforeAll(async () => {
  infra = await startWalletInfra()
  running = await startNode({ wallets: { custody: infra.custody, chain: infra.chain } })
}, 120_000)
afterAll(async () => {
  await running?.close()
  await infra?.stop()
})

/** The login message of spec/AUTH.md §2.2, built from the template. */
function expectedMessage(p: {
  domain: string
  address: string
  uri: string
  nonce: string
  issuedAt: string
  expirationTime: string
  device?: { signing: string; encryption: string }
}): string {
  const lines = [
    `${p.domain} wants you to sign in with your Ethereum account:`,
    p.address,
    '',
    'Sign in to SPACE OS. This request will not trigger a blockchain transaction or cost any fees.',
    '',
    `URI: ${p.uri}`,
    'Version: 1',
    `Chain ID: ${EVM_CHAIN_ID}`,
    `Nonce: ${p.nonce}`,
    `Issued At: ${p.issuedAt}`,
    `Expiration Time: ${p.expirationTime}`,
  ]
  if (p.device !== undefined) {
    lines.push(
      '',
      'Resources:',
      `- urn:spaceos:device:ed25519:${p.device.signing}`,
      `- urn:spaceos:device:x25519:${p.device.encryption}`,
    )
  }
  return lines.join('\n')
}

const rfc3339Ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** A Connect unary call with the JSON codec, as any HTTP client can make it. */
async function connect(method: string, body: unknown, jwt?: string) {
  const response = await fetch(`${running.url}${service}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(jwt === undefined ? {} : { authorization: `Bearer ${jwt}` }) },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** A device's keys, generated here: raw 32-byte public keys. */
function deviceKeys() {
  const signing = generateKeyPairSync('ed25519')
  const encryption = generateKeyPairSync('x25519')
  const raw = (key: KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url')
  const signingPublic = raw(signing.publicKey)
  return {
    privateKey: signing.privateKey,
    signing: signingPublic,
    encryption: raw(encryption.publicKey),
    deviceId: createHash('sha256').update(signingPublic).digest('hex'), // §4: SHA-256 of the Ed25519 key
  }
}

describe('a stranger with nothing but fetch, viem, jose and the spec', () => {
  it('logs in: the message is exactly the spec template, the JWT verifies offline against the JWKS with every claim of §3.1', async () => {
    const account = privateKeyToAccount(generatePrivateKey())
    // any viem wallet client signs; the transport is never used for personal_sign with a local account
    const wallet = createWalletClient({ account, transport: http('http://127.0.0.1:1') })
    const nonceResponse = await fetch(`${running.url}/api/auth/nonce?address=${account.address.toLowerCase()}`)
    expect(nonceResponse.status).toBe(200)
    const { nonce, message, expiresAtMs } = (await nonceResponse.json()) as {
      nonce: string
      message: string
      expiresAtMs: string
    }
    expect(nonce).toMatch(/^[0-9a-f]{32}$/) // NP-AUTH-010
    const issuedAt = /^Issued At: (.+)$/m.exec(message)?.[1] ?? ''
    const expirationTime = /^Expiration Time: (.+)$/m.exec(message)?.[1] ?? ''
    expect(issuedAt).toMatch(rfc3339Ms)
    expect(Date.parse(expirationTime) - Date.parse(issuedAt)).toBe(AUTH_NONCE_TTL_S * 1000)
    expect(String(Date.parse(expirationTime))).toBe(expiresAtMs) // uint64 in proto3 JSON is a string
    expect(message).toBe(
      expectedMessage({
        domain: new URL(running.url).host,
        address: getAddress(account.address), // EIP-55, even though we asked in lowercase
        uri: running.url,
        nonce,
        issuedAt,
        expirationTime,
      }),
    ) // NP-AUTH-020
    const signature = await wallet.signMessage({ account, message })
    const verified = await fetch(`${running.url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address: account.address, message, signature }),
    })
    expect(verified.status).toBe(200)
    const { jwt, expiresAtMs: jwtExpiresAtMs } = (await verified.json()) as { jwt: string; expiresAtMs: string }

    const jwksResponse = await fetch(`${running.url}/.well-known/jwks.json`)
    expect(Number(/max-age=(\d+)/.exec(jwksResponse.headers.get('cache-control') ?? '')?.[1])).toBeLessThanOrEqual(600)
    const jwks = (await jwksResponse.json()) as { keys: Record<string, unknown>[] }
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA' }) // NP-KEY-001
      expect(key).not.toHaveProperty('d') // NP-KEY-007
    }
    const header = decodeProtectedHeader(jwt)
    expect(header.alg).toBe('EdDSA')
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid)
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks as never), {
      issuer: running.url,
      audience: running.url, // identity's own tokens are bound to identity (NP-AUTH-110)
      algorithms: ['EdDSA'],
      currentDate: new Date(Date.parse(issuedAt)), // the node's clock, as its message states it
    })
    expect(payload.sub).toBe(account.address.toLowerCase()) // NP-AUTH-002
    expect(payload.aud).toEqual([running.url])
    expect(payload.nbf).toBe(payload.iat)
    expect(payload.exp).toBe((payload.iat as number) + JWT_TTL_S) // NP-AUTH-041
    expect(String((payload.exp as number) * 1000)).toBe(jwtExpiresAtMs)
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(payload).not.toHaveProperty('did') // an account token

    // the same token over Connect: the three wallets of §8
    const wallets = await connect('GetWallets', {}, jwt)
    expect(wallets.status).toBe(200)
    expect(wallets.body.connected).toBe(account.address.toLowerCase())
    expect(wallets.body.proxy).toMatch(/^0x[0-9a-f]{40}$/)
    const h = createHash('sha256').update(account.address.toLowerCase(), 'utf8').digest()
    const name = `sp${Array.from({ length: 10 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz12345'[(h[i] as number) % 31]).join('')}`
    expect(wallets.body.nativeAccount).toBe(name) // NP-AUTH-101

    // a replayed verify, a signature by someone else, a tampered token: the spec's error codes
    const replay = await fetch(`${running.url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address: account.address, message, signature }),
    })
    expect(replay.status).toBeGreaterThanOrEqual(400)
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('NONCE_INVALID')
    const [h64, p64, s64] = jwt.split('.') as [string, string, string]
    const forged = { ...JSON.parse(Buffer.from(p64, 'base64url').toString()), sub: `0x${'00'.repeat(20)}` }
    const tampered = await connect(
      'GetWallets',
      {},
      `${h64}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s64}`,
    )
    expect(tampered.status).toBe(401)
  })

  it('registers its first device under the wallet signature and gets a device token naming the device', async () => {
    const account = privateKeyToAccount(generatePrivateKey())
    const device = deviceKeys()
    const b64url = (bytes: Buffer) => bytes.toString('base64url')
    const query = new URLSearchParams({
      address: account.address,
      signing_public_key: b64url(device.signing),
      encryption_public_key: b64url(device.encryption),
    })
    const { nonce, message } = (await (await fetch(`${running.url}/api/auth/nonce?${query}`)).json()) as {
      nonce: string
      message: string
    }
    expect(message).toBe(
      expectedMessage({
        domain: new URL(running.url).host,
        address: account.address,
        uri: running.url,
        nonce,
        issuedAt: /^Issued At: (.+)$/m.exec(message)?.[1] ?? '',
        expirationTime: /^Expiration Time: (.+)$/m.exec(message)?.[1] ?? '',
        device: { signing: b64url(device.signing), encryption: b64url(device.encryption) },
      }),
    )
    const verified = await fetch(`${running.url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address: account.address, message, signature: await account.signMessage({ message }) }),
    })
    const { jwt } = (await verified.json()) as { jwt: string }
    // §4.2: proof_signature = Ed25519 over SHA-256(UTF-8 account token); bytes are base64 in proto3 JSON
    const proof = sign(null, createHash('sha256').update(jwt, 'utf8').digest(), device.privateKey)
    const registered = await connect(
      'RegisterDevice',
      {
        signingPublicKey: device.signing.toString('base64'),
        encryptionPublicKey: device.encryption.toString('base64'),
        displayName: 'stranger',
        platform: 'PLATFORM_DESKTOP',
        proofSignature: proof.toString('base64'),
      },
      jwt,
    )
    expect(registered.status).toBe(200)
    expect((registered.body.device as { deviceId: string }).deviceId).toBe(device.deviceId) // §4
    const deviceJwt = String(registered.body.jwt)
    const jwks = await (await fetch(`${running.url}/.well-known/jwks.json`)).json()
    const { payload } = await jwtVerify(deviceJwt, createLocalJWKSet(jwks), {
      issuer: running.url,
      audience: running.url,
      currentDate: new Date(Date.parse(/^Issued At: (.+)$/m.exec(message)?.[1] ?? '')),
    })
    expect(payload.did).toBe(device.deviceId)
    const listed = await connect('ListDevices', {}, deviceJwt)
    expect((listed.body.devices as { deviceId: string }[]).map((d) => d.deviceId)).toEqual([device.deviceId])
    // an account token cannot act for a device (NP-AUTH-047)
    expect((await connect('ListDevices', {}, jwt)).status).toBe(403)
  })
})
