import { EVM_CHAIN_ID } from '@spaceos/generated/parameters'

/** Inputs of the login message (spec/AUTH.md §2.2). */
export type LoginMessageParameters = {
  domain: string
  /** EIP-55 checksum address. */
  address: string
  uri: string
  nonce: string
  issuedAtMs: number
  expiresAtMs: number
  /** base64url device keys named in `Resources` (both or neither). */
  device?: { signingPublicKey: string; encryptionPublicKey: string }
}

/**
 * Builds the EIP-4361-style login message exactly from the template of spec/AUTH.md §2.2 [NP-AUTH-020].
 *
 * @example
 * import { buildLoginMessage } from '@spaceos/identity-node'
 * buildLoginMessage({ domain: 'id.example', address: '0x…', uri: 'https://id.example', nonce, issuedAtMs, expiresAtMs })
 */
export function buildLoginMessage(parameters: LoginMessageParameters): string {
  const lines = [
    `${parameters.domain} wants you to sign in with your Ethereum account:`,
    parameters.address,
    '',
    'Sign in to SPACE OS. This request will not trigger a blockchain transaction or cost any fees.',
    '',
    `URI: ${parameters.uri}`,
    'Version: 1',
    `Chain ID: ${EVM_CHAIN_ID}`,
    `Nonce: ${parameters.nonce}`,
    `Issued At: ${new Date(parameters.issuedAtMs).toISOString()}`,
    `Expiration Time: ${new Date(parameters.expiresAtMs).toISOString()}`,
  ]
  if (parameters.device !== undefined) {
    lines.push(
      '',
      'Resources:',
      `- urn:spaceos:device:ed25519:${parameters.device.signingPublicKey}`,
      `- urn:spaceos:device:x25519:${parameters.device.encryptionPublicKey}`,
    )
  }
  return lines.join('\n')
}
