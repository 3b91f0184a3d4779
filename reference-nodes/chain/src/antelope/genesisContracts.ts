/**
 * Genesis bootstrap of the system contracts: the state the real network's genesis leaves them in, applied by the
 * contracts' own actions (the real WASM decides; nothing is written into tables directly).
 *
 * Sequence (each step is what the contract demands, see the `check`s quoted):
 * 1. `spaceos.dao::regparam` for every `governable` parameter of spec/parameters.yaml with its min/max/default
 *    (ECONOMICS §6.3, [NP-DAO-020]); the owner contract is the one whose `setparam` applies it (spec/DECISIONS.md
 *    "Parameter registry"). Auth `spaceos.dao`, only before `seal` ("dao: parameter registry is sealed").
 * 2. `spaceos.dao::setcouncil(spaceos.cncl)`: the treasury council (§12.1), an account whose `active` is
 *    `DAO_COUNCIL_MULTISIG_THRESHOLD` of `DAO_COUNCIL_SIZE` generated keys ("dao: council account does not exist").
 * 3. `spaceos.dao::seal`: the registry is frozen for good.
 * 4. `spaceos.emit::addminter(spaceos.prov)` ("emit: minter not registered" otherwise on every `gpuminflate`).
 * 5. One transaction with `spaceos.emit::init` and `spaceos.prov::gpuminflate`: emit's budget and prov's inflation
 *    clock both start at this block's time on the same supply, which is what emit's `Budget` comment requires for the
 *    two to agree to the unit (prov's first `gpuminflate` only starts its clock, it mints nothing).
 * 6. `spaceos.vest::init(eosio)`: the allocation authority (the genesis key on the devnet; a multisig on the real
 *    network). The contract derives each §9.3 allocation's cap (`ALLOC_*_BPS` of `SPACE_MAX_SUPPLY`) itself on the
 *    first `addsched`; it has no action that registers an allocation without a schedule, and the schedules need
 *    beneficiaries the devnet does not have, so none is created.
 * `spaceos.dao@eosio.code` on `spaceos.tsry@active` (v2 treasury spends) is granted by the devnet's genesis
 * (devChain/genesis.ts) with the other code permissions.
 */
import * as G from '@greymass/eosio'
import type { Blockchain } from '@proton/vert'
import {
  ACCOUNT_DAO,
  ACCOUNT_EMISSION,
  ACCOUNT_ORACLE,
  ACCOUNT_PROVIDERS,
  ACCOUNT_VESTING,
  DAO_COUNCIL_MULTISIG_THRESHOLD,
  DAO_COUNCIL_SIZE,
  PARAMETERS,
} from '@spaceos/generated/parameters'

/** The treasury council account created at genesis (§12.1). */
export const ACCOUNT_COUNCIL = 'spaceos.cncl'

/** spaceos.prov's `setparam` keys (contracts/antelope/src/spaceos.prov). */
const PROV_PARAM_KEYS = new Set([
  'EPOCH_LENGTH_S',
  'PROVIDER_UNSTAKE_DELAY_S',
  'TIER_BASIC_STAKE',
  'TIER_PRO_STAKE',
  'TIER_ENTERPRISE_STAKE',
  'DOWNTIME_MISSED_HEARTBEAT_BPS',
  'DOWNTIME_SLASH_BPS',
  'BAD_PROOF_SLASH_BPS',
])

/** One row of the DAO's governable-parameter registry as `regparam` takes it. */
export type GovernableParam = { key: string; contract: string; min: number; max: number; value: number }

/**
 * Every governable parameter with its bounds, default and owner contract: prov's `setparam` keys → spaceos.prov,
 * ORACLE_MIN_STAKE → spaceos.orcl, the rest recorded by spaceos.dao itself (spec/DECISIONS.md "Parameter registry").
 */
export function governableParams(): GovernableParam[] {
  const out: GovernableParam[] = []
  for (const [key, meta] of Object.entries(PARAMETERS) as [string, Record<string, unknown>][]) {
    if (meta.governable !== true) continue
    const contract = PROV_PARAM_KEYS.has(key)
      ? ACCOUNT_PROVIDERS
      : key === 'ORACLE_MIN_STAKE'
        ? ACCOUNT_ORACLE
        : ACCOUNT_DAO
    out.push({ key, contract, min: Number(meta.min), max: Number(meta.max), value: Number(meta.value) })
  }
  return out
}

/** The council's `active`: `DAO_COUNCIL_MULTISIG_THRESHOLD` of the `DAO_COUNCIL_SIZE` member keys. */
export function councilAuthority(publicKeys: readonly string[]) {
  if (publicKeys.length !== DAO_COUNCIL_SIZE) throw new Error(`the council has ${DAO_COUNCIL_SIZE} member keys`)
  const keys = [...publicKeys].map((key) => ({ key, weight: 1 }))
  const authority = G.Authority.from({ threshold: DAO_COUNCIL_MULTISIG_THRESHOLD, keys, accounts: [], waits: [] })
  authority.sort()
  return authority
}

type Act = { account: string; name: string; data: Record<string, unknown>; actor: string }

/** Applies `acts` as one VeRT transaction (all or nothing), each authorised by its `actor@active`. */
async function transact(bc: Blockchain, acts: Act[]) {
  const actions = acts.map(({ account, name, data, actor }) => {
    const abi = bc.getAccount(G.Name.from(account))?.abi
    if (!abi) throw new Error(`genesis: ${account} has no contract`)
    return G.Action.from({
      account,
      name,
      authorization: [{ actor, permission: 'active' }],
      data: G.Serializer.encode({ object: data, type: name, abi }),
    })
  })
  await bc.applyTransaction(
    G.Transaction.from({ expiration: 0, ref_block_num: 0, ref_block_prefix: 0, actions }) as never,
  )
}

/**
 * Runs the genesis bootstrap (see the module comment) on a chain that has the system contracts deployed, SPACE
 * created and the council account `spaceos.cncl` created. Deterministic for a given chain time, so a restart that
 * rebuilds genesis reaches the same state.
 */
export async function bootstrapSystemContracts(bc: Blockchain, after: () => void = () => {}) {
  const run = async (acts: Act[]) => {
    await transact(bc, acts)
    after()
  }
  for (const p of governableParams()) {
    await run([{ account: ACCOUNT_DAO, name: 'regparam', data: p, actor: ACCOUNT_DAO }])
  }
  await run([{ account: ACCOUNT_DAO, name: 'setcouncil', data: { council: ACCOUNT_COUNCIL }, actor: ACCOUNT_DAO }])
  await run([{ account: ACCOUNT_DAO, name: 'seal', data: {}, actor: ACCOUNT_DAO }])
  await run([
    { account: ACCOUNT_EMISSION, name: 'addminter', data: { account: ACCOUNT_PROVIDERS }, actor: ACCOUNT_EMISSION },
  ])
  await run([
    { account: ACCOUNT_EMISSION, name: 'init', data: {}, actor: ACCOUNT_EMISSION },
    { account: ACCOUNT_PROVIDERS, name: 'gpuminflate', data: {}, actor: ACCOUNT_PROVIDERS },
  ])
  await run([{ account: ACCOUNT_VESTING, name: 'init', data: { authority: 'eosio' }, actor: ACCOUNT_VESTING }])
}
