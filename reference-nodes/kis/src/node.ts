import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, KIS_HMAC_WINDOW_S } from '@spaceos/generated/parameters'
import { createHealth, createLogger, createMetrics, type Logger } from '@spaceos/node-kit'
import { ProtocolError } from '@spaceos/protocol'
import { Checksum256, Transaction } from '@wharfkit/antelope'
import { bytesToHex, keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { z } from 'zod'
import type { AuditLog, AuditRecord } from './audit.ts'
import { type AuthenticatedCaller, authenticate, type Caller } from './auth.ts'
import { KisNodeError, toHttpError } from './errors.ts'
import { antelopeKey, generateKey, parseImportedKey } from './keyMaterial.ts'
import type { KeyRecord, KeyStore } from './keyStore.ts'
import { sweepEvm, updateAuthNative } from './rotate.ts'

/** Options of {@link createKisNode}. */
export type KisNodeOptions = {
  store: KeyStore
  /** Signing callers and admin callers (`/admin/import` only) [NP-KEY-027]. */
  callers: readonly Caller[]
  audit: AuditLog
  log?: Logger
  /** Default EVM JSON-RPC URL for rotation sweeps. */
  evmRpcUrl?: string | undefined
  /** Default Antelope HTTP API URL for rotation `updateauth` (and the chain ID when none is configured). */
  antelopeUrl?: string | undefined
  /** Hex chain ID `/sign-native` signs for; default the `chain_id` of `antelopeUrl`'s `get_info`. */
  antelopeChainId?: string | undefined
  /** Largest request body in bytes; default 65536. */
  maxBodyBytes?: number
  /** HMAC window in seconds; default `KIS_HMAC_WINDOW_S`. */
  windowS?: number
  /** Clock in Unix seconds (tests). */
  nowS?: () => number
  /** With mutual TLS: the client certificate's subject CN must equal the caller ID (`X-KIS-Key-Id`). */
  bindTlsCaller?: boolean
  /** ERC-20 contracts every EVM rotation sweeps, besides the ones a request lists (e.g. the bridged stablecoins). */
  sweepTokens?: readonly `0x${string}`[]
}

/** What {@link createKisNode} returns. */
export type KisNode = {
  /** One Node HTTP handler for the KIS endpoints, `/healthz`, `/readyz` and `/metrics`. */
  http: (req: IncomingMessage, res: ServerResponse) => void
  health: ReturnType<typeof createHealth>
}

const keyId = z.string().regex(/^kis_[0-9a-f]{40}$/, 'a KIS key ID (kis_ + 40 hex digits)')
const label = z.string().max(128).optional()
const kind = z.enum(['evm', 'native'])
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'a 0x-prefixed 20-byte address')
const decimalBelow = (bits: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,77})$/, 'a decimal integer string')
    .refine((v) => BigInt(v) < 1n << BigInt(bits), `at most ${bits} bits`)
const decimal = decimalBelow(256)
const hexData = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, '0x-prefixed hex bytes')

/** Makes each request unique so equal calls in one second do not share a signature [NP-KEY-029]. */
const requestId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/)
  .optional()

const schemas = {
  createKey: z.strictObject({ kind, label, request_id: requestId }),
  signEvm: z.strictObject({
    request_id: requestId,
    key_id: keyId,
    transaction: z.strictObject({
      to: address.optional(),
      value: decimal.optional(),
      data: hexData.optional(),
      nonce: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      gas: decimalBelow(64),
      gas_price: decimal.optional(),
      chain_id: z.number().int(),
      type: z.union([z.string().max(16), z.number().int()]).optional(),
      max_fee_per_gas: decimal.optional(),
      max_priority_fee_per_gas: decimal.optional(),
      access_list: z.array(z.unknown()).optional(),
    }),
  }),
  signNative: z.strictObject({
    request_id: requestId,
    key_id: keyId,
    chain_id: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits'),
    transaction: z.record(z.string(), z.unknown()),
  }),
  rotate: z.strictObject({
    request_id: requestId,
    key_id: keyId,
    evm_rpc_url: z.url({ protocol: /^https?$/ }).optional(),
    antelope_url: z.url({ protocol: /^https?$/ }).optional(),
    tokens: z.array(address).max(32).optional(),
    account: z
      .string()
      .regex(/^[a-z1-5.]{1,12}$/, 'an Antelope account name')
      .optional(),
  }),
  adminImport: z.strictObject({
    kind,
    private_key: z.string().min(1).max(256),
    label,
    owner: z.string().max(64).optional(),
    request_id: requestId,
  }),
}

