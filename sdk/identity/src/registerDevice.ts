import { createHash } from 'node:crypto'
import type { Device } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { Platform } from '@spaceos/generated/proto/spaceos/node/v1/manifest_pb'
import { createIdentityClient } from './createIdentityClient.ts'
import type { DeviceKeys } from './deviceKeys.ts'
import { signWithDevice } from './deviceKeys.ts'
import { callIdentity } from './errors.ts'
import type { Session } from './login.ts'

/** Options of {@link registerDevice}. */
export type RegisterDeviceOptions = {
  displayName: string
  platform: Platform
  /**
   * Wallet re-import: revoke every other device of the account (spec/AUTH.md §4.4). Warn the user first that every
   * other device is logged out and earlier private memory becomes unreadable [NP-AUTH-071].
   */
  recover?: boolean
}

/**
 * Registers this device as the account's first device, under a session from {@link login} that named `keys`
 * (spec/AUTH.md §4.2). Returns a device session and the device record.
 *
 * @example
 * import { generateDeviceKeys, login, registerDevice } from '@spaceos/identity'
 * const keys = generateDeviceKeys()
 * const session = await login(walletClient, { url, device: keys })
 * const { session: deviceSession } = await registerDevice(session, keys, { displayName: 'laptop', platform: 3 })
 */
export async function registerDevice(
  session: Session,
  keys: DeviceKeys,
  options: RegisterDeviceOptions,
): Promise<{ session: Session; device: Device }> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  const proof = signWithDevice(keys, createHash('sha256').update(session.jwt, 'utf8').digest())
  const response = await callIdentity(() =>
    identity.registerDevice({
      signingPublicKey: keys.signing.publicKey,
      encryptionPublicKey: keys.box.publicKey,
      displayName: options.displayName,
      platform: options.platform,
      proofSignature: proof,
      recover: options.recover ?? false,
    }),
  )
  if (response.device === undefined) throw new Error('RegisterDevice answered without a device')
  return { session: deviceSession(session, response.jwt, keys.deviceId), device: response.device }
}

/** A device session from a device token. */
export function deviceSession(session: Pick<Session, 'url' | 'account'>, jwt: string, deviceId: string): Session {
  const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { exp?: number }
  return { url: session.url, account: session.account, jwt, expiresAtMs: (claims.exp ?? 0) * 1000, deviceId }
}
