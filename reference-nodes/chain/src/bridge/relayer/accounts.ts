/** The native account holding the bridge authority on `eosio.evm`, `spaceos.brdg` and `spaceos.prov` (devnet). */
export const ACCOUNT_RELAYER = 'spaceos.rly'
