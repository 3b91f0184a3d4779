import { randomBytes } from 'node:crypto'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI } from '@spaceos/generated/parameters'
import { PublicKey } from '@wharfkit/antelope'
import { getAddress } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { CaseFailedError } from '../../case.ts'
import type { KisAnswer, KisClient, KisCredential, KisTls } from './client.ts'
import type { KnownKeys } from './leaks.ts'

/** What every KIS case gets. */
export type KisContext = {
  client: KisClient
  /** The signing caller credential (`--kis-caller id=secret`). */
  caller: KisCredential
  /** A second signing caller (`--kis-other-caller id=secret`); the key-ownership case skips without it. */
  otherCaller?: KisCredential
  /** The separate `/admin/import` credential (`--kis-admin id=secret`); the import-success checks skip without it. */
  admin?: KisCredential
  /** Hex Antelope chain ID the KIS signs native transactions for; the `/sign-native` case skips without it. */
  antelopeChainId?: string
  /** EVM JSON-RPC URL of chain `EVM_CHAIN_ID` for the rotation case; it skips without it. */
  evmRpcUrl?: string
  /** The TLS material the suite connects with (https targets). */
  tls: KisTls
  /** Public keys seen during the run: the leak scan looks for their private halves. */
  known: KnownKeys
}

export const role = 'kis'

export function expectCode(answer: KisAnswer, codes: string | readonly string[], what: string): void {
  const allowed = typeof codes === 'string' ? [codes] : codes
  const actual = answer.ok ? `ok (HTTP ${answer.status})` : answer.code
  if (!allowed.includes(actual)) {
    throw new CaseFailedError(what, { expected: `error ${allowed.join(' or ')}`, actual })
  }
}

export function expectOk(answer: KisAnswer, what: string): asserts answer is KisAnswer & { ok: true } {
  if (!answer.ok) {
    const message = (answer.body.error as { message?: unknown } | undefined)?.message
    throw new CaseFailedError(what, {
      expected: 'ok',
      actual: `error ${answer.code}${typeof message === 'string' ? `: ${message}` : ''}`,
    })
  }
}

/** A key as the suite checked it. */
export type SuiteKey = { keyId: string; kind: 'evm' | 'native'; publicKey: string; address?: `0x${string}` }

/** A fresh label, so no two requests of a run are byte-identical. */
export const label = (what: string) => `conformance-${what}-${randomBytes(4).toString('hex')}`

/**
 * Checks a key answer (`POST /keys`, `GET /keys/{id}`, `/admin/import`): a key ID and the public half only
 * [NP-KEY-021]; an `evm` key's address is the one its public key derives.
 */
export function checkKeyAnswer(body: Record<string, unknown>, kind: 'evm' | 'native', what: string): SuiteKey {
  const keyId = body.key_id
  const publicKey = body.public_key
  if (typeof keyId !== 'string' || keyId === '') {
    throw new CaseFailedError(`${what}: key_id`, { expected: 'a non-empty string', actual: JSON.stringify(keyId) })
  }
  if (body.kind !== undefined && body.kind !== kind) {
    throw new CaseFailedError(`${what}: kind`, { expected: kind, actual: JSON.stringify(body.kind) })
  }
  if (kind === 'evm') {
    if (typeof publicKey !== 'string' || !/^0x04[0-9a-fA-F]{128}$/.test(publicKey)) {
      throw new CaseFailedError(`${what}: public_key`, {
        expected: 'uncompressed secp256k1 0x04…',
        actual: JSON.stringify(publicKey),
      })
    }
    const derived = publicKeyToAddress(publicKey as `0x${string}`)
    const address = body.address
    if (typeof address !== 'string' || address !== derived) {
      throw new CaseFailedError(`${what}: address is the checksummed address of public_key`, {
        expected: derived,
        actual: JSON.stringify(address),
      })
    }
    return { keyId, kind, publicKey, address: getAddress(address) }
  }
  try {
    if (typeof publicKey !== 'string' || !publicKey.startsWith('PUB_K1_')) throw new Error('not PUB_K1_')
    PublicKey.from(publicKey)
  } catch {
    throw new CaseFailedError(`${what}: public_key`, {
      expected: 'an Antelope PUB_K1_… key',
      actual: JSON.stringify(publicKey),
    })
  }
  return { keyId, kind, publicKey: publicKey as string }
}

/** Creates a key through `POST /keys` with the signing credential and checks the answer. */
export async function createKey(context: KisContext, kind: 'evm' | 'native'): Promise<SuiteKey> {
  const answer = await context.client.request('POST', '/keys', { kind, label: label(kind) }, context.caller)
  expectOk(answer, `POST /keys (${kind}) with the signing credential must create a key`)
  return checkKeyAnswer(answer.body, kind, `POST /keys (${kind})`)
}

/** A legacy transaction for chain `EVM_CHAIN_ID` at the fixed gas price, in the wire form of `/sign-evm`. */
export function legacyTransaction(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    to: `0x${randomBytes(20).toString('hex')}`,
    value: String(BigInt(`0x${randomBytes(6).toString('hex')}`)),
    data: '0x',
    nonce: randomBytes(2).readUInt16BE(),
    gas: '21000',
    gas_price: EVM_GAS_PRICE_WEI.toString(),
    chain_id: EVM_CHAIN_ID,
    ...overrides,
  }
}
