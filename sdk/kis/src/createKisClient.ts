import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { KisError, kisErrorFromResponse } from './errors.ts'
import { signKisRequest } from './signKisRequest.ts'
import type { KisAntelopeTransaction, KisEvmTransaction, KisKey, KisKeyKind, KisRotation, KisSweep } from './types.ts'

/** A caller credential: the caller ID KIS knows and its shared HMAC secret. */
export type KisCredential = { callerId: string; secret: string | Uint8Array }

/** Options of {@link createKisClient}. */
export type KisClientOptions = KisCredential & {
  /** Base URL, e.g. `http://127.0.0.1:8091` or `https://kis.internal:8091`. */
  url: string
  /** Mutual TLS: the CA that signed KIS's certificate, and this caller's certificate and key (PEM). */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer }
  /** The separate credential `/admin/import` requires [NP-KEY-027]; default the main one (which KIS refuses). */
  admin?: KisCredential
  /** Per-request timeout; default 30 s (`rotate` waits at least 180 s: it waits for its sweep transactions). */
  timeoutMs?: number
}

/** A KIS client: every method signs its request (HMAC [NP-KEY-023]) and throws {@link KisError} on failure. */
export type KisClient = ReturnType<typeof createKisClient>

type WireKey = {
  key_id: string
  kind: KisKeyKind
  public_key: string
  address?: `0x${string}`
  label?: string
  owner?: string
  status: 'active' | 'retired'
  origin: 'created' | 'imported'
  created_at: string
}

const fromWireKey = (w: WireKey): KisKey => ({
  keyId: w.key_id,
  kind: w.kind,
  publicKey: w.public_key,
  ...(w.address === undefined ? {} : { address: w.address }),
  ...(w.label === undefined ? {} : { label: w.label }),
  ...(w.owner === undefined ? {} : { owner: w.owner }),
  status: w.status,
  origin: w.origin,
  createdAt: w.created_at,
})

const decimal = (v: bigint | undefined) => (v === undefined ? undefined : v.toString())

/**
 * A client of the key issuing service (spec/AUTH.md §9). KIS creates and holds the private keys; this client only
 * ever sees key IDs, public keys, addresses and signatures.
 *
 * @example
 * import { createKisClient } from '@spaceos/kis'
 * const kis = createKisClient({ url: 'http://127.0.0.1:8091', callerId: 'identity', secret: process.env.KIS_SECRET! })
 * const key = await kis.createKey({ kind: 'evm', label: 'proxy:0xabc…' })
 * const { rawSignedTransaction } = await kis.signEvm({
 *   keyId: key.keyId,
 *   transaction: { to: '0x…', value: 1n, nonce: 0, gas: 21_000n, gasPrice: 150_000_000_000n, chainId: 800_000 },
 * })
 */
