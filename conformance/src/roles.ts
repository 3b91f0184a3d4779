import type { Role } from './case.ts'

/**
 * Which role's suite answers for a requirement, by ID prefix (longest matching prefix wins). `coverage` uses it to
 * decide which uncovered MUSTs fail `--fail-on-uncovered-must`: only those of roles that already have a suite.
 * A requirement is *covered* when any case of any role cites it; this table only assigns responsibility.
 * Requirements matching no prefix belong to the role `unassigned` (reported, never failing).
 * Edit this table (and conformance/README.md) when the spec adds an ID family.
 */
export const requirementRoleTable: readonly { prefix: string; role: Role; why: string }[] = [
  { prefix: 'NP-CODEC-', role: 'codec', why: 'envelope encoding/decoding rules of both subprotocols' },
  { prefix: 'NP-ERR-', role: 'codec', why: 'error-code table: which code a malformed input yields' },
  { prefix: 'NP-WIRE-', role: 'coordinator', why: 'connection, auth, ordering, keepalive: a live coordinator' },
  { prefix: 'NP-MEM-', role: 'coordinator', why: 'op log ordering/merge/catchup is served by the coordinator' },
  { prefix: 'NP-ROLE-', role: 'coordinator', why: 'roles, manifests and routing are enforced at join' },
  { prefix: 'NP-CAP-', role: 'coordinator', why: 'capability manifest validation at join' },
  { prefix: 'NP-TIER-', role: 'coordinator', why: 'tier ladder used by routing' },
  { prefix: 'NP-JOIN-', role: 'coordinator', why: 'node_join handshake' },
  { prefix: 'NP-AUTH-', role: 'identity', why: 'nonce challenge, JWT, device pairing' },
  { prefix: 'NP-ID-', role: 'identity', why: 'identity service' },
  { prefix: 'NP-PAIR-', role: 'identity', why: 'device pairing' },
  { prefix: 'NP-PEER-', role: 'peer', why: 'peer-RPC control and data plane' },
  { prefix: 'NP-ROUTER-', role: 'router', why: 'SpaceRouter HTTP API' },
  { prefix: 'NP-CHAIN-', role: 'chain', why: 'chain surface' },
]

/** The role responsible for a requirement ID, or `unassigned`. */
export function roleOfRequirement(id: string): Role {
  let best: { prefix: string; role: Role } | undefined
  for (const entry of requirementRoleTable) {
    if (id.startsWith(entry.prefix) && (!best || entry.prefix.length > best.prefix.length)) best = entry
  }
  return best?.role ?? 'unassigned'
}
