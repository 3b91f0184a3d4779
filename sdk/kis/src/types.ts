/** `evm`: a secp256k1 key with an EVM address (the proxy wallet); `native`: an Antelope K1 key (the native account). */
export type KisKeyKind = 'evm' | 'native'

/** A key as KIS describes it: never the private key [NP-KEY-021]. */
export type KisKey = {
  /** Stable ID; after a rotation it resolves to the new key. */
  keyId: string
  kind: KisKeyKind
  /** `evm`: uncompressed secp256k1 public key `0x04…`; `native`: `PUB_K1_…`. */
  publicKey: string
  /** `evm` only: the checksummed address. */
  address?: `0x${string}`
  label?: string
  /** The signing caller that may use the key (its creator, or the import's `owner`); absent: every signing caller. */
  owner?: string
  /** `active`, or `retired` for the previous key of a rotation (kept for audit, signs nothing). */
  status: 'active' | 'retired'
  /** `created` (inside KIS) or `imported` (through `/admin/import`). */
  origin: 'created' | 'imported'
  /** ISO 8601. */
  createdAt: string
}

/**
 * An EVM transaction for `/sign-evm`. KIS signs only legacy (type 0) transactions for chain `EVM_CHAIN_ID` with
 * `gasPrice ≥ EVM_GAS_PRICE_WEI` [NP-KEY-022]; anything else (a `type` other than legacy, EIP-1559 fee fields) is
 * refused with `PERMISSION_DENIED`.
 */
export type KisEvmTransaction = {
  to?: `0x${string}`
  value?: bigint
  data?: `0x${string}`
  nonce: number
  gas: bigint
  gasPrice: bigint
  chainId: number
  /** Omit or `legacy`; other values are sent as given and refused. */
  type?: 'legacy' | 'eip2930' | 'eip1559' | 'eip4844' | 'eip7702'
  maxFeePerGas?: bigint
  maxPriorityFeePerGas?: bigint
}

/**
 * An Antelope transaction in its JSON form (action `data` as serialized hex), as `Transaction.from` of
 * `@wharfkit/antelope` reads it; a wharfkit `Transaction` object works too (it serializes through `toJSON`).
 */
export type KisAntelopeTransaction = Record<string, unknown> | { toJSON(): unknown }

/** One transfer made by a rotation's sweep. */
export type KisSweep = {
  /** `native` (SPACE on the EVM) or the ERC-20 contract address. */
  asset: 'native' | `0x${string}`
  /** Base units moved, as a decimal string. */
  amount: string
  /** EVM transaction hash. */
  transactionHash: `0x${string}`
}

/** What `/rotate` answers. */
export type KisRotation = {
  /** The key ID the caller holds; it now resolves to the new key. */
  keyId: string
  /** ID under which the previous key is kept, `retired` (signs nothing). */
  oldKeyId: string
  /** Equals `keyId`: the new key took over the ID. */
  newKeyId: string
  kind: KisKeyKind
  publicKey: string
  address?: `0x${string}`
  previousPublicKey: string
  previousAddress?: `0x${string}`
  /** Transfers from the old address to the new one (EVM keys). */
  swept: KisSweep[]
  /** Native keys: ID of the `updateauth` transaction that moved the account to the new key. */
  updateAuthTransactionId?: string
}
