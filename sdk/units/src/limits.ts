/** Largest amount of an Antelope asset: `2^62 − 1` (eosio `asset::max_amount`). */
export const ASSET_MAX_AMOUNT = (1n << 62n) - 1n

/** Largest uint256, the range of an ERC-20 amount. */
export const UINT256_MAX = (1n << 256n) - 1n
