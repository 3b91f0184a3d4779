import { getAddress, isAddress } from 'viem'
import { z } from 'zod'
import { AddressBookInvalidError } from './errors/base.ts'

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), 'not an EVM address')
  .transform((value) => getAddress(value))

/**
 * Schema of an address book: where one deployment of the SPACE OS contracts lives. JSON, consumed by other packages
 * (reference nodes, the CLI, apps). Version 1.
 */
export const addressBookSchema = z
  .object({
    version: z.literal(1),
    chainId: z.number().int().positive(),
    deployer: address,
    /** Block of the first deployment transaction (event scans start here). */
    startBlock: z.number().int().nonnegative(),
    contracts: z
      .object({
        FiatStablecoinFactory: address,
        BridgeTokenFactory: address,
        NativeBridge: address,
        InferenceSettlement: address,
        SpaceStaking: address,
        SpaceFaucet: address,
        SpaceProviderBond: address,
        SpaceIdentityRegistry: address,
        SpaceVault: address,
        SpaceInsurance: address,
        SpaceRWAFactory: address,
      })
      .strict(),
    tokens: z
      .object({ 'USD.s': address, 'EUR.s': address, 'GBP.s': address, 'USDT.s': address, 'USDC.s': address })
      .strict(),
    roles: z
      .object({
        admin: address,
        bridgeAuthority: address,
        treasurySigner: address,
        reconciler: address,
        reviewer: address,
        settler: address,
        treasury: address,
        oraclePool: address,
        verifier: address,
        feeRecipient: address,
      })
      .strict(),
  })
  .strict()

/** A validated address book (addresses checksummed). */
export type AddressBook = z.output<typeof addressBookSchema>

/** Symbol of a token the deployment creates. */
export type TokenSymbol = keyof AddressBook['tokens']

/**
 * Validates unknown JSON as an address book.
 *
 * @throws {AddressBookInvalidError} listing the first problems.
 * @example
 * ```ts
 * import { parseAddressBook } from '@spaceos/evm'
 * const book = parseAddressBook(JSON.parse(text))
 * ```
 */
export function parseAddressBook(value: unknown): AddressBook {
  const result = addressBookSchema.safeParse(value)
  if (!result.success) {
    const problem = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
    throw new AddressBookInvalidError({ problem, cause: result.error })
  }
  return result.data
}
