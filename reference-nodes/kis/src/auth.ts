import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { kisSigningString } from '@spaceos/kis'
import { KisNodeError } from './errors.ts'

/** A configured caller: its ID (the `X-KIS-Key-Id` value), shared secret and role. */
export type Caller = { id: string; secret: string; role: 'signer' | 'admin' }

/** The authenticated caller of a request. */
export type AuthenticatedCaller = { id: string; role: Caller['role'] }

const unauthenticated = (message: string) => new KisNodeError('UNAUTHENTICATED', { message })
const unknownCallerKey = randomBytes(32)

/**
 * Checks a request's HMAC headers [NP-KEY-023], timestamp window [NP-KEY-024] and replay [NP-KEY-025]. Order: headers
 * present → caller known → timestamp inside the window → signature valid → signature not seen before. Only a valid
 * signature is remembered, so garbage cannot fill the replay table.
 */
export function authenticate(parameters: {
  headers: IncomingHttpHeaders
  method: string
  path: string
  body: Buffer
  callers: ReadonlyMap<string, Caller>
  windowS: number
  nowS: number
  /** Records the signature; false when it was already accepted. */
  accept: (signature: string, expiresAt: number) => boolean
}): AuthenticatedCaller {
  const header = (name: string) => {
    const value = parameters.headers[name]
    return typeof value === 'string' ? value : undefined
  }
  const callerId = header('x-kis-key-id')
  const timestamp = header('x-kis-timestamp')
  const signature = header('x-kis-signature')
  if (callerId === undefined || timestamp === undefined || signature === undefined)
    throw unauthenticated('X-KIS-Key-Id, X-KIS-Timestamp and X-KIS-Signature are required.')
  const caller = parameters.callers.get(callerId)
  if (caller === undefined) {
    // Same work as for a known caller, so the answer's timing does not tell which caller IDs exist.
    createHmac('sha256', unknownCallerKey).update(parameters.body).digest()
    throw unauthenticated('Unknown caller or bad signature.')
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw unauthenticated('X-KIS-Timestamp must be Unix seconds.')
  const ts = Number(timestamp)
  if (Math.abs(parameters.nowS - ts) > parameters.windowS)
    throw new KisNodeError('UNAUTHENTICATED', {
      message: `X-KIS-Timestamp is more than ${parameters.windowS} s from KIS's clock; sign each request right before sending it.`,
      details: { limit: String(parameters.windowS) },
    })
  const expected = createHmac('sha256', caller.secret)
    .update(kisSigningString({ method: parameters.method, path: parameters.path, body: parameters.body }, ts))
    .digest()
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0)
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw unauthenticated('Unknown caller or bad signature.')
  if (!parameters.accept(`${caller.id}:${signature.toLowerCase()}`, ts + parameters.windowS))
    throw new KisNodeError('REPLAYED', { message: 'This request signature was already accepted; sign a new request.' })
  return { id: caller.id, role: caller.role }
}

/**
 * Parses `id=secret,id2=secret2` (the `SPACEOS_KIS_CALLERS` / `SPACEOS_KIS_ADMIN_CALLERS` form). Secrets are at
 * least 32 characters; IDs are `[A-Za-z0-9._-]{1,64}`.
 */
export function parseCallers(text: string, role: Caller['role']): Caller[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=')
      const id = entry.slice(0, at)
      const secret = entry.slice(at + 1)
      if (at <= 0 || !/^[A-Za-z0-9._-]{1,64}$/.test(id))
        throw new Error(`caller entry must be id=secret with id in [A-Za-z0-9._-]{1,64} (got an entry for "${id}")`)
      if (secret.length < 32) throw new Error(`the secret of caller "${id}" is shorter than 32 characters`)
      return { id, secret, role }
    })
}
