import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { registerFirstDevice } from '../../test/flows.ts'
import { type RunningNode, rejectionCode, startNode } from '../../test/harness.ts'
import { KEY_ENVELOPE_BYTES } from './rotateKeyEpoch.ts'

let running: RunningNode
beforeEach(async () => {
  running = await startNode()
})
afterEach(async () => {
  await running.close()
})

const envelope = (deviceId: string, epoch: number, size = KEY_ENVELOPE_BYTES) => ({
  deviceId,
  epoch,
  envelope: new Uint8Array(randomBytes(size)),
})

describe('RotateKeyEpoch and GetKeyEnvelopes', () => {
  it('refuses malformed rotations with INVALID_FIELD and stores nothing [NP-PRIV-043]', async () => {
    const a = await registerFirstDevice(running)
    const client = running.as(a.deviceJwt)
    const id = a.device.deviceId
    const cases = [
      { expectedEpoch: 0, envelopes: [] },
      { expectedEpoch: 0, envelopes: [envelope(id, 2)] }, // wrong epoch inside the envelope
      { expectedEpoch: 0, envelopes: [envelope(id, 1, KEY_ENVELOPE_BYTES - 1)] },
      { expectedEpoch: 0, envelopes: [envelope(id, 1, KEY_ENVELOPE_BYTES + 1)] },
      { expectedEpoch: 0, envelopes: [envelope(id.toUpperCase(), 1)] },
      { expectedEpoch: 0, envelopes: [envelope(id, 1), envelope(id, 1)] }, // the same device twice
      { expectedEpoch: 0xffff_ffff, envelopes: [envelope(id, 0)] }, // epoch space exhausted
      { expectedEpoch: 3, envelopes: [envelope(id, 4)] }, // not the current epoch
    ]
    for (const request of cases) expect(await rejectionCode(client.rotateKeyEpoch(request))).toBe('INVALID_FIELD')
    expect(await client.getKeyEnvelopes({})).toMatchObject({ currentEpoch: 0, envelopes: [] })
  })

  it('needs a device token: an account token gets PERMISSION_DENIED, no token UNAUTHENTICATED [NP-AUTH-047]', async () => {
    const a = await registerFirstDevice(running)
    const request = { expectedEpoch: 0, envelopes: [envelope(a.device.deviceId, 1)] }
    expect(await rejectionCode(running.as(a.accountJwt).rotateKeyEpoch(request))).toBe('PERMISSION_DENIED')
    expect(await rejectionCode(running.as(a.accountJwt).getKeyEnvelopes({}))).toBe('PERMISSION_DENIED')
    expect(await rejectionCode(running.client.rotateKeyEpoch(request))).toBe('UNAUTHENTICATED')
  })

  it('keeps accounts apart: a device cannot rotate with another account’s device, nor read its envelopes', async () => {
    const a = await registerFirstDevice(running)
    const b = await registerFirstDevice(running)
    expect(
      await rejectionCode(
        running.as(a.deviceJwt).rotateKeyEpoch({ expectedEpoch: 0, envelopes: [envelope(b.device.deviceId, 1)] }),
      ),
    ).toBe('INVALID_FIELD')
    const stored = envelope(b.device.deviceId, 1)
    expect((await running.as(b.deviceJwt).rotateKeyEpoch({ expectedEpoch: 0, envelopes: [stored] })).epoch).toBe(1)
    expect(await running.as(a.deviceJwt).getKeyEnvelopes({})).toMatchObject({ currentEpoch: 0, envelopes: [] })
    const own = await running.as(b.deviceJwt).getKeyEnvelopes({ epoch: 1 })
    expect(own.envelopes.map((e) => Buffer.from(e.envelope).toString('hex'))).toEqual([
      Buffer.from(stored.envelope).toString('hex'),
    ])
    // an epoch with no envelope for the device answers an empty list, not an error
    expect((await running.as(b.deviceJwt).getKeyEnvelopes({ epoch: 7 })).envelopes).toEqual([])
  })

  it('refuses an oversized request body before decoding it', async () => {
    const a = await registerFirstDevice(running)
    const many = Array.from({ length: 2_000 }, () => ({
      deviceId: a.device.deviceId,
      epoch: 1,
      envelope: randomBytes(KEY_ENVELOPE_BYTES).toString('base64'),
    }))
    const response = await fetch(`${running.url}/spaceos.identity.v1.IdentityService/RotateKeyEpoch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.deviceJwt}` },
      body: JSON.stringify({ expectedEpoch: 0, envelopes: many }),
    }).catch(() => undefined) // the server may also cut the upload short
    if (response !== undefined) expect(response.status).toBeGreaterThanOrEqual(400)
    expect(await running.node.context.store.getKeyEpoch(a.account)).toBe(0)
  })
})
