import { spawn } from 'node:child_process'
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, KIS_HMAC_WINDOW_S } from '@spaceos/generated/parameters'
import { Bytes, Checksum256, KeyType, PrivateKey, Transaction } from '@wharfkit/antelope'
import { createPublicClient, type Hex, http, keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { repoRoot } from './helpers.ts'

/**
 * Deliberate faults of the small KIS written from spec/AUTH.md §9 in this test (never the reference node): each one
 * breaks one rule the kis suite must catch.
 */
export type KisFaults = {
  /** Accepted signatures are not remembered: replays succeed [NP-KEY-025]. */
  noReplayCheck?: boolean
  /** `/sign-evm` signs for any chain ID (as EIP-155 for that chain) [NP-KEY-022]. */
  anyChainId?: boolean
  /** The timestamp is not checked against the clock [NP-KEY-024]. */
  noWindow?: boolean
  /** `POST /keys` answers the private key base64-encoded in a `backup` field [NP-KEY-021]. */
  leakOnCreate?: boolean
  /** The signing credential may also import keys [NP-KEY-027]. */
  importWithSigningCredential?: boolean
  /** Every error is answered with HTTP 400, whatever its code [NP-ERR-031]. */
  everyErrorIs400?: boolean
  /** `/rotate` swaps the key in without moving the old address's balance. */
  rotateWithoutSweep?: boolean
  /** After `/rotate` the retired key still signs. */
  retiredKeyStillSigns?: boolean
  /** A bad signature is answered with the valid one in the error message (a signing oracle) [NP-KEY-023]. */
  revealValidSignature?: boolean
  /** Any signing caller may use any key, whoever created it [NP-KEY-033]. */
  noOwnership?: boolean
  /** The HMAC covers the body re-serialized from its parsed JSON, not the bytes sent [NP-KEY-023]. */
  bodyReserialized?: boolean
}

/** Moves the old key's SPACE (less the fee) to the new key's address with one legacy transaction. */
async function sweep(rpcUrl: string, from: Key, to: Key) {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) })
  const address = from.address as Hex
  const fee = 21_000n * EVM_GAS_PRICE_WEI
  const balance = await client.getBalance({ address })
  if (balance <= fee) return []
  const raw = await privateKeyToAccount(from.privateKey).signTransaction({
    type: 'legacy',
    chainId: EVM_CHAIN_ID,
    nonce: await client.getTransactionCount({ address, blockTag: 'pending' }),
    to: to.address as Hex,
    value: balance - fee,
    gas: 21_000n,
    gasPrice: EVM_GAS_PRICE_WEI,
  })
  const hash = await client.sendRawTransaction({ serializedTransaction: raw })
  return [{ asset: 'native', amount: (balance - fee).toString(), transaction_hash: hash }]
}

/** Starts anvil with the SPACE OS chain rules (chain 800000, legacy gas price 150 gwei, paris) on a free port. */
export async function startAnvil(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'anvil'),
    ['--chain-id', `${EVM_CHAIN_ID}`, '--hardfork', 'paris', '--gas-price', `${EVM_GAS_PRICE_WEI}`, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`anvil exited with ${code}`)))
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /Listening on ([\d.]+:\d+)/.exec(line)
      if (match) resolve(`http://${match[1]}`)
    })
  })
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** The body as `JSON.stringify(JSON.parse(body))`, or as sent when it is not JSON. */
function reserialized(raw: Buffer): Buffer | string {
  try {
    return raw.length === 0 ? raw : JSON.stringify(JSON.parse(raw.toString()))
  } catch {
    return raw
  }
}

type Key = {
  id: string
  kind: 'evm' | 'native'
  privateKey: Hex
  publicKey: string
  address?: Hex
  retired?: boolean
  /** The signing caller the key serves; every signing caller when undefined. */
  owner?: string
}

export type FakeKis = {
  url: string
  /** `id=secret` of the signing caller, a second signing caller, and the admin. */
  caller: string
  otherCaller: string
  admin: string
  chainId: string
  close: () => Promise<void>
}