/** Parses a body against a schema: unknown fields → `UNKNOWN_FIELD`, anything else → `INVALID_FIELD`. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.map(String).join('.') ?? ''
  if (issue?.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => (field ? `${field}.${k}` : k)).join(', ')
    throw new KisNodeError('UNKNOWN_FIELD', { message: `Unknown field: ${names}.`, details: { field: names } })
  }
  throw new KisNodeError('INVALID_FIELD', {
    message: `${field || 'body'}: ${issue?.message ?? 'invalid'}`,
    details: { field: field || 'body' },
  })
}

const wireKey = (r: KeyRecord) => ({
  key_id: r.id,
  kind: r.kind,
  public_key: r.publicKey,
  ...(r.address === undefined ? {} : { address: r.address }),
  ...(r.label === undefined ? {} : { label: r.label }),
  ...(r.owner === undefined ? {} : { owner: r.owner }),
  status: r.status,
  origin: r.origin,
  created_at: r.createdAt,
})

/** A path segment decoded, or as sent when its percent-encoding is broken (it then names no key). */
const safeDecode = (segment: string) => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const denied = (message: string, field: string) =>
  new KisNodeError('PERMISSION_DENIED', { message, details: { field, requirement: 'NP-KEY-022' } })

type Handled = { status?: number; body: unknown; audit?: Partial<AuditRecord> }
type Route = {
  role: Caller['role'] | 'any'
  handle: (body: unknown, caller: AuthenticatedCaller, auditContext: Partial<AuditRecord>) => Promise<Handled>
}

/**
 * The KIS reference node (spec/AUTH.md §9): HMAC-authenticated JSON endpoints over an encrypted key store. Only its
 * bin listens (see {@link startKisServer}).
 */
