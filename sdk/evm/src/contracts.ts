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
  for (const abi of Object.values(abis) as readonly Abi[]) {
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
export function getSpaceosContracts<clients extends Clients>(client: clients, book: AddressBook) {
  const out: Record<string, unknown> = {}
  for (const [name, address] of Object.entries(book.contracts)) {
    out[name] = getContract({ abi: abis[name as DeployedContractName], address, client })
  }
  out.token = (address: Address) => getContract({ abi: abis.SpaceStablecoin, address, client })
  out.rwaToken = (address: Address) => getContract({ abi: abis.SpaceRWAToken, address, client })
  return out as SpaceosContracts<clients>
}
