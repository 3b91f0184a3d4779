import { create } from '@bufbuild/protobuf'
import { MANIFEST_MAX_CAPABILITIES, NODE_ID_MAX_LENGTH } from '@spaceos/generated/parameters'
import {
  type CapabilityManifest,
  CapabilityManifestSchema,
  type CapabilityScope,
  CapabilityScopeSchema,
  Platform,
  Role,
  ScopeKind,
  Tier,
} from '@spaceos/generated/proto/spaceos/node/v1/manifest_pb'
import { FrameTooLargeError, InvalidFieldError } from './errors.ts'
import { capabilityNamePattern, countryPattern, nodeIdPattern, walletAddressPattern } from './formats.ts'

/** Platform names as the white paper writes them (§3.2). */
export const platformNames = {
  android: Platform.ANDROID,
  ios: Platform.IOS,
  desktop: Platform.DESKTOP,
  web: Platform.WEB,
  headless: Platform.HEADLESS,
} as const satisfies Record<string, Platform>

/** Role names as the white paper writes them (§3.1). */
export const roleNames = {
  identity: Role.IDENTITY,
  client: Role.CLIENT,
  coordinator: Role.COORDINATOR,
  'inference.router': Role.INFERENCE_ROUTER,
  'inference.gpu': Role.INFERENCE_GPU,
  'compute.cpu': Role.COMPUTE_CPU,
  storage: Role.STORAGE,
  relay: Role.RELAY,
  'chain.node': Role.CHAIN_NODE,
  'chain.client': Role.CHAIN_CLIENT,
} as const satisfies Record<string, Role>

/** Tier names as the white paper writes them (§3.3). */
export const tierNames = {
  runtime: Tier.RUNTIME,
  special: Tier.SPECIAL,
  shizuku: Tier.SHIZUKU,
  device_owner: Tier.DEVICE_OWNER,
  root: Tier.ROOT,
} as const satisfies Record<string, Tier>

/** A platform name of §3.2. */
export type PlatformName = keyof typeof platformNames
/** A role name of §3.1. */
export type RoleName = keyof typeof roleNames
/** A tier name of §3.3. */
export type TierName = keyof typeof tierNames
/** A capability scope as the white paper writes it (§3.4): `anonymous`, `residential_ip`, `user_authenticated`, `geolocated(DE)`. */
export type CapabilityScopeName = 'anonymous' | 'residential_ip' | 'user_authenticated' | `geolocated(${string})`

/** One capability in createManifest. */
export type CreateManifestCapability = {
  /** Scopes the node serves the capability in. Default: none (anonymous only). */
  scopes?: readonly CapabilityScopeName[]
  /** Free-form attributes. */
  attributes?: Readonly<Record<string, string>>
  /** Most concurrent invocations (0 = limited only by `limits`). Default: 0. */
  maxConcurrency?: number
  /** Lowest tier at which it works. Default: any. */
  minTier?: TierName
}

/** Parameters of createManifest: the §3.2 JSON with the white paper's names. */
export type CreateManifestParameters = {
  nodeId: string
  walletAddr: string
  platform: PlatformName
  roles: readonly RoleName[]
  tier: TierName
  /** Capabilities keyed by dotted name. Default: none. */
  capabilities?: Readonly<Record<string, CreateManifestCapability>>
  /** Resource limits. Default: 1 concurrent tool, no blob size declared. */
  limits?: { maxConcurrentTools?: number; maxBlobSizeMb?: number }
}

function lookup<table extends Record<string, number>>(table: table, name: string, field: string): table[keyof table] {
  if (!Object.hasOwn(table, name)) {
    throw new InvalidFieldError({ field, reason: `must be one of ${Object.keys(table).join(', ')}` })
  }
  return table[name as keyof table]
}

