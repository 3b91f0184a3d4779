import { EosioTokenContract } from '@spaceos/generated/antelope/eosio.token'
import { SpaceosEmitContract } from '@spaceos/generated/antelope/spaceos.emit'
import type { APIClient } from '@wharfkit/antelope'

/**
 * A typed client for every SPACE OS system contract, at its default account. Each has `actions.<name>(data, auth)`
 * and `tables.<name>(query)` generated from the committed ABI in `abi/antelope/`.
 */
export function systemContracts(client?: APIClient) {
  const options = client ? { client } : {}
  return {
    token: new EosioTokenContract(options),
    emission: new SpaceosEmitContract(options),
  }
}

export type SystemContracts = ReturnType<typeof systemContracts>

export { EosioTokenContract, SpaceosEmitContract }
