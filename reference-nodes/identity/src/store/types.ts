/** A login nonce as stored (spec/AUTH.md §2.1). */
export type NonceRecord = {
  nonce: string
  /** Lowercase account address the nonce is bound to [NP-AUTH-011]. */
  address: string
  /** The exact message issued for the nonce [NP-AUTH-030]. */
  message: string
  issuedAtMs: number
  expiresAtMs: number
  /** base64url device keys the message names in `Resources`, if any. */
  signingPublicKey: string | null
  encryptionPublicKey: string | null
}

/** A device record (spec/AUTH.md §4). */
export type DeviceRecord = {
  deviceId: string
  account: string
  /** base64url Ed25519 public key. */
  signingPublicKey: string
  /** base64url X25519 public key. */
  encryptionPublicKey: string
  displayName: string
  platform: number
  createdAtMs: number
  revokedAtMs: number | null
}

/** What an account token's login authorised: the device keys its message named [NP-AUTH-034]. */
export type LoginGrantRecord = {
  jti: string
  account: string
  signingPublicKey: string
  encryptionPublicKey: string
}

/** An API key as stored: only its SHA-256 [NP-AUTH-091]. */
export type ApiKeyRecord = {
  keyId: string
  account: string
  name: string
  /** First 12 characters of the key [NP-AUTH-092]. */
  prefix: string
  /** hex SHA-256 of the key. */
  keyHash: string
  createdAtMs: number
  expiresAtMs: number | null
  revokedAtMs: number | null
  lastUsedAtMs: number | null
}

/** Outcome of an atomic device registration. */
export type RegisterDeviceOutcome =
  | { ok: true; device: DeviceRecord; revoked: string[] }
  | { ok: false; reason: 'grant-missing' | 'grant-used' | 'key-registered' | 'active-device' }

/** Parameters of {@link IdentityStore.registerDevice}. */
export type RegisterDeviceInput = {
  device: DeviceRecord
  /** The account token's `jti`, consumed in the same transaction [NP-AUTH-063]; omitted for pairing. */
  grantJti?: string
  /** Revoke every active device of the account first [NP-AUTH-070]. */
  recover?: boolean
  /** Refuse when the account has an active device and `recover` is not set [NP-AUTH-061]. */
  requireNoActiveDevice?: boolean
  nowMs: number
}

/** Where a pairing stands (spec/AUTH.md §5). */
export type PairingStateName = 'waiting' | 'redeemed' | 'completed' | 'burned'

/** A pairing: the code shown on device A and, once redeemed, device B's keys. */
export type PairingRecord = {
  pairingId: string
  account: string
  creatorDeviceId: string
  code: string
  createdAtMs: number
  expiresAtMs: number
  attempts: number
  state: PairingStateName
  redeemedAtMs: number | null
  /** B's keys (base64url), name and platform once redeemed. */
  signingPublicKey: string | null
  encryptionPublicKey: string | null
  displayName: string | null
  platform: number | null
  /** hex SHA-256 of the claim token. */
  claimHash: string | null
  /** The relayed ciphertext (JSON of SealedSecret), never opened here [NP-PAIR-028]. */
  sealedSecret: string | null
  deviceId: string | null
}

/** Parameters of {@link IdentityStore.redeemPairing}. */
export type RedeemPairingInput = {
  account: string
  code: string
  nowMs: number
  maxAttempts: number
  redeemer: { signingPublicKey: string; encryptionPublicKey: string; displayName: string; platform: number }
  claimHash: string
}

/** Outcome of a redeem. */
export type RedeemPairingOutcome =
  | { ok: true; pairingId: string }
  | { ok: false; reason: 'no-code' | 'wrong-code'; burned: boolean }

/** A JWT signing key as stored (private JWK; the store is the identity trust domain) [NP-KEY-007]. */
export type SigningKeyRecord = {
  kid: string
  privateJwk: string
  activatesAtMs: number
  lastSignedAtMs: number | null
}

/**
 * Storage of the identity node. Every method that decides something security-relevant (nonce consumption, device
 * registration, rate-limit counting) is one atomic step, so two concurrent requests cannot both win.
 */
export type IdentityStore = {
  readonly kind: 'sqlite' | 'postgres'
  insertNonce(record: NonceRecord): Promise<void>
  /**
   * Marks the nonce used and returns it, or `undefined` when it is unknown or already used. One atomic step
   * [NP-AUTH-032]; the caller checks address, message and expiry.
   */
  consumeNonce(nonce: string, nowMs: number): Promise<NonceRecord | undefined>
  /** Reads a nonce without consuming it (used only by the deliberately broken node of the conformance tests). */
  peekNonce(nonce: string): Promise<NonceRecord | undefined>
  insertLoginGrant(grant: LoginGrantRecord): Promise<void>
  /** Atomically: consume the grant (if given), check the key, optionally revoke the others, insert the device. */
  registerDevice(input: RegisterDeviceInput): Promise<RegisterDeviceOutcome>
  getDevice(deviceId: string): Promise<DeviceRecord | undefined>
  listDevices(account: string, includeRevoked: boolean): Promise<DeviceRecord[]>
  /** Revokes a device permanently [NP-AUTH-084]; returns false when it was unknown or already revoked. */
  revokeDevice(deviceId: string, nowMs: number): Promise<boolean>
  /**
   * Counts one event for `key` in the fixed window containing `nowMs` and returns the count including this one
   * (atomic increment).
   */
  hitRateLimit(key: string, windowMs: number, nowMs: number): Promise<number>
  insertApiKey(record: ApiKeyRecord): Promise<void>
  listApiKeys(account: string): Promise<ApiKeyRecord[]>
  getApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>
  touchApiKey(keyId: string, nowMs: number): Promise<void>
  revokeApiKey(account: string, keyId: string, nowMs: number): Promise<boolean>
  /** Stores a new code and burns the account's previous live one, atomically [NP-PAIR-003]. */
  createPairing(record: PairingRecord): Promise<void>
  getPairing(pairingId: string): Promise<PairingRecord | undefined>
  /**
   * Checks a guess against the account's live code in constant time; a wrong guess counts an attempt and burns the
   * code at `maxAttempts` [NP-PAIR-004]; a right one moves it to `redeemed` with B's keys. One atomic step.
   */
  redeemPairing(input: RedeemPairingInput): Promise<RedeemPairingOutcome>
  /**
   * In one atomic step: moves a `redeemed` pairing to `completed` with the sealed secret and registers B
   * [NP-PAIR-010]. Returns false when the pairing was not `redeemed`.
   */
  completePairing(input: {
    pairingId: string
    sealedSecret: string
    device: DeviceRecord
  }): Promise<{ ok: true } | { ok: false; reason: 'not-redeemed' | 'key-registered' }>
  saveSigningKey(record: SigningKeyRecord): Promise<void>
  listSigningKeys(): Promise<SigningKeyRecord[]>
  deleteSigningKey(kid: string): Promise<void>
  /** Stores a device-token refresh challenge (hex) for a device (spec/AUTH.md §3.3). */
  insertDeviceChallenge(challenge: string, deviceId: string, expiresAtMs: number): Promise<void>
  /** Consumes a challenge issued to `deviceId` that is unused and unexpired; false otherwise. One atomic step. */
  consumeDeviceChallenge(challenge: string, deviceId: string, nowMs: number): Promise<boolean>
  /** Deletes expired nonces and old rate-limit windows. */
  prune(nowMs: number): Promise<void>
  close(): Promise<void>
}
