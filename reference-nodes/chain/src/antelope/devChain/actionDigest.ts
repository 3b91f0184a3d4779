import { createHash } from 'node:crypto'
import * as G from '@greymass/eosio'
import { nameToBigInt } from '@proton/vert'

/** The `act` of an action trace (nodeos' JSON shape). */
export type TraceAct = {
  account: string
  name: string
  authorization: { actor: string; permission: string }[]
  data: unknown
  hex_data: string
}

/**
 * The `act` of a trace (data decoded with `abi` when it can be, else `{}`) and its `act_digest`.
 *
 * @example
 * const { act, digest } = traceAct('eosio.token', 'transfer', [{ actor: 'alice', permission: 'active' }], data, abi)
 */
export function traceAct(
  account: unknown,
  name: unknown,
  authorization: readonly { actor: unknown; permission: unknown }[],
  data: Uint8Array,
  abi: G.ABI | undefined,
): { act: TraceAct; digest: string } {
  const act: TraceAct = {
    account: String(account),
    name: String(name),
    authorization: authorization.map((p) => ({ actor: String(p.actor), permission: String(p.permission) })),
    data: {},
    hex_data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('hex'),
  }
  try {
    if (abi) act.data = G.Serializer.objectify(G.Serializer.decode({ data, type: act.name, abi }))
  } catch {
    act.data = {}
  }
  return { act, digest: actionDigest(act, data) }
}

// u64 values of names, cached (a trace needs the account, action and authorisation names for its digest).
const nameValues = new Map<string, bigint>()
const nameValue = (name: string) => {
  let value = nameValues.get(name)
  if (value === undefined) {
    if (nameValues.size >= 4096) nameValues.clear()
    value = nameToBigInt(G.Name.from(name))
    nameValues.set(name, value)
  }
  return value
}

const varuint = (n: number) => {
  const bytes: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n > 0) b |= 0x80
    bytes.push(b)
  } while (n > 0)
  return Buffer.from(bytes)
}

const EMPTY_RETURN_VALUE = Buffer.from([0])

/**
 * nodeos' `act_digest` (action_return_value activated, as nodeos 3+): sha256 of sha256(packed account, name and
 * authorization) and sha256(packed data and the empty return value).
 */
function actionDigest(act: TraceAct, data: Uint8Array): string {
  const base = Buffer.alloc(16 + 16 * act.authorization.length)
  base.writeBigUInt64LE(nameValue(act.account), 0)
  base.writeBigUInt64LE(nameValue(act.name), 8)
  const count = varuint(act.authorization.length)
  let offset = 16
  for (const p of act.authorization) {
    base.writeBigUInt64LE(nameValue(p.actor), offset)
    base.writeBigUInt64LE(nameValue(p.permission), offset + 8)
    offset += 16
  }
  const left = createHash('sha256').update(base.subarray(0, 16)).update(count).update(base.subarray(16)).digest()
  const right = createHash('sha256').update(varuint(data.length)).update(data).update(EMPTY_RETURN_VALUE).digest()
  return createHash('sha256').update(left).update(right).digest('hex')
}
