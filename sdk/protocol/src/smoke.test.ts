import { describe, expect, it } from 'vitest'
import * as p from './index.ts'

describe('smoke', () => {
  it('works', () => {
    const key = p.generateDeviceKey()
    const env = p.createEnvelope({ case: 'ping', value: { nonce: new Uint8Array([1, 2, 3]) } })
    const bin = p.encodeEnvelope(env, 'spaceos.v1.proto')
    const json = p.encodeEnvelope(env, 'spaceos.v1.json')
    console.log(json)
    expect(p.decodeEnvelope(bin, 'spaceos.v1.proto').id).toBe(env.id)
    expect(p.decodeEnvelope(json, 'spaceos.v1.json').id).toBe(env.id)
    const signed = p.signMemoryOp(
      {
        account: `0x${'ab'.repeat(20)}`,
        deviceId: key.deviceId,
        kind: 'fact.set',
        scope: 'synced',
        lamport: 1n,
        body: { case: 'payload', value: new Uint8Array([1]) },
      },
      key.privateKey,
    )
    const v = p.verifyMemoryOp(signed.bytes, key.publicKey)
    expect(v.opId).toBe(signed.opId)
    const m = p.createManifest({
      nodeId: 'phone-abc123',
      walletAddr: `0x${'ab'.repeat(20)}`,
      platform: 'android',
      roles: ['client'],
      tier: 'runtime',
      capabilities: { 'user.fetch': { scopes: ['geolocated(DE)'] } },
    })
    const join = p.createEnvelope({
      case: 'nodeJoin',
      value: { manifest: m, jwt: 'a.b.c', deviceId: key.deviceId, deviceProof: new Uint8Array(64) },
    })
    console.log(p.encodeEnvelope(join, 'spaceos.v1.json'))
    const delta = p.createEnvelope({ case: 'memoryDelta', value: { ops: [signed.bytes] } })
    expect(p.decodeEnvelope(p.encodeEnvelope(delta, 'spaceos.v1.json'), 'spaceos.v1.json').body.case).toBe(
      'memoryDelta',
    )
    for (const bad of ['{', '[]', '{"id":"x"}', '{"id":"x","ping":{},"zzz":1}', '{"id":"x","ping":{"nonce":5}}']) {
      try {
        p.decodeEnvelope(bad, 'spaceos.v1.json')
      } catch (e) {
        console.log(bad, (e as p.ProtocolError).code, (e as Error).message)
      }
    }
  })
})
