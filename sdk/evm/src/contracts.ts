import { bytecodes } from '@spaceos/generated/evm/bytecode'
import { abis, contractNames } from '@spaceos/generated/evm/contracts'
import { type Abi, type AbiItem, type Address, type Client, type GetContractReturnType, getContract } from 'viem'
import type { AddressBook } from './addressBook.ts'

export { abis, bytecodes, contractNames }

/** Name of a SPACE OS EVM contract (abi/evm/<name>.json). */
export type SpaceosContractName = (typeof contractNames)[number]

/** Contracts `deploy` deploys directly (the tokens are created by their factories). */
export type DeployedContractName = keyof AddressBook['contracts']

/** Every custom error (and event) of every SPACE OS contract, deduplicated: decodes reverts that bubble up from a callee. */
export const spaceosErrorsAbi: Abi = (() => {
  const seen = new Set<string>()
  const items: AbiItem[] = []
  for (const abi of Object.values(abis)) {
    for (const item of abi) {
      if (item.type !== 'error') continue
      const key = `${item.name}(${item.inputs.map((i) => i.type).join(',')})`
      if (seen.has(key)) continue
      seen.add(key)
      items.push(item)
    }
  }
  return items
})()

type Clients = Client | { public: Client; wallet?: Client }

/** Typed viem contract instances for every contract of an address book, plus the tokens. */
export type SpaceosContracts<clients extends Clients> = {
  [name in DeployedContractName]: GetContractReturnType<(typeof abis)[name], clients, Address>
} & {
  /** An ERC-20 created by a factory (USD.s, USDT.s …) or any `SpaceStablecoin`. */
  token: (address: Address) => GetContractReturnType<(typeof abis)['SpaceStablecoin'], clients, Address>
  /** A token created by SpaceRWAFactory. */
  rwaToken: (address: Address) => GetContractReturnType<(typeof abis)['SpaceRWAToken'], clients, Address>
}

/**
 * Typed read/write/event helpers for every deployed contract of an address book, on the generated `as const` ABIs:
 * `contracts.SpaceVault.read.maxBorrow([user, asset])`, `contracts.SpaceVault.write.borrow([asset, amount])`.
 * Pass a wallet client from `createSpaceosWalletClient` so writes are legacy transactions.
 *
 * @example
 * ```ts
 * import { getSpaceosContracts } from '@spaceos/evm'
 * import { loadAddressBook } from '@spaceos/evm/node'
 * const contracts = getSpaceosContracts({ public: publicClient, wallet }, await loadAddressBook('deployments/local.json'))
 * await contracts.SpaceVault.read.maxBorrow([user, book.tokens['USD.s']])
 * ```
 */
export function getSpaceosContracts<clients extends Clients>(
  client: clients,
  book: AddressBook,
): SpaceosContracts<clients> {
  const { contracts } = book
  return {
    FiatStablecoinFactory: getContract({
      abi: abis.FiatStablecoinFactory,
      address: contracts.FiatStablecoinFactory,
      client,
    }),
    BridgeTokenFactory: getContract({ abi: abis.BridgeTokenFactory, address: contracts.BridgeTokenFactory, client }),
    NativeBridge: getContract({ abi: abis.NativeBridge, address: contracts.NativeBridge, client }),
    InferenceSettlement: getContract({ abi: abis.InferenceSettlement, address: contracts.InferenceSettlement, client }),
    SpaceStaking: getContract({ abi: abis.SpaceStaking, address: contracts.SpaceStaking, client }),
    SpaceFaucet: getContract({ abi: abis.SpaceFaucet, address: contracts.SpaceFaucet, client }),
    SpaceProviderBond: getContract({ abi: abis.SpaceProviderBond, address: contracts.SpaceProviderBond, client }),
    SpaceIdentityRegistry: getContract({
      abi: abis.SpaceIdentityRegistry,
      address: contracts.SpaceIdentityRegistry,
      client,
    }),
    SpaceVault: getContract({ abi: abis.SpaceVault, address: contracts.SpaceVault, client }),
    SpaceInsurance: getContract({ abi: abis.SpaceInsurance, address: contracts.SpaceInsurance, client }),
    SpaceRWAFactory: getContract({ abi: abis.SpaceRWAFactory, address: contracts.SpaceRWAFactory, client }),
    token: (address) => getContract({ abi: abis.SpaceStablecoin, address, client }),
    rwaToken: (address) => getContract({ abi: abis.SpaceRWAToken, address, client }),
  }
}
