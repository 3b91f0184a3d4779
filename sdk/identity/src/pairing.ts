import { type Device, PairingState } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { Platform } from '@spaceos/generated/proto/spaceos/node/v1/manifest_pb'
import { openPairingSecrets, type PairingSecrets, sealPairingSecrets } from '@spaceos/protocol'
import { createIdentityClient } from './createIdentityClient.ts'
import { type DeviceKeys, signWithDevice } from './deviceKeys.ts'
import { callIdentity, IdentityRequestError } from './errors.ts'
import type { Session } from './login.ts'
import { deviceSession } from './registerDevice.ts'

/** A code shown on the paired device A (spec/AUTH.md §5 step 1). */
export type PairingCode = { code: string; pairingId: string; expiresAtMs: number }

/**
 * Device A: creates a pairing code to show (with the account address) to the new device.
 *
 * @example
 * import { createPairingCode } from '@spaceos/identity'
 * const { code, pairingId } = await createPairingCode(deviceSession)
 */
export async function createPairingCode(session: Session): Promise<PairingCode> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  const response = await callIdentity(() => identity.createPairingCode({}))
  return { code: response.code, pairingId: response.pairingId, expiresAtMs: Number(response.expiresAtMs) }
}

/** The new device as device A sees it after the redeem; show `fingerprint` and the name before confirming [NP-PAIR-024]. */
export type RedeemedDevice = {
  signingPublicKey: Uint8Array
  encryptionPublicKey: Uint8Array
  displayName: string
  platform: Platform
  /** First 8 hex characters of the new device's ID. */
  fingerprint: string
}

/**
 * Device A: the pairing's state, and the new device once it redeemed the code.
 *
 * @example
 * import { getPairingStatus } from '@spaceos/identity'
 * const { state, device } = await getPairingStatus(deviceSession, pairingId)
 */
export async function getPairingStatus(
  session: Session,
  pairingId: string,
): Promise<{ state: PairingState; device?: RedeemedDevice }> {
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  const status = await callIdentity(() => identity.getPairingStatus({ pairingId }))
  if (status.signingPublicKey.length !== 32) return { state: status.state }
  const { createHash } = await import('node:crypto')
  return {
    state: status.state,
    device: {
      signingPublicKey: status.signingPublicKey,
      encryptionPublicKey: status.encryptionPublicKey,
      displayName: status.displayName,
      platform: status.platform,
      fingerprint: createHash('sha256').update(status.signingPublicKey).digest('hex').slice(0, 8),
    },
  }
}

/**
 * Device A, after the user confirmed the new device: seals the private-scope secrets to it (spec/AUTH.md §6) and
 * completes the pairing, which registers the new device.
 *
 * @example
 * import { completePairing } from '@spaceos/identity'
 * await completePairing(deviceSession, { pairingId, code }, new Map([[1, userSecret]]))
 */
export async function completePairing(
  session: Session,
  pairing: { pairingId: string; code: string },
  secrets: PairingSecrets,
): Promise<Device> {
  const { device } = await getPairingStatus(session, pairing.pairingId)
  if (device === undefined) {
    throw new IdentityRequestError({ code: 'PAIRING_CODE_EXPIRED', message: 'The code has not been redeemed.' })
  }
  const sealedSecret = sealPairingSecrets(secrets, {
    account: session.account,
    pairingId: pairing.pairingId,
    code: pairing.code,
    encryptionPublicKey: device.encryptionPublicKey,
    signingPublicKey: device.signingPublicKey,
  })
  const identity = createIdentityClient({ url: session.url, jwt: session.jwt })
  const response = await callIdentity(() => identity.completePairing({ pairingId: pairing.pairingId, sealedSecret }))
  if (response.device === undefined) throw new Error('CompletePairing answered without a device')
  return response.device
}

/** What the new device holds after redeeming a code. */
export type RedeemedPairing = { url: string; account: string; code: string; pairingId: string; claimToken: string }

/**
 * Device B: redeems the code shown on device A, proving possession of its keys (spec/AUTH.md §5 step 2).
 *
 * @example
 * import { generateDeviceKeys, redeemPairingCode } from '@spaceos/identity'
 * const keys = generateDeviceKeys()
 * const redeemed = await redeemPairingCode({ url, account, code, keys, displayName: 'phone', platform: 1 })
 */
export async function redeemPairingCode(parameters: {
  url: string
  account: string
  code: string
  keys: DeviceKeys
  displayName: string
  platform: Platform
}): Promise<RedeemedPairing> {
  const account = parameters.account.toLowerCase()
  const proof = signWithDevice(
    parameters.keys,
    Buffer.concat([
      Buffer.from('SPACEOS-PAIR-REDEEM-V1', 'utf8'),
      Buffer.from([0]),
      Buffer.from(account, 'utf8'),
      Buffer.from(parameters.code, 'utf8'),
      parameters.keys.box.publicKey,
    ]),
  )
  const identity = createIdentityClient({ url: parameters.url })
  const response = await callIdentity(() =>
    identity.redeemPairingCode({
      account,
      code: parameters.code,
      signingPublicKey: parameters.keys.signing.publicKey,
      encryptionPublicKey: parameters.keys.box.publicKey,
      displayName: parameters.displayName,
      platform: parameters.platform,
      proofSignature: proof,
    }),
  )
  return {
    url: parameters.url,
    account,
    code: parameters.code,
    pairingId: response.pairingId,
    claimToken: response.claimToken,
  }
}

/**
 * Device B: once A completed, returns the device session and the opened private-scope secrets; `undefined` while A
 * has not completed. A seal that does not open throws and nothing is kept [NP-PAIR-025] [NP-PAIR-026].
 *
 * @example
 * import { getPairingResult } from '@spaceos/identity'
 * const result = await getPairingResult(redeemed, keys)
 */
export async function getPairingResult(
  redeemed: RedeemedPairing,
  keys: DeviceKeys,
): Promise<{ session: Session; device: Device; secrets: PairingSecrets } | undefined> {
  const identity = createIdentityClient({ url: redeemed.url })
  const result = await callIdentity(() =>
    identity.getPairingResult({ pairingId: redeemed.pairingId, claimToken: redeemed.claimToken }),
  )
  if (result.state === PairingState.REDEEMED || result.state === PairingState.WAITING) return undefined
  if (result.state !== PairingState.COMPLETED || result.device === undefined || result.sealedSecret === undefined) {
    throw new IdentityRequestError({ code: 'PAIRING_CODE_EXPIRED', message: 'The pairing expired; start again.' })
  }
  const secrets = openPairingSecrets(
    result.sealedSecret,
    {
      account: redeemed.account,
      pairingId: redeemed.pairingId,
      code: redeemed.code,
      encryptionPublicKey: keys.box.publicKey,
      signingPublicKey: keys.signing.publicKey,
    },
    keys.box,
  )
  return { session: deviceSession(redeemed, result.jwt, keys.deviceId), device: result.device, secrets }
}
