import { create } from '@bufbuild/protobuf'
import { type Device, DeviceSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import type { DeviceRecord } from '../store/types.ts'

/** The proto `Device` of a stored record. */
export function toDeviceMessage(record: DeviceRecord): Device {
  return create(DeviceSchema, {
    deviceId: record.deviceId,
    signingPublicKey: Buffer.from(record.signingPublicKey, 'base64url'),
    encryptionPublicKey: Buffer.from(record.encryptionPublicKey, 'base64url'),
    displayName: record.displayName,
    platform: record.platform,
    createdAtMs: BigInt(record.createdAtMs),
    revokedAtMs: BigInt(record.revokedAtMs ?? 0),
  })
}
