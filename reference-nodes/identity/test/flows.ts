import type { PrivateKeyAccount } from 'viem/accounts'
import { redeemProofBytes } from '../src/handlers/redeemPairingCode.ts'
import { createTestDevice, signWith, type TestDevice, tokenProof } from './device.ts'
import type { RunningNode } from './harness.ts'
import { login } from './login.ts'

/** Logs in naming a fresh device and registers it as the first device. */
export async function registerFirstDevice(
  running: RunningNode,
  wallet?: PrivateKeyAccount,
  device: TestDevice = createTestDevice(),
) {
  const { jwt, wallet: signer } = await login(running.url, wallet, device)
  const response = await running.as(jwt).registerDevice({
    signingPublicKey: device.signing,
    encryptionPublicKey: device.encryption,
    displayName: 'laptop',
    platform: 1,
    proofSignature: tokenProof(device, jwt),
  })
  return { device, wallet: signer, account: signer.address.toLowerCase(), accountJwt: jwt, deviceJwt: response.jwt }
}

/** A RedeemPairingCode request from `device` for `account` and `code`, with a valid proof. */
export function redeemRequest(account: string, code: string, device: TestDevice) {
  return {
    account,
    code,
    signingPublicKey: device.signing,
    encryptionPublicKey: device.encryption,
    displayName: 'phone',
    platform: 2,
    proofSignature: signWith(device, redeemProofBytes(account, code, device.encryption)),
  }
}
