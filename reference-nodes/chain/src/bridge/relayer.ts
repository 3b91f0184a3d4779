// The bridge relayer's public surface; the relayer itself is split into one file per flow under relayer/.
export { ACCOUNT_RELAYER } from './relayer/accounts.ts'
export { createRelayer } from './relayer/createRelayer.ts'
export { depositIdOf, deviceIdOf, refundIdOf, verdictIdOf } from './relayer/ids.ts'
export { RelayerCrashError } from './relayer/relayerCrashError.ts'
export type { BridgeMessage, CreateRelayerOptions, Relayer } from './relayer/types.ts'
