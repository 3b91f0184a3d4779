import { CAPABILITY_NAME_MAX_LENGTH, ID_MAX_LENGTH, NODE_ID_MAX_LENGTH } from '@spaceos/generated/parameters'

/** Envelope ids and the ids of turns, calls, jobs and wakes: 1..ID_MAX_LENGTH of `[A-Za-z0-9_-]` [NP-WIRE-020]. */
export const idPattern = new RegExp(`^[A-Za-z0-9_-]{1,${ID_MAX_LENGTH}}$`)

/** Node ids: 1..NODE_ID_MAX_LENGTH of `[a-z0-9._-]`, first `[a-z0-9]` (e.g. `phone-abc123`) (NODE_PROTOCOL.md §4). */
export const nodeIdPattern = new RegExp(`^[a-z0-9][a-z0-9._-]{0,${NODE_ID_MAX_LENGTH - 1}}$`)

/** Device ids: 64 lowercase hex characters, the SHA-256 of the device's Ed25519 public key [NP-JOIN-021]. */
export const deviceIdPattern = /^[0-9a-f]{64}$/

/** Wallet addresses in a manifest: `0x` and 40 hex digits, any case (EIP-55 checksum optional). */
export const walletAddressPattern = /^0x[0-9a-fA-F]{40}$/

/** The account of a memory op: a wallet address in lowercase. */
export const accountPattern = /^0x[0-9a-f]{40}$/

/** Capability and tool names: dotted lowercase words, e.g. `infer.small`, `user.fetch`, `agent.turn` [NP-MAN-006]. */
export const capabilityNamePattern = new RegExp(
  `^(?=.{1,${CAPABILITY_NAME_MAX_LENGTH}}$)[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$`,
)

/** Memory op kinds: dotted lowercase words, e.g. `fact.set`, `pref.set` (at most CAPABILITY_NAME_MAX_LENGTH) [NP-MEM-001]. */
export const opKindPattern = new RegExp(`^(?=.{1,${CAPABILITY_NAME_MAX_LENGTH}}$)[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$`)

/** ISO 3166-1 alpha-2 country code of a geolocated scope. */
export const countryPattern = /^[A-Z]{2}$/

const encoder = new TextEncoder()

/** UTF-8 length of a string in bytes. */
export function utf8Length(text: string): number {
  // Buffer.byteLength is exact and avoids allocating.
  return typeof Buffer === 'undefined' ? encoder.encode(text).length : Buffer.byteLength(text, 'utf8')
}
