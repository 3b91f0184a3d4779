// Rough throughput of the identity node in this process (not a test; `bench/` owns ratios):
//   node --conditions=@spaceos/source --import tsx reference-nodes/identity/scripts/measure.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@spaceos/node-kit'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createIdentityNode, createKeyRing, createSqliteStore, systemClock, verifyToken } from '../src/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'identity-measure-'))
const store = createSqliteStore({ path: join(dir, 'identity.db') })
const keys = await createKeyRing({ clock: systemClock, store })
const server = createServer()
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const controller = new AbortController()
const node = createIdentityNode({
  store,
  clock: systemClock,
  keys,
  signal: controller.signal,
  issuer: url,
  log: createLogger({ name: 'measure', level: 'silent' }),
})
server.on('request', node.http)

// 50 logins: one source may ask for AUTH_NONCE_MAX_PER_HOUR (60) nonces an hour [NP-AUTH-012].
const wallets = Array.from({ length: 50 }, () => privateKeyToAccount(generatePrivateKey()))
let jwt = ''
const loginStart = performance.now()
let logins = 0
for (const wallet of wallets) {
  {
    const { message } = (await (await fetch(`${url}/api/auth/nonce?address=${wallet.address}`)).json()) as {
      message: string
    }
    const signature = await wallet.signMessage({ message })
    const response = await fetch(`${url}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address: wallet.address, message, signature }),
    })
    jwt = ((await response.json()) as { jwt: string }).jwt
    logins++
  }
}
const loginSeconds = (performance.now() - loginStart) / 1000

const n = 5000
const jwks = createLocalJWKSet(keys.jwks())
let start = performance.now()
for (let i = 0; i < n; i++) await jwtVerify(jwt, jwks, { algorithms: ['EdDSA'], issuer: url, audience: url })
const rawPerSecond = n / ((performance.now() - start) / 1000)
start = performance.now()
for (let i = 0; i < n; i++) await verifyToken(keys, systemClock, url, jwt)
const nodePerSecond = n / ((performance.now() - start) / 1000)

console.log(
  JSON.stringify({
    loginsPerSecond: Math.round(logins / loginSeconds),
    note: 'nonce + client signature + verify over HTTP, one client, sequential',
    jwtVerifyPerSecondRawJose: Math.round(rawPerSecond),
    jwtVerifyPerSecondIdentity: Math.round(nodePerSecond),
    ratio: Number((nodePerSecond / rawPerSecond).toFixed(2)),
  }),
)
controller.abort()
server.closeAllConnections()
server.close()
await store.close()
rmSync(dir, { recursive: true, force: true })
