import { createLocalJWKSet, jwtVerify } from 'jose'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type RunningNode, startNode } from './harness.ts'

let running: RunningNode
beforeAll(async () => {
  running = await startNode()
})
afterAll(async () => {
  await running.close()
})

it('lets a stranger log in with nothing but fetch, viem and the spec, and verify the JWT offline', async () => {
  const wallet = privateKeyToAccount(generatePrivateKey())
  const nonceResponse = await fetch(`${running.url}/api/auth/nonce?address=${wallet.address}`)
  expect(nonceResponse.status).toBe(200)
  const { message, nonce, expiresAtMs } = (await nonceResponse.json()) as {
    message: string
    nonce: string
    expiresAtMs: string
  }
  expect(nonce).toMatch(/^[0-9a-f]{32}$/) // [NP-AUTH-010]
  expect(message).toContain(`\n${wallet.address}\n`)
  expect(message).toContain(`Nonce: ${nonce}`)
  expect(typeof expiresAtMs).toBe('string')
  const signature = await wallet.signMessage({ message })
  const verifyResponse = await fetch(`${running.url}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ address: wallet.address, message, signature }),
  })
  expect(verifyResponse.status).toBe(200)
  const { jwt } = (await verifyResponse.json()) as { jwt: string }
  const jwks = await (await fetch(`${running.url}/.well-known/jwks.json`)).json()
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
    issuer: running.url,
    audience: 'spaceos',
    currentDate: new Date(running.clock.now()),
  })
  expect(protectedHeader.alg).toBe('EdDSA')
  expect(payload.sub).toBe(wallet.address.toLowerCase()) // [NP-AUTH-002]
  expect(payload.exp).toBe((payload.iat as number) + 604_800) // [NP-AUTH-041]
})