function parseScope(name: string, field: string): CapabilityScope {
  const geo = /^geolocated\(([^)]*)\)$/.exec(name)
  if (geo) return create(CapabilityScopeSchema, { kind: ScopeKind.GEOLOCATED, country: geo[1] ?? '' })
  const kinds: Record<string, ScopeKind> = {
    anonymous: ScopeKind.ANONYMOUS,
    residential_ip: ScopeKind.RESIDENTIAL_IP,
    user_authenticated: ScopeKind.USER_AUTHENTICATED,
  }
  return create(CapabilityScopeSchema, { kind: lookup(kinds, name, field) })
}

/**
 * Builds a capability manifest (white paper §3.2) from the white paper's names and validates it.
 *
 * @example
 * import { createManifest } from '@spaceos/protocol'
 * const manifest = createManifest({
 *   nodeId: 'phone-abc123',
 *   walletAddr: '0x' + 'ab'.repeat(20),
 *   platform: 'android',
 *   roles: ['client', 'storage'],
 *   tier: 'runtime',
 *   capabilities: { 'infer.small': {}, 'user.fetch': { scopes: ['residential_ip', 'geolocated(DE)'] } },
 *   limits: { maxConcurrentTools: 3, maxBlobSizeMb: 10 },
 * })
 */
export function createManifest(parameters: CreateManifestParameters): CapabilityManifest {
  const capabilities: Record<string, ReturnType<typeof capability>> = {}
  const capability = (name: string, spec: CreateManifestCapability) => ({
    scopes: (spec.scopes ?? []).map((scope, index) =>
      parseScope(scope, `manifest.capabilities.${name}.scopes[${index}]`),
    ),
    attributes: { ...spec.attributes },
    maxConcurrency: spec.maxConcurrency ?? 0,
    minTier: spec.minTier
      ? lookup(tierNames, spec.minTier, `manifest.capabilities.${name}.min_tier`)
      : Tier.UNSPECIFIED,
  })
  for (const [name, spec] of Object.entries(parameters.capabilities ?? {})) capabilities[name] = capability(name, spec)
  const manifest = create(CapabilityManifestSchema, {
    nodeId: parameters.nodeId,
    walletAddr: parameters.walletAddr,
    platform: lookup(platformNames, parameters.platform, 'manifest.platform'),
    roles: parameters.roles.map((role, index) => lookup(roleNames, role, `manifest.roles[${index}]`)),
    tier: lookup(tierNames, parameters.tier, 'manifest.tier'),
    capabilities,
    limits: {
      maxConcurrentTools: parameters.limits?.maxConcurrentTools ?? 1,
      maxBlobSizeMb: parameters.limits?.maxBlobSizeMb ?? 0,
    },
  })
  validateManifest(manifest)
  return manifest
}

/** Tier ranks of spec/NODE_PROTOCOL.md §3.3 (runtime 0 … root 4); unspecified counts as runtime [NP-TIER-001]. */
function tierRank(tier: Tier): number {
  return tier === Tier.UNSPECIFIED ? 0 : tier - Tier.RUNTIME
}

/**
 * Validates a capability manifest (spec/NODE_PROTOCOL.md §3.2, [NP-JOIN-010]): node id [NP-MAN-001] and wallet
 * [NP-MAN-002] formats, a known platform [NP-MAN-003] and tier [NP-MAN-004], at least one role and no duplicate or
 * unspecified role, at most MANIFEST_MAX_CAPABILITIES capabilities (FRAME_TOO_LARGE, [NP-MAN-005]) with dotted names
 * [NP-MAN-006], no capability above the node's tier [NP-MAN-007], valid scopes [NP-MAN-008], at least one concurrent
 * tool [NP-MAN-009], at most MANIFEST_MAX_CAPABILITIES attributes per capability [NP-MAN-010]. Throws
 * InvalidFieldError naming the field (under `path`).
 *
 * @example
 * import { validateManifest } from '@spaceos/protocol'
 * validateManifest(envelope.body.value.manifest, 'node_join.manifest')
 */
