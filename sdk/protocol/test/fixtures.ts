import { createEnvelope, createManifest, generateDeviceKey, signMemoryOp } from '../src/index.ts'

/** Shared fixtures: one device key, a valid manifest, a signed op and a valid node_join. */
export const deviceKey = generateDeviceKey()
export const account = `0x${'a1'.repeat(20)}`

export const manifest = createManifest({
  nodeId: 'phone-abc123',
  walletAddr: account,
  platform: 'android',
  roles: ['client', 'storage'],
  tier: 'runtime',
  capabilities: { 'infer.small': {}, 'user.fetch': { scopes: ['residential_ip', 'geolocated(DE)'] } },
  limits: { maxConcurrentTools: 3, maxBlobSizeMb: 10 },
})

export const opInit = {
  account,
  deviceId: deviceKey.deviceId,
  kind: 'fact.set',
  scope: 'synced',
  lamport: 5n,
  hlcMs: 1_700_000_000_000n,
  parents: [new Uint8Array(32).fill(1)],
  body: {
    case: 'payload' as const,
    value: new TextEncoder().encode('{"fact_id":"home-city","fields":{"text":"Lives in Lisbon"}}'),
  },
  seq: 1n,
}

export const signedOp = signMemoryOp(opInit, deviceKey.privateKey)

export function nodeJoin() {
  return createEnvelope({
    case: 'nodeJoin',
    value: { manifest, jwt: 'header.payload.signature', deviceId: deviceKey.deviceId, deviceProof: new Uint8Array(64) },
  })
}
