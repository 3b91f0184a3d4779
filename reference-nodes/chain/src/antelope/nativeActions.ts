import * as G from '@greymass/eosio'
import type { Blockchain } from '@proton/vert'
import { eosioNativeAbi } from '@spaceos/antelope'
import { NodeosApiError } from './nodeosError.ts'
import { cacheContractModule } from './vertPatches.ts'

/** The ABI of nodeos' native actions on `eosio` (served by `get_abi("eosio")`, used to decode them). */
export const NATIVE_ABI = G.ABI.from(eosioNativeAbi as unknown as G.ABIDef)

/** Names of the native actions. */
export const NATIVE_ACTIONS = new Set(NATIVE_ABI.actions.map((a) => String(a.name)))

/** linkauth table: `account:code:type` (type '' = every action of code) → required permission. */
export type PermissionLinks = Map<string, string>

const fail = (message: string) => new NodeosApiError('action', message)

/**
 * The minimum permission of `actor` for `code::type` (nodeos' linkauth lookup; `active` when nothing is linked).
 *
 * @example
 * minimumPermission(links, 'alice', 'spaceos.prov', 'gpuheartbeat') // 'hb' after linkauth, else 'active'
 */
export function minimumPermission(links: PermissionLinks, actor: string, code: string, type: string): string {
  return links.get(`${actor}:${code}:${type}`) ?? links.get(`${actor}:${code}:`) ?? 'active'
}

/** Whether permission `declared` of `actor` is `required` or one of its ancestors (owner satisfies everything). */
export function satisfiesMinimum(bc: Blockchain, actor: string, declared: string, required: string): boolean {
  const perms = bc.getAccount(G.Name.from(actor))?.permissions ?? []
  let current: string | undefined = required
  for (let depth = 0; current && depth < 16; depth++) {
    if (current === declared) return true
    const name: string = current
    current = perms.find((p) => p.perm_name.equals(name))?.parent.toString() || undefined
  }
  return false
}

/**
 * Applies one native action to the accounts held next to VeRT and returns how to undo it (the transaction may fail
 * later). `declared` are the authorisations the action declares, already verified against the signatures.
 */
export function applyNativeAction(bc: Blockchain, links: PermissionLinks, action: G.Action): () => void {
  const name = String(action.name)
  const data = G.Serializer.objectify(
    G.Serializer.decode({ data: action.data, type: name, abi: NATIVE_ABI }),
  ) as Record<string, unknown>
  const declared = action.authorization.map((a) => ({ actor: String(a.actor), permission: String(a.permission) }))
  const requireAuth = (actor: string, owner = false) => {
    if (
      !declared.some((a) => a.actor === actor && (a.permission === 'owner' || (!owner && a.permission === 'active')))
    ) {
      throw new NodeosApiError('missingAuth', `missing authority of ${actor}${owner ? '@owner' : ''}`)
    }
  }
  const accountOf = (n: string) => {
    const acc = bc.getAccount(G.Name.from(n))
    if (!acc) throw fail(`account ${n} does not exist`)
    return acc
  }
  const perm = (perm_name: string, parent: string, auth: unknown) =>
    G.API.v1.AccountPermission.from({ perm_name, parent, required_auth: G.Authority.from(auth as G.AuthorityType) })
  switch (name) {
    case 'newaccount': {
      const {
        creator,
        name: account,
        owner,
        active,
      } = data as { creator: string; name: string; owner: unknown; active: unknown }
      requireAuth(creator)
      if (bc.getAccount(G.Name.from(account)))
        throw fail(`Cannot create account named ${account}, as that name is already taken`)
      if (account.includes('.') && creator !== 'eosio' && !account.endsWith(`.${creator}`)) {
        throw fail(`only ${account.split('.').pop()} may create ${account}`)
      }
      bc.createAccount({ name: account, permissions: [perm('owner', '', owner), perm('active', 'owner', active)] })
      return () => {
        delete bc.accounts[account]
      }
    }
    case 'updateauth': {
      const { account, permission, parent, auth } = data as unknown as {
        account: string
        permission: string
        parent: string
        auth: unknown
      }
      requireAuth(account, permission === 'owner')
      const acc = accountOf(account)
      if (permission !== 'owner' && !acc.permissions.some((p) => p.perm_name.equals(parent)))
        throw fail(`parent permission ${parent} does not exist`)
      const before = acc.permissions
      const existing = before.find((p) => p.perm_name.equals(permission))
      const next = perm(permission, permission === 'owner' ? '' : parent, auth)
      if (existing) {
        // Keep eosio.code grants of contract accounts' active permission unless the new authority sets its own.
        acc.permissions = before.map((p) => (p === existing ? next : p))
      } else {
        acc.permissions = [...before, next]
      }
      return () => {
        acc.permissions = before
      }
    }
    case 'deleteauth': {
      const { account, permission } = data as unknown as { account: string; permission: string }
      requireAuth(account)
      if (permission === 'owner' || permission === 'active') throw fail(`Cannot delete ${permission} permission`)
      const acc = accountOf(account)
      if ([...links.values()].includes(permission)) throw fail(`Cannot delete a linked permission; unlinkauth first`)
      const before = acc.permissions
      acc.permissions = before.filter((p) => !p.perm_name.equals(permission))
      return () => {
        acc.permissions = before
      }
    }
    case 'linkauth':
    case 'unlinkauth': {
      const { account, code, type, requirement } = data as unknown as {
        account: string
        code: string
        type: string
        requirement?: string
      }
      requireAuth(account)
      const key = `${account}:${code}:${type}`
      const before = links.get(key)
      if (name === 'linkauth') {
        if (!accountOf(account).permissions.some((p) => p.perm_name.equals(requirement as string)))
          throw fail(`permission ${requirement} does not exist`)
        links.set(key, requirement as string)
      } else {
        if (before === undefined) throw fail(`no link for ${code}::${type} to remove`)
        links.delete(key)
      }
      return () => {
        if (before === undefined) links.delete(key)
        else links.set(key, before)
      }
    }
    case 'setcode':
    case 'setabi': {
      const account = String(data.account)
      requireAuth(account)
      const acc = accountOf(account)
      const { wasm, abi } = acc
      if (name === 'setcode') {
        const code = G.Bytes.from(data.code as string, 'hex').array
        cacheContractModule(code)
        if (abi) acc.setContract(abi, code)
        else acc.wasm = code
      } else {
        // VeRT builds its own ABI object (its @greymass/eosio copy): hand it plain JSON, not another copy's instance.
        const newAbi = G.Serializer.objectify(
          G.Serializer.decode({ data: G.Bytes.from(data.abi as string, 'hex'), type: G.ABI }),
        ) as never
        if (wasm) acc.setContract(newAbi, wasm)
        else acc.abi = G.ABI.from(newAbi)
      }
      return () => {
        if (wasm && abi) acc.setContract(abi, wasm)
        else {
          acc.wasm = wasm as Uint8Array
          acc.abi = abi as G.ABI
        }
      }
    }
    default:
      throw fail(`unknown native action ${name}`)
  }
}
