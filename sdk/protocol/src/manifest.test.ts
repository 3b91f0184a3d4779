import { MANIFEST_MAX_CAPABILITIES } from '@spaceos/generated/parameters'
import { Platform, Role, ScopeKind, Tier } from '@spaceos/generated/proto/spaceos/node/v1/manifest_pb'
import { describe, expect, it } from 'vitest'
import { manifest } from '../test/fixtures.ts'
import { InvalidFieldError, ProtocolError } from './errors.ts'
import { type CreateManifestParameters, createManifest, validateManifest } from './manifest.ts'

const base: CreateManifestParameters = {
  nodeId: 'desktop-1',
  walletAddr: `0x${'Ab'.repeat(20)}`,
  platform: 'desktop',
  roles: ['client'],
  tier: 'root',
}

function fieldOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof InvalidFieldError) return error.field
    if (error instanceof ProtocolError) return `code:${error.code}`
    throw error
  }
  return undefined
}

describe('createManifest', () => {
  it('maps the white paper names of §3.2 onto the proto enums', () => {
    expect(manifest.platform).toBe(Platform.ANDROID)
    expect(manifest.roles).toEqual([Role.CLIENT, Role.STORAGE])
    expect(manifest.tier).toBe(Tier.RUNTIME)
    expect(manifest.capabilities['user.fetch']?.scopes).toMatchObject([
      { kind: ScopeKind.RESIDENTIAL_IP, country: '' },
      { kind: ScopeKind.GEOLOCATED, country: 'DE' },
    ])
    expect(manifest.limits).toMatchObject({ maxConcurrentTools: 3, maxBlobSizeMb: 10 })
    const router = createManifest({
      ...base,
      roles: ['inference.router', 'chain.client'],
      capabilities: { 'x.y': { minTier: 'shizuku' } },
    })
    expect(router.roles).toEqual([Role.INFERENCE_ROUTER, Role.CHAIN_CLIENT])
    expect(router.capabilities['x.y']?.minTier).toBe(Tier.SHIZUKU)
  })

  it('rejects unknown names with INVALID_FIELD naming the field', () => {
    expect(fieldOf(() => createManifest({ ...base, platform: 'amiga' as never }))).toBe('manifest.platform')
    expect(fieldOf(() => createManifest({ ...base, tier: 'god' as never }))).toBe('manifest.tier')
    expect(fieldOf(() => createManifest({ ...base, roles: ['client', 'miner' as never] }))).toBe('manifest.roles[1]')
    expect(fieldOf(() => createManifest({ ...base, capabilities: { 'a.b': { scopes: ['vpn' as never] } } }))).toBe(
      'manifest.capabilities.a.b.scopes[0]',
    )
    expect(fieldOf(() => createManifest({ ...base, capabilities: { 'a.b': { minTier: 'x' as never } } }))).toBe(
      'manifest.capabilities.a.b.min_tier',
    )
  })
})

describe('validateManifest [NP-JOIN-010]', () => {
  const valid = createManifest(base)
  const check = (patch: Record<string, unknown>) =>
    fieldOf(() => validateManifest({ ...valid, ...patch } as never, 'm'))

  it('accepts a valid manifest', () => {
    expect(check({})).toBeUndefined()
  })

  it('checks node id and wallet address formats', () => {
    expect(check({ nodeId: '' })).toBe('m.node_id')
    expect(check({ nodeId: 'a b' })).toBe('m.node_id')
    expect(check({ nodeId: 'Phone-1' })).toBe('m.node_id')
    expect(check({ nodeId: '-phone' })).toBe('m.node_id')
    expect(check({ nodeId: 'n'.repeat(129) })).toBe('m.node_id')
    expect(check({ walletAddr: '0x123' })).toBe('m.wallet_addr')
    expect(check({ walletAddr: `${'ab'.repeat(21)}` })).toBe('m.wallet_addr')
  })

  it('requires at least one concurrent tool [NP-MAN-009]', () => {
    expect(check({ limits: { maxConcurrentTools: 0, maxBlobSizeMb: 1 } })).toBe('m.limits.max_concurrent_tools')
    expect(check({ limits: undefined })).toBe('m.limits.max_concurrent_tools')
  })

  it('refuses a capability above the node tier and too many attributes [NP-MAN-007] [NP-MAN-010]', () => {
    const runtime = createManifest({ ...base, tier: 'runtime' })
    const above = { ...runtime, capabilities: { 'a.b': { scopes: [], attributes: {}, minTier: Tier.SHIZUKU } } }
    expect(fieldOf(() => validateManifest(above as never, 'm'))).toBe('m.capabilities.a.b.min_tier')
    const same = { ...runtime, capabilities: { 'a.b': { scopes: [], attributes: {}, minTier: Tier.RUNTIME } } }
    expect(fieldOf(() => validateManifest(same as never, 'm'))).toBeUndefined()
    const attributes = Object.fromEntries(
      Array.from({ length: MANIFEST_MAX_CAPABILITIES + 1 }, (_, index) => [`k${index}`, 'v']),
    )
    expect(check({ capabilities: { 'a.b': { scopes: [], attributes } } })).toBe('m.capabilities.a.b.attributes')
  })

  it('requires platform, tier and at least one distinct role', () => {
    expect(check({ platform: Platform.UNSPECIFIED })).toBe('m.platform')
    expect(check({ tier: Tier.UNSPECIFIED })).toBe('m.tier')
    expect(check({ roles: [] })).toBe('m.roles')
    expect(check({ roles: [Role.CLIENT, Role.CLIENT] })).toBe('m.roles[1]')
    expect(check({ roles: [Role.UNSPECIFIED] })).toBe('m.roles[0]')
  })

  it('limits the number of capabilities to MANIFEST_MAX_CAPABILITIES and checks their names', () => {
    const many = Object.fromEntries(
      Array.from({ length: MANIFEST_MAX_CAPABILITIES + 1 }, (_, index) => [
        `cap.n${index}`,
        { scopes: [], attributes: {} },
      ]),
    )
    // [NP-MAN-005] too many capabilities is FRAME_TOO_LARGE.
    expect(check({ capabilities: many })).toBe('code:FRAME_TOO_LARGE')
    const atLimit = Object.fromEntries(Object.entries(many).slice(0, MANIFEST_MAX_CAPABILITIES))
    expect(check({ capabilities: atLimit })).toBeUndefined()
    expect(check({ capabilities: { 'Bad Name': { scopes: [], attributes: {} } } })).toBe('m.capabilities.Bad Name')
    expect(check({ capabilities: { 'infer.7b': { scopes: [], attributes: {} } } })).toBe('m.capabilities.infer.7b')
  })

  it('checks capability scopes: a kind, and a country exactly for geolocated', () => {
    const scoped = (scope: Record<string, unknown>) =>
      check({ capabilities: { 'a.b': { scopes: [scope], attributes: {} } } })
    expect(scoped({ kind: ScopeKind.UNSPECIFIED })).toBe('m.capabilities.a.b.scopes[0].kind')
    expect(scoped({ kind: ScopeKind.GEOLOCATED, country: 'de' })).toBe('m.capabilities.a.b.scopes[0].country')
    expect(scoped({ kind: ScopeKind.ANONYMOUS, country: 'DE' })).toBe('m.capabilities.a.b.scopes[0].country')
    expect(scoped({ kind: ScopeKind.GEOLOCATED, country: 'FR' })).toBeUndefined()
  })
})
