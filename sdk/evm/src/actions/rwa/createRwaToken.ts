import { type Address, parseEventLogs } from 'viem'
import { abis } from '../../contracts.ts'
import { execute, type SpaceosWalletClient } from '../execute.ts'

/** Asset classes of §10.3, in the token's enum order. */
export const rwaAssetClasses = { RealEstate: 0, Commodities: 1, Securities: 2, Art: 3 } as const

/** Parameters of {@link createRwaToken}. */
export type CreateRwaTokenParameters = {
  factory: Address
  name: string
  symbol: string
  /** Default 18. */
  decimals?: number
  assetClass: keyof typeof rwaAssetClasses
  /** ERC-20 dividends are paid in (e.g. USD.s). */
  dividendToken: Address
  admin: Address
  /** Executes forced transfers (court orders). */
  transferAgent: Address
}

/**
 * Deploys a compliant RWA token through SpaceRWAFactory (creator role, §10.3) and returns its address. Every transfer of
 * the token checks SpaceIdentityRegistry.
 *
 * @example
 * ```ts
 * import { createRwaToken } from '@spaceos/evm'
 * const { token } = await createRwaToken(admin, { factory, name: 'Villa', symbol: 'VILLA', assetClass: 'RealEstate', dividendToken, admin: a, transferAgent: a })
 * ```
 */
export async function createRwaToken(client: SpaceosWalletClient, parameters: CreateRwaTokenParameters) {
  const result = await execute(client, {
    address: parameters.factory,
    abi: abis.SpaceRWAFactory,
    functionName: 'createToken',
    args: [
      {
        name: parameters.name,
        symbol: parameters.symbol,
        decimals: parameters.decimals ?? 18,
        assetClass: rwaAssetClasses[parameters.assetClass],
        dividendToken: parameters.dividendToken,
        admin: parameters.admin,
        transferAgent: parameters.transferAgent,
      },
    ],
  })
  const [log] = parseEventLogs({ abi: abis.SpaceRWAFactory, eventName: 'RWATokenCreated', logs: result.receipt.logs })
  if (!log) throw new Error('createToken succeeded without an RWATokenCreated event')
  return { ...result, token: log.args.token }
}
