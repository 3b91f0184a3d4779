import type { Role } from './case.ts'

/**
 * Which role's suite answers for a requirement: {@link requirementRoleOverrides} first, else by ID prefix (longest
 * matching prefix wins). `coverage` uses it to
 * decide which uncovered MUSTs fail `--fail-on-uncovered-must`: only those of roles that already have a suite.
 * A requirement is *covered* when any case of any role cites it; this table only assigns responsibility.
 * Requirements matching no prefix belong to the role `unassigned` (reported, never failing).
 * Edit this table (and conformance/README.md) when the spec adds an ID family.
 */
export const requirementRoleTable: readonly { prefix: string; role: Role; why: string }[] = [
  { prefix: 'NP-CODEC-', role: 'codec', why: 'the codec rules of NODE_PROTOCOL.md' },
  { prefix: 'NP-ERR-', role: 'coordinator', why: 'error framing, connection handling and HTTP errors of live nodes' },
  { prefix: 'NP-VER-', role: 'coordinator', why: 'versioning of live endpoints (codec-level ones are listed below)' },
  {
    prefix: 'NP-WIRE-',
    role: 'coordinator',
    why: 'connection, ordering, keepalive, back-pressure: a live coordinator',
  },
  { prefix: 'NP-JOIN-', role: 'coordinator', why: 'node_join handshake' },
  { prefix: 'NP-HB-', role: 'coordinator', why: 'heartbeats' },
  { prefix: 'NP-TURN-', role: 'coordinator', why: 'turn dispatch and streaming' },
  { prefix: 'NP-PRES-', role: 'coordinator', why: 'presence' },
  { prefix: 'NP-TOOL-', role: 'coordinator', why: 'tool routing' },
  { prefix: 'NP-JOB-', role: 'coordinator', why: 'jobs' },
  { prefix: 'NP-ROUTE-', role: 'coordinator', why: 'turn routing by state and tier' },
  { prefix: 'NP-STATE-', role: 'coordinator', why: 'state levels used by routing' },
  { prefix: 'NP-TIER-', role: 'coordinator', why: 'tier ladder used by routing' },
  { prefix: 'NP-ROLE-', role: 'coordinator', why: 'roles enforced at join' },
  { prefix: 'NP-MAN-', role: 'coordinator', why: 'capability manifest validation at join' },
  { prefix: 'NP-MEM-', role: 'coordinator', why: 'op log storage, ordering, merge and catch-up' },
  { prefix: 'NP-SCOPE-', role: 'coordinator', why: 'scope enforcement when ops are relayed' },
  { prefix: 'NP-PRIV-', role: 'client', why: 'private-scope encryption happens on the devices' },
  {
    prefix: 'NP-AGENT-',
    role: 'client',
    why: 'agent hosts and client nodes: turns, preferences, tasks, consent (spec/AGENT.md)',
  },
  { prefix: 'NP-CAP-', role: 'client', why: 'capability catalogue, tool arguments and outputs (spec/AGENT.md §4)' },
  { prefix: 'NP-KEY-', role: 'client', why: 'key epochs and rotation on the devices' },
  { prefix: 'NP-KEY-02', role: 'kis', why: 'the key issuing service (spec/AUTH.md §9): HMAC callers, signing policy' },
  { prefix: 'NP-KEY-03', role: 'kis', why: 'the key issuing service (spec/AUTH.md §9): native signing, rotation' },
  { prefix: 'NP-AUTH-', role: 'identity', why: 'nonce challenge, JWT' },
  { prefix: 'NP-PAIR-', role: 'identity', why: 'device pairing' },
  { prefix: 'NP-RPC-', role: 'peer', why: 'peer-RPC (spec/PEER_RPC.md): transport, allowlist, control and data plane' },
  { prefix: 'NP-ROUTER-', role: 'router', why: 'SpaceRouter HTTP API' },
  {
    prefix: 'NP-GPU-',
    role: 'gpu',
    why: "the GPU provider's serving API, receipts and on-chain duties (spec/GPU_PROVIDER.md)",
  },
  { prefix: 'NP-CHAIN-', role: 'chain', why: 'chain surface' },
  { prefix: 'NP-TOKEN-', role: 'chain', why: 'the SPACE token on eosio.token, observable through the chain API' },
  { prefix: 'NP-PROV-', role: 'chain', why: 'spaceos.prov, observable through the chain API' },
  { prefix: 'NP-BRDG-', role: 'chain', why: 'the native ↔ EVM bridge, observable on both chain endpoints' },
  { prefix: 'NP-EVM-', role: 'chain', why: 'the EVM and its tx-wrapper JSON-RPC' },
]

/**
 * Requirements outside NP-CODEC that are properties of a single message (decodable, sized, well-formed, signed),
 * so the codec suite answers for them; this list wins over the prefix table.
 */
