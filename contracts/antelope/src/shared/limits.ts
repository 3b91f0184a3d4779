/**
 * Limits shared by the SPACE OS contracts that are Antelope conventions rather than white-paper numbers (those come from
 * generated/assemblyscript/parameters.ts).
 */

/** eosio.token's memo limit: 256 bytes of UTF-8. */
export const MEMO_MAX_BYTES: i32 = 256
