import { mkdirSync, writeFileSync } from 'node:fs'
import * as G from '@greymass/eosio'
import { formatSpace } from '@spaceos/antelope'
import {
  ACCOUNT_BRIDGE,
  ACCOUNT_DAO,
  ACCOUNT_EMISSION,
  ACCOUNT_EVM,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_REWARDS,
  ACCOUNT_TOKEN,
  ACCOUNT_TREASURY,
  ACCOUNT_VESTING,
  DAO_COUNCIL_SIZE,
  SPACE_INITIAL_ISSUE,
  SPACE_MAX_SUPPLY,
} from '@spaceos/generated/parameters'
import { PrivateKey } from '@wharfkit/antelope'
import { ACCOUNT_COUNCIL, bootstrapSystemContracts, councilAuthority } from '../genesisContracts.ts'
import { NATIVE_ABI } from '../nativeActions.ts'
import { clearUndoLog } from '../vertPatches.ts'
import type { DevChainContext } from './context.ts'
import { createAccount, grantCode } from './createAccount.ts'
import { produceBlock } from './produceBlock.ts'
import type { SavedGenesis } from './stateFolder.ts'
import type { DevKey } from './types.ts'

/** The contracts deployed at genesis, each from its compiled artifact. */
export const GENESIS_CONTRACTS = [
  ACCOUNT_TOKEN,
  ACCOUNT_PROVIDERS,
  ACCOUNT_DAO,
  ACCOUNT_BRIDGE,
  ACCOUNT_VESTING,
  ACCOUNT_EMISSION,
  ACCOUNT_ORACLE,
] as const
/** System accounts without code. */
export const GENESIS_ACCOUNTS = ['eosio', ACCOUNT_EVM, ACCOUNT_REWARDS, ACCOUNT_TREASURY] as const

/** What {@link runGenesis} needs besides the context. */
export type RunGenesisOptions = {
  /** Folder with the compiled `<account>.wasm`/`.abi`. */
  artifactsDir: string
  /** Dev accounts to create (ignored on a restart: the saved ones are created). Default `alice`, `bob`, `carol`. */
  devAccounts: readonly string[] | undefined
  /** SPACE units each dev account receives. Default 1,000.0000 SPACE. */
  devBalance: number | undefined
  /** The saved `genesis.json` on a restart: same keys, same genesis. */
  saved: SavedGenesis | undefined
}

/** The generated keys of a genesis: local only. */
export type GenesisKeys = { keys: DevKey[]; councilKeys: PrivateKey[] }

/**
 * The genesis of the devnet chain: system accounts and contracts with the producer key, dev accounts with generated
 * keys (the saved ones on a restart), the code permissions, the genesis block, SPACE created with `SPACE_INITIAL_ISSUE`
 * issued to `eosio` and the dev accounts funded, then the system contracts' own bootstrap (genesisContracts.ts) with
 * the treasury council. The first time with a state folder, `genesis.json` keeps the genesis time and keys.
 *
 * @example
 * const { keys, councilKeys } = await runGenesis(context, { artifactsDir, devAccounts, devBalance, saved })
 */
export async function runGenesis(context: DevChainContext, options: RunGenesisOptions): Promise<GenesisKeys> {
  const { bc, producerKey } = context
  const { artifactsDir, saved } = options
  // --- accounts and keys (generated at start: local only) ---
  const keys: DevKey[] = []
  const savedKey = (account: string) => saved?.keys.find((k) => k.account === account)?.privateKey
  keys.push({ account: 'eosio', privateKey: producerKey.toString(), publicKey: producerKey.toPublic().toString() })
  for (const name of GENESIS_ACCOUNTS) createAccount(bc, artifactsDir, name, producerKey)
  const eosio = bc.getAccount(G.Name.from('eosio'))
  if (eosio) eosio.abi = NATIVE_ABI // get_abi("eosio") serves the native actions' ABI
  for (const name of GENESIS_CONTRACTS) createAccount(bc, artifactsDir, name, producerKey, name)
  const devAccounts = saved
    ? saved.keys.slice(1).map((k) => k.account)
    : (options.devAccounts ?? ['alice', 'bob', 'carol'])
  for (const name of devAccounts) {
    const key = PrivateKey.from(savedKey(name) ?? PrivateKey.generate('K1').toString())
    createAccount(bc, artifactsDir, name, key)
    keys.push({ account: name, privateKey: key.toString(), publicKey: key.toPublic().toString() })
  }
  grantCode(bc, 'eosio', ACCOUNT_PROVIDERS)
  grantCode(bc, ACCOUNT_REWARDS, ACCOUNT_PROVIDERS)
  grantCode(bc, ACCOUNT_TREASURY, ACCOUNT_DAO) // v2 treasury spends by the DAO (notes/antelope-gov-requests.md §13)

  produceBlock(context, context.genesisMs)

  // --- SPACE created and SPACE_INITIAL_ISSUE issued to eosio, dev accounts funded ---
  const genesisAction = async (account: string, action: string, data: Record<string, unknown>, actor: string) => {
    const act = bc.getAccount(G.Name.from(account))?.actions[action]
    if (!act) throw new Error(`genesis: ${account} has no action ${action}`)
    await act(data).send(`${actor}@active`)
    clearUndoLog(bc)
  }
  const maximum_supply = formatSpace(BigInt(SPACE_MAX_SUPPLY))
  await genesisAction(ACCOUNT_TOKEN, 'create', { issuer: 'eosio', maximum_supply }, ACCOUNT_TOKEN)
  const issued = formatSpace(BigInt(SPACE_INITIAL_ISSUE))
  await genesisAction(ACCOUNT_TOKEN, 'issue', { to: 'eosio', quantity: issued, memo: 'genesis' }, 'eosio')
  const quantity = formatSpace(BigInt(options.devBalance ?? 10_000_000))
  for (const { account } of keys.slice(1)) {
    await genesisAction(ACCOUNT_TOKEN, 'transfer', { from: 'eosio', to: account, quantity, memo: 'devnet' }, 'eosio')
  }

  // --- the system contracts' own bootstrap (genesisContracts.ts) ---
  const councilKeys = (saved?.councilKeys ?? Array.from({ length: DAO_COUNCIL_SIZE }, () => '')).map((k) =>
    PrivateKey.from(k || PrivateKey.generate('K1').toString()),
  )
  createAccount(bc, artifactsDir, ACCOUNT_COUNCIL, producerKey)
  const councilActive = bc
    .getAccount(G.Name.from(ACCOUNT_COUNCIL))
    ?.permissions.find((p) => p.perm_name.equals('active'))
  if (councilActive) {
    councilActive.required_auth = councilAuthority(councilKeys.map((k) => k.toPublic().toString())) as never
  }
  await bootstrapSystemContracts(bc, () => clearUndoLog(bc))

  const { dir } = context.state
  if (dir && !saved?.councilKeys) {
    mkdirSync(dir, { recursive: true })
    const councilSecrets = councilKeys.map((k) => k.toString())
    writeFileSync(
      context.state.file('genesis.json') as string,
      JSON.stringify({ genesisMs: context.genesisMs, keys, councilKeys: councilSecrets }, null, 2),
      { mode: 0o600 },
    )
  }
  return { keys, councilKeys }
}