export function createKisNode(options: KisNodeOptions): KisNode {
  const log = options.log ?? createLogger({ name: 'kis' })
  const { store, audit } = options
  const callers = new Map(options.callers.map((c) => [c.id, c]))
  const maxBodyBytes = options.maxBodyBytes ?? 65_536
  const windowS = options.windowS ?? KIS_HMAC_WINDOW_S
  const nowS = options.nowS ?? (() => Math.floor(Date.now() / 1000))
  const metrics = createMetrics({ prefix: 'spaceos_kis_', defaults: false })
  const requests = metrics.counter('requests_total', 'KIS requests by endpoint and outcome', ['endpoint', 'outcome'])
  const health = createHealth()
  health.set('store', true)

  let chainIdCache: string | undefined = options.antelopeChainId?.toLowerCase()
  const antelopeChainId = async (): Promise<string> => {
    if (chainIdCache !== undefined) return chainIdCache
    if (options.antelopeUrl === undefined)
      throw new KisNodeError('UNAVAILABLE', { message: 'KIS has no Antelope chain configured for /sign-native.' })
    try {
      const res = await fetch(`${options.antelopeUrl.replace(/\/$/, '')}/v1/chain/get_info`, { method: 'POST' })
      const info = (await res.json()) as { chain_id?: string }
      if (typeof info.chain_id !== 'string') throw new Error('no chain_id')
      chainIdCache = info.chain_id.toLowerCase()
      return chainIdCache
    } catch (error) {
      throw new KisNodeError('UNAVAILABLE', { message: 'The Antelope API did not give its chain ID.', cause: error })
    }
  }

  /** The key if this caller may use it [NP-KEY-033]: its owner, or every signing caller for an ownerless import. */
  const visibleKey = (id: string, caller: AuthenticatedCaller): KeyRecord | undefined => {
    const record = /^kis_[0-9a-f]{40}$/.test(id) ? store.get(id) : undefined
    if (record === undefined) return undefined
    if (caller.role === 'signer' && record.owner !== undefined && record.owner !== caller.id) return undefined
    return record
  }

  const activeKey = (id: string, want: KeyRecord['kind'], caller: AuthenticatedCaller): KeyRecord => {
    const record = visibleKey(id, caller)
    if (record === undefined)
      throw new KisNodeError('NOT_FOUND', { message: `No key ${id}.`, details: { field: 'key_id' } })
    if (record.status !== 'active')
      throw new KisNodeError('PERMISSION_DENIED', {
        message: `Key ${id} is retired (rotated into ${record.successorId}); it signs nothing.`,
        details: { field: 'key_id' },
      })
    if (record.kind !== want)
      throw new KisNodeError('PERMISSION_DENIED', {
        message: `Key ${id} is a ${record.kind} key; this endpoint signs with ${want} keys.`,
        details: { field: 'key_id' },
      })
    return record
  }

  const rotating = new Set<string>()
  async function rotate(request: z.output<typeof schemas.rotate>, current: KeyRecord): Promise<Handled> {
    const rpcUrl = request.evm_rpc_url ?? options.evmRpcUrl
    const url = request.antelope_url ?? options.antelopeUrl
    // The replacement is stored (pending) before any funds move to it; a retry after a failure reuses it.
    let pending = store.pendingReplacement(request.key_id)
    if (pending === undefined) {
      const key = generateKey(current.kind, current.label)
      try {
        pending = store.insertPending(request.key_id, key)
      } finally {
        key.privateKey.fill(0)
      }
    }
    const next = pending
    let swept: Awaited<ReturnType<typeof sweepEvm>> = []
    let updateAuthTransactionId: string | undefined
    if (current.kind === 'evm') {
      swept = await store.withPrivateKey(request.key_id, (oldPrivateKey) =>
        sweepEvm({
          rpcUrl: rpcUrl as string,
          oldPrivateKey,
          to: next.address as `0x${string}`,
          // The configured tokens, then the request's, each once.
          tokens: [
            ...new Map(
              [...(options.sweepTokens ?? []), ...((request.tokens ?? []) as `0x${string}`[])].map((t) => [
                t.toLowerCase(),
                t,
              ]),
            ).values(),
          ],
        }),
      )
    } else {
      const chainId = await antelopeChainId()
      updateAuthTransactionId = await store.withPrivateKey(request.key_id, (oldPrivateKey) =>
        updateAuthNative({
          url: url as string,
          chainId,
          account: request.account as string,
          oldPrivateKey,
          newPublicKey: next.publicKey,
        }),
      )
    }
    const oldKeyId = store.swap(request.key_id, next.id)
    return {
      body: {
        key_id: request.key_id,
        old_key_id: oldKeyId,
        new_key_id: request.key_id,
        kind: current.kind,
        public_key: next.publicKey,
        ...(next.address === undefined ? {} : { address: next.address }),
        previous_public_key: current.publicKey,
        ...(current.address === undefined ? {} : { previous_address: current.address }),
        swept,
        ...(updateAuthTransactionId === undefined ? {} : { update_auth_transaction_id: updateAuthTransactionId }),
      },
      audit: {
        old_key_id: oldKeyId,
        swept: swept.map((s) => ({ asset: s.asset, amount: s.amount, transaction_hash: s.transaction_hash })),
        ...(updateAuthTransactionId === undefined ? {} : { update_auth_transaction_id: updateAuthTransactionId }),
      },
    }
  }

  const routes: Record<string, Route> = {
    'POST /keys': {
      role: 'signer',
      async handle(body, caller) {
        const request = parse(schemas.createKey, body)
        const key = { ...generateKey(request.kind, request.label), owner: caller.id }
        try {
          const record = store.insert(key)
          return { status: 201, body: wireKey(record), audit: { key_id: record.id, kind: record.kind } }
        } finally {
          key.privateKey.fill(0)
        }
      },
    },
    'POST /sign-evm': {
      role: 'signer',
      async handle(body, caller, ctx) {
        const request = parse(schemas.signEvm, body)
        ctx.key_id = request.key_id
        const t = request.transaction
        // [NP-KEY-022] legacy (type 0) only, chain EVM_CHAIN_ID only, gas price ≥ EVM_GAS_PRICE_WEI
        if (t.type !== undefined && !['legacy', '0x0', '0x00', '0', 0].includes(t.type))
          throw denied(`KIS signs legacy (type 0) transactions only, not type ${t.type}.`, 'transaction.type')
        if (t.max_fee_per_gas !== undefined || t.max_priority_fee_per_gas !== undefined || t.access_list !== undefined)
          throw denied('KIS signs legacy (type 0) transactions only: no EIP-1559/2930 fields.', 'transaction.type')
        if (t.gas_price === undefined)
          throw new KisNodeError('INVALID_FIELD', {
            message: 'transaction.gas_price is required.',
            details: { field: 'transaction.gas_price' },
          })
        if (t.chain_id !== EVM_CHAIN_ID)
          throw denied(`KIS signs for chain ${EVM_CHAIN_ID} only, not ${t.chain_id}.`, 'transaction.chain_id')
        const gasPrice = BigInt(t.gas_price)
        if (gasPrice < EVM_GAS_PRICE_WEI)
          throw denied(`gas_price must be at least ${EVM_GAS_PRICE_WEI} wei.`, 'transaction.gas_price')
        activeKey(request.key_id, 'evm', caller)
        const raw = await store.withPrivateKey(request.key_id, (privateKey) =>
          privateKeyToAccount(bytesToHex(privateKey)).signTransaction({
            type: 'legacy',
            chainId: EVM_CHAIN_ID,
            nonce: t.nonce,
            gas: BigInt(t.gas),
            gasPrice,
            ...(t.to === undefined ? {} : { to: t.to as `0x${string}` }),
            ...(t.value === undefined ? {} : { value: BigInt(t.value) }),
            ...(t.data === undefined ? {} : { data: t.data as `0x${string}` }),
          }),
        )
        const hash = keccak256(raw)
        return { body: { raw_signed_tx: raw, hash }, audit: { transaction_hash: hash, nonce: t.nonce, to: t.to } }
      },
    },
    'POST /sign-native': {
      role: 'signer',
      async handle(body, caller, ctx) {
        const request = parse(schemas.signNative, body)
        ctx.key_id = request.key_id
        const chainId = await antelopeChainId()
        if (request.chain_id.toLowerCase() !== chainId)
          throw new KisNodeError('PERMISSION_DENIED', {
            message: `KIS signs for Antelope chain ${chainId} only.`,
            details: { field: 'chain_id' },
          })
        let transaction: Transaction
        try {
          transaction = Transaction.from(request.transaction as never)
          // Round-trip through the binary form: a transaction that does not serialize is not signed.
          transaction = Transaction.from(transaction.toJSON())
        } catch (error) {
          throw new KisNodeError('INVALID_FIELD', {
            message: 'transaction is not an Antelope transaction (JSON form, action data as hex).',
            details: { field: 'transaction' },
            cause: error,
          })
        }
        activeKey(request.key_id, 'native', caller)
        const digest = transaction.signingDigest(Checksum256.from(chainId))
        const signed = await store.withPrivateKey(request.key_id, (privateKey) => {
          const key = antelopeKey(privateKey)
          return { signature: key.signDigest(digest).toString(), public_key: key.toPublic().toString() }
        })
        return {
          body: { ...signed, digest: digest.hexString },
          audit: { transaction_id: transaction.id.hexString, digest: digest.hexString },
        }
      },
    },
    'POST /rotate': {
      role: 'signer',
      async handle(body, caller, ctx) {
        const request = parse(schemas.rotate, body)
        ctx.key_id = request.key_id
        const current = visibleKey(request.key_id, caller)
        if (current === undefined)
          throw new KisNodeError('NOT_FOUND', { message: `No key ${request.key_id}.`, details: { field: 'key_id' } })
        activeKey(request.key_id, current.kind, caller)
        const rpcUrl = request.evm_rpc_url ?? options.evmRpcUrl
        const url = request.antelope_url ?? options.antelopeUrl
        if (current.kind === 'evm' && rpcUrl === undefined)
          throw new KisNodeError('INVALID_FIELD', {
            message: 'evm_rpc_url is required: KIS has no default EVM RPC to sweep balances with.',
            details: { field: 'evm_rpc_url' },
          })
        if (current.kind === 'native' && (url === undefined || request.account === undefined))
          throw new KisNodeError('INVALID_FIELD', {
            message: 'Rotating a native key needs account (and antelope_url when KIS has no default).',
            details: { field: request.account === undefined ? 'account' : 'antelope_url' },
          })
        if (rotating.has(request.key_id))
          throw new KisNodeError('UNAVAILABLE', {
            message: `Key ${request.key_id} is being rotated; retry when that rotation has finished.`,
            retryable: true,
            retryAfterMs: 1000,
          })
        rotating.add(request.key_id)
        try {
          return await rotate(request, current)
        } finally {
          rotating.delete(request.key_id)
        }
      },
    },
    'POST /admin/import': {
      role: 'admin',
      async handle(body) {
        const request = parse(schemas.adminImport, body)
        if (request.owner !== undefined && callers.get(request.owner)?.role !== 'signer')
          throw new KisNodeError('INVALID_FIELD', {
            message: 'owner must be the ID of a configured signing caller.',
            details: { field: 'owner' },
          })
        const key = { ...parseImportedKey(request.kind, request.private_key, request.label), owner: request.owner }
        try {
          const record = store.insert(key)
          return { status: 201, body: wireKey(record), audit: { key_id: record.id, kind: record.kind } }
        } finally {
          key.privateKey.fill(0)
        }
      },
    },
  }

  const getKey: Route = {
    role: 'any',
    async handle(_body, caller, ctx) {
      const id = ctx.key_id as string
      const record = visibleKey(id, caller)
      if (record === undefined)
        throw new KisNodeError('NOT_FOUND', { message: `No key ${id.slice(0, 64)}.`, details: { field: 'key_id' } })
      return { body: wireKey(record) }
    },
  }

  // Requests whose body was not read to the end: the connection closes after the answer.
  const closeAfter = new WeakSet<IncomingMessage>()
  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (closeAfter.has(res.req)) res.setHeader('connection', 'close')
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    res.end(JSON.stringify(body))
  }

  const readBody = async (req: IncomingMessage): Promise<Buffer> => {
    const declared = Number(req.headers['content-length'] ?? 0)
    const tooLarge = () =>
      new KisNodeError('FRAME_TOO_LARGE', {
        message: `Request body over ${maxBodyBytes} bytes.`,
        details: { limit: String(maxBodyBytes) },
      })
    if (declared > maxBodyBytes) {
      closeAfter.add(req)
      throw tooLarge()
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > maxBodyBytes) {
        closeAfter.add(req)
        throw tooLarge()
      }
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? 'GET'
    const target = req.url ?? '/'
    const pathname = target.split('?')[0] ?? '/'
    if (method === 'GET' && pathname === '/healthz') return health.liveness(req, res)
    if (method === 'GET' && pathname === '/readyz') return health.readiness(req, res)
    if (method === 'GET' && pathname === '/metrics') return metrics.handler(req, res)

    const keyMatch = method === 'GET' ? /^\/keys\/([^/]+)$/.exec(pathname) : null
    const endpoint = keyMatch ? 'GET /keys/:id' : `${method} ${pathname}`
    const ctx: Partial<AuditRecord> = {}
    if (keyMatch) ctx.key_id = safeDecode(keyMatch[1] ?? '').slice(0, 64)
    const claimed = typeof req.headers['x-kis-key-id'] === 'string' ? req.headers['x-kis-key-id'].slice(0, 64) : '-'
    let caller: AuthenticatedCaller | undefined
    const finish = (status: number, outcome: string, body: unknown) => {
      audit.write({
        time: new Date().toISOString(),
        caller: caller?.id ?? `unauthenticated:${claimed}`,
        endpoint,
        outcome,
        remote: req.socket.remoteAddress,
        ...ctx,
      })
      requests.inc({ endpoint: routes[endpoint] || keyMatch ? endpoint : 'unknown', outcome })
      log.info({ caller: caller?.id ?? null, endpoint, status, outcome, keyId: ctx.key_id }, 'kis request')
      send(res, status, body)
    }
    try {
      const body = await readBody(req)
      caller = authenticate({
        headers: req.headers,
        method,
        path: target,
        body,
        callers,
        windowS,
        nowS: nowS(),
        accept: (signature, expiresAt) => store.acceptSignature(signature, expiresAt, nowS()),
      })
      if (options.bindTlsCaller) {
        const socket = req.socket as TLSSocket
        const cn = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate().subject?.CN : undefined
        if (cn !== caller.id) {
          const claimedId = caller.id
          caller = undefined
          throw new KisNodeError('UNAUTHENTICATED', {
            message: `The client certificate is not the one of caller ${claimedId}.`,
          })
        }
      }
      const route = keyMatch ? getKey : routes[endpoint]
      if (route === undefined) throw new KisNodeError('NOT_FOUND', { message: `No endpoint ${endpoint}.` })
      if (route.role !== 'any' && route.role !== caller.role)
        throw new KisNodeError('PERMISSION_DENIED', {
          message:
            route.role === 'admin'
              ? `${endpoint} needs the separate admin credential [NP-KEY-027].`
              : `The admin credential may only import keys; ${endpoint} needs a signing credential.`,
          details: { requirement: 'NP-KEY-027' },
        })
      let parsed: unknown
      if (method === 'POST') {
        try {
          parsed = JSON.parse(body.toString('utf8'))
        } catch (error) {
          throw new KisNodeError('MALFORMED_FRAME', { message: 'The body is not valid JSON.', cause: error })
        }
      }
      const rid =
        method === 'POST'
          ? (parsed as { request_id?: unknown } | null)?.request_id
          : new URLSearchParams(target.split('?')[1] ?? '').get('request_id')
      if (typeof rid === 'string') ctx.request_id = rid.slice(0, 64)
      const result = await route.handle(parsed, caller, ctx)
      Object.assign(ctx, result.audit)
      finish(result.status ?? 200, 'ok', result.body)
    } catch (error) {
      if (!(error instanceof ProtocolError) || error.code === 'INTERNAL')
        log.error({ err: error, endpoint }, 'request failed inside KIS')
      const { status, code, body } = toHttpError(error)
      finish(status, code, body)
    }
  }

  return {
    http: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        log.error({ err: error }, 'request failed')
        if (!res.headersSent) send(res, 500, toHttpError(error).body)
      })
    },
    health,
  }
}
