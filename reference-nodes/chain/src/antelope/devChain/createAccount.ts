import { existsSync, readFileSync } from 'node:fs'
import * as G from '@greymass/eosio'
import type { Blockchain } from '@proton/vert'
import type { PrivateKey } from '@wharfkit/antelope'
import { NodeosApiError } from '../nodeosError.ts'
import { cacheContractModule } from '../vertPatches.ts'

const keyAuthority = (publicKey: string) =>
  G.Authority.from({ threshold: 1, keys: [{ key: publicKey, weight: 1 }], accounts: [], waits: [] })

/**
 * Creates account `name` whose `owner` and `active` are `key`, with the compiled contract `<artifactsDir>/<contract>`
 * deployed on it when one is named.
 *
 * @example
 * createAccount(bc, artifactsDir, 'eosio.token', genesisKey, 'eosio.token')
 */
export function createAccount(
  bc: Blockchain,
  artifactsDir: string,
  name: string,
  key: PrivateKey,
  contract?: string,
): ReturnType<Blockchain['createAccount']> {
  const publicKey = key.toPublic().toString()
  const permissions = [
    G.API.v1.AccountPermission.from({ perm_name: 'owner', parent: '', required_auth: keyAuthority(publicKey) }),
    G.API.v1.AccountPermission.from({ perm_name: 'active', parent: 'owner', required_auth: keyAuthority(publicKey) }),
  ]
  if (!contract) return bc.createAccount({ name, permissions })
  const wasm = `${artifactsDir}/${contract}.wasm`
  if (!existsSync(wasm)) {
    throw new NodeosApiError(
      'unknownContract',
      `${wasm} is missing: compile the contracts first (npm run build -w @spaceos/contracts-antelope)`,
    )
  }
  const bytes = readFileSync(wasm)
  cacheContractModule(bytes) // [vertPatches 1] compiled once, not before every transaction
  return bc.createAccount({
    name,
    permissions,
    wasm: bytes,
    abi: readFileSync(`${artifactsDir}/${contract}.abi`, 'utf8'),
    enableInline: true,
  })
}

/** `code@eosio.code` may act as `account@active` in inline actions (the devnet's `updateauth`). */
export function grantCode(bc: Blockchain, account: string, code: string): void {
  const active = bc.getAccount(G.Name.from(account))?.permissions.find((p) => p.perm_name.equals('active'))
  active?.required_auth.accounts.push(
    G.PermissionLevelWeight.from({ weight: 1, permission: { actor: code, permission: 'eosio.code' } }),
  )
  active?.required_auth.sort()
}
