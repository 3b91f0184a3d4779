import { randomBytes } from 'node:crypto'
import { openKeyEnvelope, sealKeyEnvelope } from '@spaceos/protocol'
import { createIdentityClient } from './createIdentityClient.ts'
import type { DeviceKeys } from './deviceKeys.ts'
import { callIdentity } from './errors.ts'
import type { Session } from './login.ts'

/** A user secret of one private-scope key epoch, opened on this device. */
export type EpochSecret = { epoch: number; secret: Uint8Array }

/**
 * Starts the next private-scope key epoch (spec/MEMORY.md §7.5) [NP-PRIV-042]: creates a fresh 32-byte secret on this
 * device, seals it to every non-revoked device of the account (itself included) and submits all envelopes at once,
 * conditional on the current epoch still being `expectedEpoch`. Identity only ever stores the envelopes. Returns the
 * new epoch and its secret; keep the secrets of earlier epochs [NP-PRIV-044].
 *
 * @example
 * import { getKeyEnvelopes, rotateKeyEpoch } from '@spaceos/identity'
 * const { currentEpoch } = await getKeyEnvelopes(deviceSession, keys)
 * const { epoch, secret } = await rotateKeyEpoch(deviceSession, { expectedEpoch: currentEpoch })
 */
export async function rotateKeyEpoch(session: Session, parameters: { expectedEpoch: number }): Promise<EpochSecret> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  const { devices } = await callIdentity(() => identity.listDevices({ includeRevoked: false }))
  const epoch = parameters.expectedEpoch + 1
  const secret = new Uint8Array(randomBytes(32))
  const envelopes = devices.map((device) => ({
    deviceId: device.deviceId,
    epoch,
    envelope: sealKeyEnvelope({
      keyEpoch: epoch,
      userSecret: secret,
      deviceId: device.deviceId,
      devicePublicKey: device.encryptionPublicKey,
    }),
  }))
  const response = await callIdentity(() =>
    identity.rotateKeyEpoch({ expectedEpoch: parameters.expectedEpoch, envelopes }),
  )
  return { epoch: response.epoch, secret }
}

/**
 * Fetches this device's key envelopes (of one epoch, or of all with `epoch` 0) and opens them with the device's X25519
 * key; an envelope that does not open is an error, never a partial result [NP-PRIV-024].
 *
 * @example
 * import { getKeyEnvelopes } from '@spaceos/identity'
 * const { currentEpoch, secrets } = await getKeyEnvelopes(deviceSession, keys)
 */
export async function getKeyEnvelopes(
  session: Session,
  keys: DeviceKeys,
  parameters: { epoch?: number } = {},
): Promise<{ currentEpoch: number; secrets: EpochSecret[] }> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  const response = await callIdentity(() => identity.getKeyEnvelopes({ epoch: parameters.epoch ?? 0 }))
  return {
    currentEpoch: response.currentEpoch,
    secrets: response.envelopes.map((envelope) => ({
      epoch: envelope.epoch,
      secret: openKeyEnvelope(envelope.envelope, {
        keyEpoch: envelope.epoch,
        deviceId: keys.deviceId,
        boxKey: keys.box,
      }),
    })),
  }
}
