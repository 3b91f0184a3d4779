import type { Logger } from '@spaceos/node-kit'
import type { AuditRecord } from './audit.ts'
import type { AuthenticatedCaller, Caller } from './auth.ts'
import { KisNodeError } from './errors.ts'
import type { KeyRecord, KeyStore } from './keyStore.ts'

/** Everything a KIS handler needs. */
export type KisContext = {
  store: KeyStore
  log: Logger
  /** Configured callers by ID. */
  callers: ReadonlyMap<string, Caller>
  /** Default EVM JSON-RPC URL for rotation sweeps. */
  evmRpcUrl: string | undefined
  /** Default Antelope HTTP API URL for native rotations and the chain ID. */
  antelopeUrl: string | undefined
  /** ERC-20 contracts every EVM rotation sweeps. */
  sweepTokens: readonly `0x${string}`[]
  /** The Antelope chain ID `/sign-native` signs for (configured, else the `get_info` of `antelopeUrl`, cached). */
  antelopeChainId: () => Promise<string>
  /** Keys being rotated now (a second rotation of the same key waits). */
  rotating: Set<string>
}

/** A handler's answer: the JSON body (status 200 unless set) and what the audit line records besides the outcome. */
export type KisResult = { status?: number; body: unknown; audit?: Partial<AuditRecord> }

/** One KIS endpoint: who may call it, and its handler over the parsed JSON body. */
export type KisRoute = {
  role: Caller['role'] | 'any'
  handle: (
    context: KisContext,
    body: unknown,
    caller: AuthenticatedCaller,
    audit: Partial<AuditRecord>,
  ) => Promise<KisResult>
}

/** Creates the context's chain-ID lookup: the configured ID, else `get_info` of the chain API, asked once. */
export function antelopeChainIdOf(configured: string | undefined, antelopeUrl: string | undefined) {
  let cached = configured?.toLowerCase()
  return async (): Promise<string> => {
    if (cached !== undefined) return cached
    if (antelopeUrl === undefined)
      throw new KisNodeError('UNAVAILABLE', { message: 'KIS has no Antelope chain configured for /sign-native.' })
    try {
      const res = await fetch(`${antelopeUrl.replace(/\/$/, '')}/v1/chain/get_info`, { method: 'POST' })
      const info = (await res.json()) as { chain_id?: string }
      if (typeof info.chain_id !== 'string') throw new Error('no chain_id')
      cached = info.chain_id.toLowerCase()
      return cached
    } catch (error) {
      throw new KisNodeError('UNAVAILABLE', { message: 'The Antelope API did not give its chain ID.', cause: error })
    }
  }
}

/** The key if this caller may use it [NP-KEY-033]: its owner, or every signing caller for an ownerless import. */
export function visibleKey(context: KisContext, id: string, caller: AuthenticatedCaller): KeyRecord | undefined {
  const record = /^kis_[0-9a-f]{40}$/.test(id) ? context.store.get(id) : undefined
  if (record === undefined) return undefined
  if (caller.role === 'signer' && record.owner !== undefined && record.owner !== caller.id) return undefined
  return record
}

/** The caller's active key of the wanted kind, or the error that says why it cannot sign. */
export function activeKey(
  context: KisContext,
  id: string,
  want: KeyRecord['kind'],
  caller: AuthenticatedCaller,
): KeyRecord {
  const record = visibleKey(context, id, caller)
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

/** A signing-policy refusal [NP-KEY-022]. */
export const policyDenied = (message: string, field: string) =>
  new KisNodeError('PERMISSION_DENIED', { message, details: { field, requirement: 'NP-KEY-022' } })
