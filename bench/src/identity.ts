/**
 * `npm run bench:identity` — the identity node's two hot paths, each next to a baseline measured in the same run:
 *
 * 1. Logins per second over HTTP (GET /api/auth/nonce, EIP-191 personal_sign by the client, POST /api/auth/verify)
 *    against a real identity node on SQLite (WAL, synchronous=FULL), with C logins in flight. Baselines, same
 *    process, same sockets, same concurrency: two HTTP no-op round trips (GET /healthz twice: what a login costs in
 *    transport alone), and the bare EIP-191 work of one login (viem signMessage + recoverMessageAddress, no HTTP).
 * 2. JWT verifications per second by the node's verifier (`verifyToken`: jose over the node's key ring, plus the
 *    claim checks of spec/AUTH.md §3) and by the SDK's `createTokenVerifier` (what services use) vs raw `jose`
 *    `jwtVerify` with a prepared local JWK set, interleaved.
 *
 * The per-source and per-account nonce limits (AUTH_NONCE_MAX_PER_HOUR) apply here as in production, so the client
 * spreads logins over many loopback source addresses (127.0.1.x) and accounts instead of switching the limits off.
 * Every figure is a ratio to its baseline; absolute numbers depend on the machine (`BENCH_MS`, default 3000 per run).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AUTH_NONCE_MAX_PER_HOUR } from '@spaceos/generated/parameters'
import { createTokenVerifier } from '@spaceos/identity'
import {
  createIdentityNode,
  createKeyRing,
  createSqliteStore,
  issueToken,
  systemClock,
  verifyToken,
} from '@spaceos/identity-node'
import { createLogger, serveNodeApp } from '@spaceos/node-kit'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { type Hex, recoverMessageAddress } from 'viem'
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

const totalMs = Number(process.env.BENCH_MS ?? 3000)
const inFlight = Number(process.env.BENCH_CONCURRENCY ?? 4)

// --- a real node on SQLite --------------------------------------------------------------------------------------------
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'bench-identity-'))
const store = createSqliteStore({ path: join(dir, 'identity.db') })
const keys = await createKeyRing({ clock: systemClock, store })
const controller = new AbortController()
const server = await serveNodeApp(
  (issuer) =>
    createIdentityNode({
      store,
      clock: systemClock,
      keys,
      signal: controller.signal,
      issuer,
      log: createLogger({ name: 'bench-identity', level: 'silent' }),
    }).app,
)
const port = server.port
const issuer = server.url

// --- HTTP client: keep-alive, many loopback sources (each may ask AUTH_NONCE_MAX_PER_HOUR nonces per hour) ---------
const budget = AUTH_NONCE_MAX_PER_HOUR - 1
const agent = new Agent({ keepAlive: true, maxSockets: 64 })
let sourceIndex = 0
let sourceUses = 0
function nextSource(): string {
  if (sourceUses++ >= budget) {
    sourceIndex++
    sourceUses = 1
  }
  if (sourceIndex >= 250 * 250) throw new Error('out of loopback source addresses')
  return `127.0.${1 + Math.floor(sourceIndex / 250)}.${1 + (sourceIndex % 250)}`
}

function http(
  method: 'GET' | 'POST',
  path: string,
  localAddress: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent,
        localAddress,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, json: text === '' ? undefined : JSON.parse(text) })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

// Accounts are reused up to the per-account nonce budget as well; deriving a key pair is client setup, not timed.
const accounts: PrivateKeyAccount[] = []
let accountIndex = 0
let accountUses = 0
function nextAccount(): PrivateKeyAccount {
  if (accountUses++ >= budget || accounts.length === 0) {
    accountUses = 1
    accountIndex = accounts.length
    accounts.push(privateKeyToAccount(generatePrivateKey()))
  }
  return accounts[accountIndex] as PrivateKeyAccount
}

async function loginOnce(): Promise<void> {
  const wallet = nextAccount()
  const source = nextSource()
  const nonce = await http('GET', `/api/auth/nonce?address=${wallet.address}`, source)
  if (nonce.status !== 200) throw new Error(`nonce: ${nonce.status} ${JSON.stringify(nonce.json)}`)
  const { message } = nonce.json as { message: string }
  const signature = await wallet.signMessage({ message })
  const verified = await http('POST', '/api/auth/verify', source, { address: wallet.address, message, signature })
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${JSON.stringify(verified.json)}`)
}

async function twoRoundTrips(): Promise<void> {
  const source = '127.0.0.1'
  if ((await http('GET', '/healthz', source)).status !== 200) throw new Error('healthz')
  if ((await http('GET', '/healthz', source)).status !== 200) throw new Error('healthz')
}

const sampleWallet = privateKeyToAccount(generatePrivateKey())
const sampleMessage = `${new URL(issuer).host} wants you to sign in with your Ethereum account:\n${sampleWallet.address}\n\nSign in to SPACE OS. This request will not trigger a blockchain transaction or cost any fees.\n\nURI: ${issuer}\nVersion: 1\nChain ID: 800000\nNonce: ${'ab'.repeat(16)}\nIssued At: 2026-05-01T12:00:00.000Z\nExpiration Time: 2026-05-01T12:05:00.000Z`
async function bareEip191(): Promise<void> {
  const signature = await sampleWallet.signMessage({ message: sampleMessage })
  const signer = await recoverMessageAddress({ message: sampleMessage, signature: signature as Hex })
  if (signer !== sampleWallet.address) throw new Error('recover')
}

/**
 * Runs async workloads in interleaved rounds of ~`roundMs` each, `concurrency` operations in flight, for about
 * `totalMs` per workload; returns each one's operations per second (median round), so load from other processes
 * falls on all alike.
 */