/** Starts the in-test KIS on 127.0.0.1 port 0. */
export async function startFakeKis(faults: KisFaults = {}): Promise<FakeKis> {
  const callers = new Map([
    ['signer', { secret: randomBytes(32).toString('hex'), role: 'signer' }],
    ['signer2', { secret: randomBytes(32).toString('hex'), role: 'signer' }],
    ['ops', { secret: randomBytes(32).toString('hex'), role: 'admin' }],
  ])
  const chainId = randomBytes(32).toString('hex')
  const keys = new Map<string, Key>()
  const seen = new Set<string>()

  const keyOf = (privateKey: Hex, kind: 'evm' | 'native'): Key => {
    const id = `kis_${randomBytes(20).toString('hex')}`
    if (kind === 'evm') {
      const account = privateKeyToAccount(privateKey)
      return { id, kind, privateKey, publicKey: account.publicKey, address: account.address }
    }
    const pk = new PrivateKey(KeyType.K1, Bytes.from(privateKey.slice(2), 'hex'))
    return { id, kind, privateKey, publicKey: pk.toPublic().toString() }
  }
  const wire = (k: Key) => ({
    key_id: k.id,
    kind: k.kind,
    public_key: k.publicKey,
    ...(k.address ? { address: k.address } : {}),
    status: k.retired ? 'retired' : 'active',
    origin: 'created',
  })
  class Refusal extends Error {
    constructor(
      readonly status: number,
      readonly code: string,
      readonly detail = '',
    ) {
      super(code)
    }
  }

  async function handle(req: IncomingMessage) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks)
    const method = req.method ?? 'GET'
    const target = req.url ?? '/'
    const h = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined)
    const [id, ts, sig] = [h('x-kis-key-id'), h('x-kis-timestamp'), h('x-kis-signature')]
    const caller = id === undefined ? undefined : callers.get(id)
    if (caller === undefined || ts === undefined || sig === undefined || !/^\d+$/.test(ts))
      throw new Refusal(401, 'UNAUTHENTICATED')
    if (!faults.noWindow && Math.abs(Date.now() / 1000 - Number(ts)) > KIS_HMAC_WINDOW_S)
      throw new Refusal(401, 'UNAUTHENTICATED')
    const bodyHash = createHash('sha256')
      .update(faults.bodyReserialized ? reserialized(raw) : raw)
      .digest('hex')
    const expected = createHmac('sha256', caller.secret).update(`${method}\n${target}\n${ts}\n${bodyHash}`).digest()
    const given = /^[0-9a-f]{64}$/.test(sig) ? Buffer.from(sig, 'hex') : Buffer.alloc(0)
    if (given.length !== 32 || !timingSafeEqual(given, expected))
      throw new Refusal(
        401,
        'UNAUTHENTICATED',
        faults.revealValidSignature ? `expected ${expected.toString('hex')}` : '',
      )
    if (!faults.noReplayCheck) {
      if (seen.has(sig)) throw new Refusal(409, 'REPLAYED')
      seen.add(sig)
    }
    const admin = caller.role === 'admin'
    let body: Record<string, never> | null = {}
    try {
      if (method === 'POST') body = JSON.parse(raw.toString() || 'null') as Record<string, never> | null
    } catch {
      throw new Refusal(400, 'MALFORMED_FRAME')
    }
    if (body === null || typeof body !== 'object') throw new Refusal(400, 'INVALID_FIELD')
    const visible = (keyId: string) => {
      const found = keys.get(keyId)
      return found?.owner === undefined || found.owner === id || faults.noOwnership ? found : undefined
    }
    const get = /^\/keys\/(kis_[0-9a-f]{40})$/.exec(target)
    if (method === 'GET' && get) {
      const key = visible(get[1] ?? '')
      if (!key) throw new Refusal(404, 'NOT_FOUND')
      return wire(key)
    }
    if (method !== 'POST') throw new Refusal(404, 'NOT_FOUND')
    if (target === '/admin/import') {
      if (!admin && !faults.importWithSigningCredential) throw new Refusal(403, 'PERMISSION_DENIED')
      const privateKey = String(body.private_key ?? '')
      if (body.kind !== 'evm' || !/^0x[0-9a-f]{64}$/.test(privateKey)) throw new Refusal(400, 'INVALID_FIELD')
      const owner = body.owner as string | undefined
      if (owner !== undefined && callers.get(owner)?.role !== 'signer') throw new Refusal(400, 'INVALID_FIELD')
      const key = { ...keyOf(privateKey as Hex, 'evm'), ...(owner === undefined ? {} : { owner }) }
      keys.set(key.id, key)
      return wire(key)
    }
    if (admin) throw new Refusal(403, 'PERMISSION_DENIED')
    if (target === '/keys') {
      if (Object.keys(body).some((field) => !['kind', 'label', 'request_id'].includes(field)))
        throw new Refusal(400, 'UNKNOWN_FIELD')
      if (body.kind !== 'evm' && body.kind !== 'native') throw new Refusal(400, 'INVALID_FIELD')
      const key = { ...keyOf(generatePrivateKey(), body.kind), owner: id as string }
      keys.set(key.id, key)
      const leak = faults.leakOnCreate ? { backup: Buffer.from(key.privateKey.slice(2), 'hex').toString('base64') } : {}
      return { ...wire(key), ...leak }
    }
    const key = visible(String(body.key_id))
    if (target === '/sign-evm') {
      const t = (body.transaction ?? {}) as Record<string, string | number | undefined>
      if (key?.kind !== 'evm') throw new Refusal(404, 'NOT_FOUND')
      if (key.retired) throw new Refusal(403, 'PERMISSION_DENIED')
      if ((t.type !== undefined && t.type !== 'legacy') || t.max_fee_per_gas !== undefined)
        throw new Refusal(403, 'PERMISSION_DENIED')
      if (!faults.anyChainId && t.chain_id !== EVM_CHAIN_ID) throw new Refusal(403, 'PERMISSION_DENIED')
      if (t.gas_price === undefined || BigInt(t.gas_price) < EVM_GAS_PRICE_WEI)
        throw new Refusal(403, 'PERMISSION_DENIED')
      if (typeof t.nonce !== 'number' || t.nonce < 0) throw new Refusal(400, 'INVALID_FIELD')
      const signed = await privateKeyToAccount(key.privateKey).signTransaction({
        type: 'legacy',
        chainId: Number(t.chain_id),
        nonce: t.nonce,
        gas: BigInt(t.gas ?? 21000),
        gasPrice: BigInt(t.gas_price),
        ...(t.to === undefined ? {} : { to: t.to as Hex }),
        value: BigInt(t.value ?? 0),
        ...(t.data === undefined ? {} : { data: t.data as Hex }),
      })
      return { raw_signed_tx: signed, hash: keccak256(signed) }
    }
    if (target === '/sign-native') {
      if (key?.kind !== 'native') throw new Refusal(404, 'NOT_FOUND')
      if (body.chain_id !== chainId) throw new Refusal(403, 'PERMISSION_DENIED')
      const digest = Transaction.from(body.transaction as never).signingDigest(Checksum256.from(chainId))
      const pk = new PrivateKey(KeyType.K1, Bytes.from(key.privateKey.slice(2), 'hex'))
      return { signature: pk.signDigest(digest).toString(), digest: digest.hexString, public_key: key.publicKey }
    }
    if (target === '/rotate') {
      if (key?.kind !== 'evm' || key.retired) throw new Refusal(404, 'NOT_FOUND')
      const next = keyOf(generatePrivateKey(), 'evm')
      const swept = faults.rotateWithoutSweep ? [] : await sweep(String(body.evm_rpc_url), key, next)
      const oldId = `kis_${randomBytes(20).toString('hex')}`
      keys.set(oldId, { ...key, id: oldId, retired: !faults.retiredKeyStillSigns })
      keys.set(key.id, { ...next, id: key.id, ...(key.owner === undefined ? {} : { owner: key.owner }) })
      return {
        key_id: key.id,
        old_key_id: oldId,
        new_key_id: key.id,
        kind: 'evm',
        public_key: next.publicKey,
        address: next.address,
        previous_public_key: key.publicKey,
        previous_address: key.address,
        swept,
      }
    }
    throw new Refusal(404, 'NOT_FOUND')
  }

  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    handle(req).then(
      (body) => answer(200, body),
      (error: unknown) =>
        error instanceof Refusal
          ? answer(faults.everyErrorIs400 ? 400 : error.status, {
              error: { code: error.code, message: `${error.code} ${error.detail}`.trim(), details: {} },
            })
          : answer(500, { error: { code: 'INTERNAL', message: 'internal', details: {} } }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const secret = (name: string) => `${name}=${callers.get(name)?.secret}`
  return {
    url: `http://127.0.0.1:${port}`,
    caller: secret('signer'),
    otherCaller: secret('signer2'),
    admin: secret('ops'),
    chainId,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
