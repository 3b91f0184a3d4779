import { createHash } from 'node:crypto'
import * as G from '@greymass/eosio'
import { Checksum256, Signature } from '@wharfkit/antelope'
import { minimumPermission, satisfiesMinimum } from '../nativeActions.ts'
import { NodeosApiError } from '../nodeosError.ts'
import { recoverKey } from '../recoverKey.ts'
import type { DevChainContext } from './context.ts'

/** sha256 of the (empty) context-free data that ends every signing digest. */
const ZERO_CONTEXT_FREE = new Uint8Array(32)

// Public keys as text (their legacy form hashes with RIPEMD-160 on every call): permission keys cached per key object,
// recovered keys per key type and point (bounded: cleared when it grows past 4096 entries).
const keyTexts = new WeakMap<object, string>()
const keyText = (key: object) => {
  let text = keyTexts.get(key)
  if (text === undefined) {
    text = String(key)
    keyTexts.set(key, text)
  }
  return text
}
const recoveredTexts = new Map<string, string>()
const recoveredText = (key: ReturnType<typeof recoverKey>) => {
  const point = `${key.type}:${Buffer.from(key.data.array).toString('hex')}`
  let text = recoveredTexts.get(point)
  if (text === undefined) {
    if (recoveredTexts.size >= 4096) recoveredTexts.clear()
    text = key.toString()
    recoveredTexts.set(point, text)
  }
  return text
}

/**
 * Whether the recovered keys satisfy `actor@permission` (weights against its threshold, through account permissions
 * at most 4 deep; an `eosio.code` grant is no signature). Marks the keys it used in `used`.
 */
function satisfied(
  context: DevChainContext,
  actor: string,
  permission: string,
  recovered: Set<string>,
  used: Set<string>,
  depth = 0,
): boolean {
  if (depth > 4) return false
  const account = context.bc.getAccount(G.Name.from(actor))
  const perm = account?.permissions.find((p) => p.perm_name.equals(permission))
  if (!perm) return false
  let weight = 0
  for (const k of perm.required_auth.keys) {
    const text = keyText(k.key)
    if (!recovered.has(text)) continue
    weight += Number(k.weight)
    used.add(text)
  }
  for (const a of perm.required_auth.accounts) {
    if (String(a.permission.permission) === 'eosio.code') continue
    if (satisfied(context, String(a.permission.actor), String(a.permission.permission), recovered, used, depth + 1))
      weight += Number(a.weight)
  }
  return weight >= Number(perm.required_auth.threshold)
}

/**
 * The signature checks of nodeos [NP-CHAIN-034]: every signature recovers a key over the signing digest (chain id,
 * packed transaction, empty context-free data); every declared authority is satisfied by those keys and is at least
 * the permission linkauth requires for its action; no signature is irrelevant.
 *
 * @example
 * checkAuthorizations(context, trx, packed, ['SIG_K1_…'])
 */
export function checkAuthorizations(
  context: DevChainContext,
  trx: G.Transaction,
  packed: Uint8Array,
  signatures: readonly string[],
): void {
  const digest = Checksum256.from(
    createHash('sha256').update(context.chainIdBytes).update(packed).update(ZERO_CONTEXT_FREE).digest(),
  )
  const recovered = new Set<string>()
  const used = new Set<string>()
  for (const s of signatures) {
    try {
      recovered.add(recoveredText(recoverKey(Signature.from(s), digest)))
    } catch {
      throw new NodeosApiError('unsatisfied', `signature ${s.slice(0, 16)}… cannot be parsed or recovered`)
    }
  }
  for (const action of trx.actions) {
    if (action.authorization.length === 0) {
      throw new NodeosApiError(
        'noAuths',
        `transaction must have at least one authorization: action ${action.account}::${action.name} declares none`,
      )
    }
    for (const auth of action.authorization) {
      if (!satisfied(context, String(auth.actor), String(auth.permission), recovered, used)) {
        throw new NodeosApiError(
          'unsatisfied',
          `transaction declares authority '{"actor":"${auth.actor}","permission":"${auth.permission}"}', but does not have signatures for it.`,
        )
      }
    }
    for (const auth of action.authorization) {
      // linkauth: a custom permission only authorises the actions linked to it (or to one of its children).
      const required = minimumPermission(context.links, String(auth.actor), String(action.account), String(action.name))
      if (!satisfiesMinimum(context.bc, String(auth.actor), String(auth.permission), required)) {
        throw new NodeosApiError(
          'unsatisfied',
          `action declares irrelevant authority '{"actor":"${auth.actor}","permission":"${auth.permission}"}'; minimum required authority is ${required}`,
        )
      }
    }
  }
  const irrelevant = [...recovered].filter((k) => !used.has(k))
  if (irrelevant.length > 0) {
    throw new NodeosApiError(
      'irrelevant',
      `transaction bears irrelevant signatures from these keys: ${JSON.stringify(irrelevant)}`,
    )
  }
}