export function createKisClient(options: KisClientOptions) {
  const base = new URL(options.url)
  const https = base.protocol === 'https:'
  const basePath = base.pathname.replace(/\/$/, '')
  const timeoutMs = options.timeoutMs ?? 30_000
  const tlsOptions: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer } = {}
  if (https && options.tls?.ca !== undefined) tlsOptions.ca = options.tls.ca
  if (https && options.tls?.cert !== undefined) tlsOptions.cert = options.tls.cert
  if (https && options.tls?.key !== undefined) tlsOptions.key = options.tls.key

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    payload?: Record<string, unknown>,
    credential?: KisCredential,
    timeout = timeoutMs,
  ) {
    // Every request is unique (`request_id`), so two equal calls in the same second do not share a signature
    // and the second is not refused as REPLAYED [NP-KEY-029].
    const requestId = randomUUID()
    const body = payload === undefined ? '' : JSON.stringify({ ...payload, request_id: requestId })
    const target = basePath + path + (payload === undefined ? `?request_id=${requestId}` : '')
    const cred = credential ?? options
    const headers: Record<string, string> = {
      ...signKisRequest({ method, path: target, body, callerId: cred.callerId, secret: cred.secret }),
      'content-length': String(Buffer.byteLength(body)),
    }
    if (payload !== undefined) headers['content-type'] = 'application/json'
    const send = https ? httpsRequest : httpRequest
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = send(
        {
          protocol: base.protocol,
          hostname: base.hostname.replace(/^\[|\]$/g, ''),
          ...(base.port === '' ? {} : { port: base.port }),
          path: target,
          method,
          headers,
          timeout,
          ...tlsOptions,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
          res.on('error', reject)
        },
      )
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeout} ms`)))
      req.on('error', (error) =>
        reject(new KisError({ code: 'TRANSPORT', message: `${method} ${target}: ${error.message}`, cause: error })),
      )
      req.end(body)
    })
    if (status >= 400) throw kisErrorFromResponse(status, text)
    try {
      return JSON.parse(text) as T
    } catch (error) {
      throw new KisError({ code: 'BAD_RESPONSE', status, message: `${method} ${target}: not JSON`, cause: error })
    }
  }

  return {
    /** Creates a key inside KIS; answers its ID and public half. */
    async createKey(parameters: { kind: KisKeyKind; label?: string }): Promise<KisKey> {
      return fromWireKey(await call<WireKey>('POST', '/keys', parameters))
    },
    /** Describes a key (also a `retired` one). `NOT_FOUND` for an unknown ID. */
    async getKey(keyId: string): Promise<KisKey> {
      return fromWireKey(await call<WireKey>('GET', `/keys/${encodeURIComponent(keyId)}`))
    },
    /** Signs a legacy EVM transaction [NP-KEY-022]; answers the raw signed transaction for `eth_sendRawTransaction`. */
    async signEvm(parameters: {
      keyId: string
      transaction: KisEvmTransaction
    }): Promise<{ rawSignedTransaction: `0x${string}`; hash: `0x${string}` }> {
      const t = parameters.transaction
      const wire = await call<{ raw_signed_tx: `0x${string}`; hash: `0x${string}` }>('POST', '/sign-evm', {
        key_id: parameters.keyId,
        transaction: {
          to: t.to,
          value: decimal(t.value),
          data: t.data,
          nonce: t.nonce,
          gas: decimal(t.gas),
          gas_price: decimal(t.gasPrice),
          chain_id: t.chainId,
          type: t.type,
          max_fee_per_gas: decimal(t.maxFeePerGas),
          max_priority_fee_per_gas: decimal(t.maxPriorityFeePerGas),
        },
      })
      return { rawSignedTransaction: wire.raw_signed_tx, hash: wire.hash }
    },
    /**
     * Signs an Antelope transaction with a `native` key for the chain KIS is configured for. KIS computes the signing
     * digest itself (chain ID ‖ packed transaction ‖ zero context hash), so it never signs for another chain; a
     * `chainId` other than its own is refused with `PERMISSION_DENIED`.
     */
    async signNative(parameters: {
      keyId: string
      /** Hex chain ID (64 hex digits); must be the one KIS is configured for. */
      chainId: string
      transaction: KisAntelopeTransaction
    }): Promise<{ signature: string; digest: string; publicKey: string }> {
      const wire = await call<{ signature: string; digest: string; public_key: string }>('POST', '/sign-native', {
        key_id: parameters.keyId,
        chain_id: parameters.chainId,
        transaction: parameters.transaction,
      })
      return { signature: wire.signature, digest: wire.digest, publicKey: wire.public_key }
    },
    /**
     * Rotates a key: a new key is created; for `evm` keys the listed ERC-20 balances and then the native SPACE balance
     * are swept from the old address to the new one with legacy transactions signed inside KIS; for `native` keys
     * `account`'s `owner` and `active` permissions are moved to the new key with `updateauth`. The key ID then
     * resolves to the new key and the old one is kept `retired` under `oldKeyId`.
     */
    async rotate(parameters: {
      keyId: string
      /** EVM JSON-RPC URL for the sweep; default KIS's configured one. */
      evmRpcUrl?: string
      /** Antelope HTTP API URL for `updateauth`; default KIS's configured one. */
      antelopeUrl?: string
      /** ERC-20 contracts whose balances are swept. */
      tokens?: `0x${string}`[]
      /** Native keys: the account whose permissions move to the new key. */
      account?: string
    }): Promise<KisRotation> {
      const w = await call<{
        key_id: string
        old_key_id: string
        new_key_id: string
        kind: KisKeyKind
        public_key: string
        address?: `0x${string}`
        previous_public_key: string
        previous_address?: `0x${string}`
        swept: { asset: KisSweep['asset']; amount: string; transaction_hash: `0x${string}` }[]
        update_auth_transaction_id?: string
      }>(
        'POST',
        '/rotate',
        {
          key_id: parameters.keyId,
          evm_rpc_url: parameters.evmRpcUrl,
          antelope_url: parameters.antelopeUrl,
          tokens: parameters.tokens,
          account: parameters.account,
        },
        undefined,
        Math.max(timeoutMs, 180_000),
      )
      return {
        keyId: w.key_id,
        oldKeyId: w.old_key_id,
        newKeyId: w.new_key_id,
        kind: w.kind,
        publicKey: w.public_key,
        ...(w.address === undefined ? {} : { address: w.address }),
        previousPublicKey: w.previous_public_key,
        ...(w.previous_address === undefined ? {} : { previousAddress: w.previous_address }),
        swept: w.swept.map((s) => ({ asset: s.asset, amount: s.amount, transactionHash: s.transaction_hash })),
        ...(w.update_auth_transaction_id === undefined
          ? {}
          : { updateAuthTransactionId: w.update_auth_transaction_id }),
      }
    },
    /**
     * Imports an existing private key (migrations) with the separate admin credential [NP-KEY-027]. The key travels
     * once, inward; KIS answers only its public half.
     */
    async adminImport(parameters: {
      kind: KisKeyKind
      /** `evm`: `0x` + 64 hex digits; `native`: `PVT_K1_…` or legacy WIF. */
      privateKey: string
      label?: string
      /** The signing caller that may use the key; omitted: every signing caller (e.g. a shared account creator). */
      owner?: string
    }): Promise<KisKey> {
      return fromWireKey(
        await call<WireKey>(
          'POST',
          '/admin/import',
          {
            kind: parameters.kind,
            private_key: parameters.privateKey,
            label: parameters.label,
            owner: parameters.owner,
          },
          options.admin,
        ),
      )
    },
  }
}
