import type { KisClient } from '@spaceos/kis'

/**
 * What the identity node needs from KIS (spec/AUTH.md §9): create a key inside KIS and have KIS sign an Antelope
 * transaction digest. Private keys never cross this boundary [NP-KEY-021]; the node only ever sees key IDs, public
 * keys, addresses and signatures.
 */
export type WalletCustody = {
  /** Creates an EVM key inside KIS and returns its ID and address. */
  createEvmKey(): Promise<{ keyId: string; address: string }>
  /** The address KIS answers today for an EVM key ID (a KIS `/rotate` swaps the key and address under the same ID). */
  getEvmAddress(keyId: string): Promise<string>
  /** Creates a native (Antelope K1) key inside KIS and returns its ID and public key (`PUB_K1_…`). */
  createNativeKey(): Promise<{ keyId: string; publicKey: string }>
  /**
   * Signs an Antelope transaction (its JSON form) for `chainId` (hex) with a native key; KIS computes the signing
   * digest itself, so it never signs for another chain. Returns `SIG_K1_…`.
   */
  signNativeTransaction(input: {
    keyId: string
    chainId: string
    transaction: Record<string, unknown>
  }): Promise<string>
}

/** The account that pays for and authorises `newaccount`, with its active key held in KIS. */
export type NativeCreator = {
  /** Antelope account name, e.g. `eosio` on the devnet. */
  account: string
  /** Permission to sign with; default `active`. */
  permission?: string
  /** KIS key ID of that permission's key. */
  keyId: string
}

/**
 * The {@link WalletCustody} of a `@spaceos/kis` client: keys are labelled with the account they serve (audit only).
 *
 * @example
 * import { createKisClient } from '@spaceos/kis'
 * import { createKisCustody } from '@spaceos/identity-node'
 * const custody = createKisCustody(createKisClient({ url: 'http://127.0.0.1:8091', callerId: 'identity', secret }))
 */
export function createKisCustody(kis: KisClient): WalletCustody {
  return {
    async createEvmKey() {
      const key = await kis.createKey({ kind: 'evm', label: 'identity:proxy' })
      if (key.address === undefined) throw new Error(`KIS answered an evm key without an address (${key.keyId})`)
      return { keyId: key.keyId, address: key.address }
    },
    async getEvmAddress(keyId) {
      const key = await kis.getKey(keyId)
      if (key.address === undefined) throw new Error(`KIS key ${keyId} is not an evm key`)
      return key.address
    },
    async createNativeKey() {
      const key = await kis.createKey({ kind: 'native', label: 'identity:native' })
      return { keyId: key.keyId, publicKey: key.publicKey }
    },
    async signNativeTransaction({ keyId, chainId, transaction }) {
      return (await kis.signNative({ keyId, chainId, transaction })).signature
    },
  }
}