async function compareAsync(
  workloads: Record<string, () => Promise<void>>,
  concurrency: number,
  roundMs = 250,
): Promise<Record<string, number>> {
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(workloads).map((name) => [name, []]))
  const rounds = Math.max(3, Math.round(totalMs / roundMs))
  for (let round = 0; round < rounds; round++) {
    for (const [name, work] of Object.entries(workloads)) {
      let done = 0
      const started = performance.now()
      const deadline = started + roundMs
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < deadline) {
            await work()
            done++
          }
        }),
      )
      rates[name]?.push((done / (performance.now() - started)) * 1000)
    }
  }
  return Object.fromEntries(
    Object.entries(rates).map(([name, values]) => [name, [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0]),
  )
}

const format = (opsPerSecond: number) => `${Math.round(opsPerSecond).toLocaleString('en-US')}/s`

// warm-up: JIT, statement cache, sockets
for (let i = 0; i < 20; i++) await loginOnce()
await twoRoundTrips()

const logins = await compareAsync({ login: loginOnce, roundTrips: twoRoundTrips, eip191: bareEip191 }, inFlight)
console.log(`identity bench (BENCH_MS=${totalMs}, ${inFlight} in flight, SQLite WAL synchronous=FULL)`)
console.log(`1. logins (nonce + sign + verify over HTTP): ${format(logins.login ?? 0)}`)
console.log(
  `   vs two HTTP no-op round trips: ${format(logins.roundTrips ?? 0)} → ratio ${((logins.login ?? 0) / (logins.roundTrips ?? 1)).toFixed(2)}×`,
)
console.log(
  `   vs bare EIP-191 sign + recover (no HTTP): ${format(logins.eip191 ?? 0)} → ratio ${((logins.login ?? 0) / (logins.eip191 ?? 1)).toFixed(2)}×`,
)

// --- 2. JWT verification: node verifier vs raw jose ------------------------------------------------------------------
const token = await issueToken(keys, systemClock, issuer, sampleWallet.address.toLowerCase())
const jwks = createLocalJWKSet(keys.jwks())
// the account token is bound to identity's own audience (its issuer, spec/AUTH.md §3.4)
const sdkVerify = createTokenVerifier({ issuer, audience: issuer, jwks: keys.jwks() })
const jwtRates = await compareAsync(
  {
    node: async () => {
      await verifyToken(keys, systemClock, issuer, token.jwt)
    },
    sdk: async () => {
      await sdkVerify(token.jwt)
    },
    jose: async () => {
      await jwtVerify(token.jwt, jwks, { issuer, audience: issuer, algorithms: ['EdDSA'] })
    },
  },
  1,
  100,
)
console.log(`2. JWT verifications by the node verifier (verifyToken): ${format(jwtRates.node ?? 0)}`)
console.log(`   by the SDK verifier (createTokenVerifier, local JWKS): ${format(jwtRates.sdk ?? 0)}`)
console.log(
  `   vs raw jose jwtVerify with a prepared JWK set: ${format(jwtRates.jose ?? 0)} → node ${((jwtRates.node ?? 0) / (jwtRates.jose ?? 1)).toFixed(2)}×, SDK ${((jwtRates.sdk ?? 0) / (jwtRates.jose ?? 1)).toFixed(2)}×`,
)
console.log(`   (${accounts.length} accounts and ${sourceIndex + 1} loopback sources used for the logins)`)

controller.abort()
agent.destroy()
await server.close()
await store.close()
rmSync(dir, { recursive: true, force: true })
