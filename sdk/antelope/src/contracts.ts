import { systemContractClasses } from '@spaceos/generated/antelope/index'
import type { APIClient } from '@wharfkit/antelope'

type Classes = typeof systemContractClasses

/** One typed client per SPACE OS system contract, keyed by role (`token`, `providers`, `dao`, `bridge` …). */
export type SystemContracts = { [Role in keyof Classes]: InstanceType<Classes[Role]> }

/**
 * A typed client for every SPACE OS system contract with a committed ABI, at its default account. Each has
 * `actions.<name>(data, authorization)` and `tables.<name>(query)`, generated from `abi/antelope/<account>.abi`.
 *
 * @example
 * import { APIClient } from '@wharfkit/antelope'
 * import { systemContracts } from '@spaceos/antelope'
 * const { providers } = systemContracts(new APIClient({ url: 'http://127.0.0.1:8888' }))
 * const { rows } = await providers.tables.gpuresource()
 */
export function systemContracts(client?: APIClient): SystemContracts {
  const options = client ? { client } : {}
  return Object.fromEntries(
    Object.entries(systemContractClasses).map(([role, Contract]) => [role, new Contract(options)]),
  ) as SystemContracts
}

export * from '@spaceos/generated/antelope/index'
