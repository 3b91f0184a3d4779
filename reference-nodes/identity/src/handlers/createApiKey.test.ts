import { createHash } from 'node:crypto'
import { toJson } from '@bufbuild/protobuf'
import { ApiKeyStatus, ListApiKeysResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { type RunningNode, rejectionCode, startNode } from '../../test/harness.ts'
import { login } from '../../test/login.ts'

let running: RunningNode
beforeEach(async () => {
  running = await startNode()
})
afterEach(async () => {
  await running.close()
})

it('creates a key shown once, lists it without the secret, checks and revokes it [NP-AUTH-090] [NP-AUTH-091] [NP-AUTH-092] [NP-AUTH-094]', async () => {
  const { jwt, wallet } = await login(running.url)
  const created = await running.as(jwt).createApiKey({ name: 'ci' })
  expect(created.secret).toMatch(/^sk-space-[A-Za-z0-9_-]{43}$/)
  const listed = await running.as(jwt).listApiKeys({})
  expect(listed.apiKeys).toHaveLength(1)
  expect(listed.apiKeys[0]?.prefix).toBe(created.secret.slice(0, 12))
  expect(JSON.stringify(toJson(ListApiKeysResponseSchema, listed))).not.toContain(created.secret.slice(12))
  const keyHash = createHash('sha256').update(created.secret).digest()
  const checked = await running.as(jwt).checkApiKey({ keyHash })
  expect(checked).toMatchObject({ status: ApiKeyStatus.ACTIVE, account: wallet.address.toLowerCase() })
  await running.as(jwt).revokeApiKey({ keyId: created.apiKey?.keyId ?? '' })
  expect((await running.as(jwt).checkApiKey({ keyHash })).status).toBe(ApiKeyStatus.REVOKED)
  const unknown = await running.as(jwt).checkApiKey({ keyHash: new Uint8Array(32) })
  expect(unknown.status).toBe(ApiKeyStatus.UNKNOWN)
})

it("refuses to revoke another account's key and rejects an empty name", async () => {
  const alice = await login(running.url)
  const bob = await login(running.url)
  const created = await running.as(alice.jwt).createApiKey({ name: 'a' })
  expect(await rejectionCode(running.as(bob.jwt).revokeApiKey({ keyId: created.apiKey?.keyId ?? '' }))).toBe(
    'NOT_FOUND',
  )
  expect(await rejectionCode(running.as(alice.jwt).createApiKey({ name: '' }))).toBe('INVALID_FIELD')
})