export function validateManifest(manifest: CapabilityManifest, path = 'manifest'): void {
  if (!nodeIdPattern.test(manifest.nodeId)) {
    throw new InvalidFieldError({
      field: `${path}.node_id`,
      reason: `must be 1..${NODE_ID_MAX_LENGTH} characters of [a-z0-9._-], starting with [a-z0-9]`,
    })
  }
  if (!walletAddressPattern.test(manifest.walletAddr)) {
    throw new InvalidFieldError({ field: `${path}.wallet_addr`, reason: 'must be 0x followed by 40 hex digits' })
  }
  if (manifest.platform === Platform.UNSPECIFIED) {
    throw new InvalidFieldError({ field: `${path}.platform`, reason: 'must be set' })
  }
  if (manifest.tier === Tier.UNSPECIFIED) throw new InvalidFieldError({ field: `${path}.tier`, reason: 'must be set' })
  if (manifest.roles.length === 0) {
    throw new InvalidFieldError({ field: `${path}.roles`, reason: 'must declare at least one role' })
  }
  const roles = new Set<Role>()
  manifest.roles.forEach((role, index) => {
    if (role === Role.UNSPECIFIED) {
      throw new InvalidFieldError({ field: `${path}.roles[${index}]`, reason: 'must not be unspecified' })
    }
    if (roles.has(role)) throw new InvalidFieldError({ field: `${path}.roles[${index}]`, reason: 'is a duplicate' })
    roles.add(role)
  })
  if ((manifest.limits?.maxConcurrentTools ?? 0) < 1) {
    throw new InvalidFieldError({ field: `${path}.limits.max_concurrent_tools`, reason: 'must be at least 1' })
  }
  const names = Object.keys(manifest.capabilities)
  if (names.length > MANIFEST_MAX_CAPABILITIES) {
    throw new FrameTooLargeError({
      field: `${path}.capabilities`,
      limit: MANIFEST_MAX_CAPABILITIES,
      actual: names.length,
    })
  }
  for (const name of names) {
    const field = `${path}.capabilities.${name}`
    if (!capabilityNamePattern.test(name)) {
      throw new InvalidFieldError({ field, reason: 'is not a dotted lowercase capability name' })
    }
    const capability = manifest.capabilities[name]
    if (!capability) continue
    if (tierRank(capability.minTier) > tierRank(manifest.tier)) {
      throw new InvalidFieldError({ field: `${field}.min_tier`, reason: "must not be above the manifest's tier" })
    }
    if (Object.keys(capability.attributes).length > MANIFEST_MAX_CAPABILITIES) {
      throw new InvalidFieldError({
        field: `${field}.attributes`,
        reason: `must not hold more than ${MANIFEST_MAX_CAPABILITIES} entries`,
        details: { limit: String(MANIFEST_MAX_CAPABILITIES) },
      })
    }
    capability.scopes.forEach((scope, index) => {
      validateCapabilityScope(scope, `${field}.scopes[${index}]`)
    })
  }
}

/**
 * Validates a capability scope (§3.4): a kind is set, and `country` is an ISO 3166-1 alpha-2 code exactly when the
 * kind is GEOLOCATED. Throws InvalidFieldError.
 *
 * @example
 * import { validateCapabilityScope } from '@spaceos/protocol'
 * validateCapabilityScope(request.scope, 'tool_request.scope')
 */
export function validateCapabilityScope(scope: CapabilityScope, field: string): void {
  if (scope.kind === ScopeKind.UNSPECIFIED)
    throw new InvalidFieldError({ field: `${field}.kind`, reason: 'must be set' })
  if (scope.kind === ScopeKind.GEOLOCATED) {
    if (!countryPattern.test(scope.country)) {
      throw new InvalidFieldError({ field: `${field}.country`, reason: 'must be an ISO 3166-1 alpha-2 code' })
    }
  } else if (scope.country !== '') {
    throw new InvalidFieldError({ field: `${field}.country`, reason: 'must be empty unless the scope is geolocated' })
  }
}
