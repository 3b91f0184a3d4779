import { type Address, stringToHex } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient, type WriteReturnType } from '../execute.ts'

/** KYC levels of §10.3, in the registry's enum order. */
export const kycLevels = { None: 0, Retail: 1, Accredited: 2, Institutional: 3, Exempt: 4 } as const

/** A KYC level name. */
export type KycLevel = Exclude<keyof typeof kycLevels, 'None'>

/** Parameters of {@link setKycIdentity}. */
export type SetKycIdentityParameters = {
  registry: Address
  account: Address
  level: KycLevel
  /** ISO 3166-1 alpha-2 country code, e.g. `'VG'`. */
  country: string
  /** Unix seconds; the record is valid strictly before this time. */
  expiresAt: bigint
}

/**
 * Writes an investor's KYC status to SpaceIdentityRegistry (verifier only, §11.3).
 *
 * @example
 * ```ts
 * import { setKycIdentity } from '@spaceos/evm'
 * await setKycIdentity(verifier, { registry, account, level: 'Accredited', country: 'VG', expiresAt: 1_900_000_000n })
 * ```
 */
export function setKycIdentity(
  client: SpaceosWalletClient,
  { registry, account, level, country, expiresAt }: SetKycIdentityParameters,
): Promise<WriteReturnType> {
  return execute(client, {
    address: registry,
    abi: abis.SpaceIdentityRegistry,
    functionName: 'setIdentity',
    args: [account, kycLevels[level], stringToHex(country, { size: 2 }), expiresAt],
  })
}