export const requirementRoleOverrides: Readonly<Record<string, Role>> = Object.fromEntries([
  ...[
    ...['010', '011', '012', '013', '014', '020', '025', '043'].map((n) => `NP-WIRE-${n}`),
    ...['002', '003', '004', '005', '006', '007', '008', '010'].map((n) => `NP-VER-${n}`),
    ...['001', '010', '011', '012', '013', '014', '015', '016', '017', '018', '024', '027'].map((n) => `NP-MEM-${n}`),
    // The op and payload formats of spec/MEMORY.md §2.1, §4, §5: checked by the memory-op and payload vectors.
    ...['005', '019', '028', '029', '034', '060', '061', '062', '063', '064', '065', '068', '070'].map(
      (n) => `NP-MEM-${n}`,
    ),
    'NP-SCOPE-001',
    ...['002', '012', '020', '021', '023'].map((n) => `NP-PRIV-${n}`),
  ].map((id) => [id, 'codec']),
  // spec/AUTH.md rules whose subject is the device/client, not identity: the client suite answers for them.
  ...[
    ...['050', '053', '071', '085', '023', '024', '115', '119'].map((n) => `NP-AUTH-${n}`),
    ...['020', '021', '025', '026', '027', '029', '032'].map((n) => `NP-PAIR-${n}`),
  ].map((id) => [id, 'client']),
  // spec/MEMORY.md rules whose subject is the node holding a replica, not the coordinator: building memory (merge
  // vectors already cite them through the codec suite), node-side acceptance, pending ops, sync and scopes.
  ...[
    ...['003', '004', '006', '007', '008', '009', '040', '041', '042', '043', '044', '045', '046', '047', '048'].map(
      (n) => `NP-MEM-${n}`,
    ),
    ...['049', '053', '054', '055', '056', '057', '058', '066', '067', '069', '071', '072', '104', '105'].map(
      (n) => `NP-MEM-${n}`,
    ),
    ...['030', '031', '032', '035', '036', '110', '114', '115', '116', '117', '118', '119'].map((n) => `NP-MEM-${n}`),
    ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'].map((n) => `NP-MEM-${n}`),
    ...['002', '004', '007', '012', '013', '014', '015', '016', '017', '018'].map((n) => `NP-SCOPE-${n}`),
    ...['030', '031', '032', '033', '034'].map((n) => `NP-SCOPE-${n}`),
  ].map((id) => [id, 'client']),
  // "Other services MUST stop accepting a revoked device …", "a service other than identity MUST refuse a token of
  // another audience", "a service takes its audience from its configured URL": the services that serve devices.
  ...['NP-AUTH-055', 'NP-AUTH-083', 'NP-AUTH-114', 'NP-AUTH-116'].map((id) => [id, 'coordinator']),
  // Chain-surface rules the chain suite does not drive: 2^62-unit amounts are beyond any test account; the emission
  // budget (only minters record mints) needs a role the suite does not use;
  // "a vault never liquidates" has no call to observe; compiler version and NatSpec are properties of the Solidity
  // sources. Their own tests prove them (contracts/antelope in VeRT, contracts/evm in Foundry); reported under
  // `contracts`, never failing.
  ...[
    'NP-BRDG-032',
    ...['022', '023'].map((n) => `NP-CHAIN-${n}`),
    ...['005', '022', '031'].map((n) => `NP-EVM-${n}`),
  ].map((id) => [id, 'contracts']),
  // "SDKs MUST send legacy transactions …": a rule of the client libraries.
  ['NP-EVM-006', 'client'],
  // Identity rules that are not observable over the wire (constant-time comparison, holding no key able to open the
  // sealed secret): checked by review of an implementation, never failing coverage.
  ...['NP-PAIR-008', 'NP-PAIR-028'].map((id) => [id, 'not-observable']),
  // Wallet provisioning rules a client cannot trigger over the wire (KIS or the chain failing, an account of the native
  // name held by other keys, identity signing nothing itself, a KIS rotation): e2e/test/identity/wallets.test.ts and
  // proxyRotation.test.ts check them against a real KIS and devnet; a review checks other implementations.
  ...['NP-AUTH-105', 'NP-AUTH-106', 'NP-AUTH-107', 'NP-AUTH-109'].map((id) => [id, 'not-observable']),
  // KIS rules not observable over the wire: envelope encryption at rest (NP-KEY-020), the audit log (NP-KEY-028) and
  // refusing to start on a wrong master secret (NP-KEY-032). The reference node's own tests check them
  // (reference-nodes/kis/test); a review checks other implementations.
  ...['NP-KEY-020', 'NP-KEY-028', 'NP-KEY-032'].map((id) => [id, 'not-observable']),
  // "A KIS client SHOULD make every request unique with a random request_id": a rule of KIS callers (the SDK).
  ['NP-KEY-029', 'client'],
  // GPU provider and router rules no black box can observe: prompt logging and retention at the provider, key custody
  // on the GPU host, what a router keeps in its logs. Reviewed, never failing.
  ...['NP-GPU-033', 'NP-GPU-053', 'NP-ROUTER-012'].map((id) => [id, 'not-observable']),
])

/** The role responsible for a requirement ID, or `unassigned`. */
export function roleOfRequirement(id: string): Role {
  const override = requirementRoleOverrides[id]
  if (override !== undefined) return override
  let best: { prefix: string; role: Role } | undefined
  for (const entry of requirementRoleTable) {
    if (id.startsWith(entry.prefix) && (!best || entry.prefix.length > best.prefix.length)) best = entry
  }
  return best?.role ?? 'unassigned'
}
