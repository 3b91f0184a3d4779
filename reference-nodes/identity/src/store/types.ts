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

/** Where one of the provisioned wallets stands (spec/AUTH.md §8). */
export type NativeAccountState = 'pending' | 'created'

/**
 * The wallets of an account as stored: the KIS key IDs and public parts only, never a private key [NP-AUTH-100].
 * A row exists from the first provisioning attempt on; empty fields are not provisioned yet.
 */
export type WalletRecord = {
  account: string
  /** KIS key ID of the proxy EVM wallet. */
  proxyKeyId: string | null
  /** The proxy wallet's EVM address (lowercase). */
  proxyAddress: string | null
  /** KIS key ID of the native account's owner/active key. */
  nativeKeyId: string | null
  /** The native key's public key in Antelope `PUB_K1_…` form. */
  nativePublicKey: string | null
  /** The native account name [NP-AUTH-101]. */
  nativeAccount: string
  /** `created` once the account exists on the chain with the native key [NP-AUTH-102]. */
  nativeState: NativeAccountState
  createdAtMs: number
  updatedAtMs: number
}

/** A private-scope key envelope as stored: ciphertext only (spec/MEMORY.md §7.4). */
export type KeyEnvelopeRecord = {
  account: string
  deviceId: string
  epoch: number
  /** base64 of eph_pub (32) || nonce (12) || ciphertext and tag (48). */
  envelope: string
}

/** Outcome of an atomic pairing completion [NP-PAIR-010] [NP-PAIR-031]. */
export type CompletePairingOutcome =
  | { ok: true }
  | { ok: false; reason: 'not-redeemed' | 'key-registered' }
  | { ok: false; reason: 'stale-epoch'; currentEpoch: number }

/** Outcome of an atomic epoch rotation [NP-PRIV-043]. */
export type RotateEpochOutcome =
  | { ok: true; epoch: number }
  | { ok: false; reason: 'stale-epoch'; currentEpoch: number }
  | { ok: false; reason: 'devices-mismatch'; missing: string[]; unexpected: string[] }

/**
 * Storage of the identity node. Every method that decides something security-relevant (nonce consumption, device
 * registration, rate-limit counting) is one atomic step, so two concurrent requests cannot both win.
 */
export type IdentityStore = {
  readonly kind: 'sqlite' | 'postgres'
  insertNonce(record: NonceRecord): Promise<void>
  /**
   * In one transaction (one fsync): counts one event against each limit in order, stopping at the first one over its
   * maximum, and inserts the nonce only when every limit held. Returns the key of the exceeded limit, if any.
   */
  insertNonceWithinLimits(input: {
    record: NonceRecord
    limits: { key: string; max: number }[]
    windowMs: number
    nowMs: number
  }): Promise<{ ok: true } | { ok: false; key: string }>
  /**
   * Marks the nonce used and returns it, or `undefined` when it is unknown or already used. One atomic step
   * [NP-AUTH-032]; the caller checks address, message and expiry.
   */
  consumeNonce(nonce: string, nowMs: number): Promise<NonceRecord | undefined>
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
   * In one atomic step: checks that the account's current key epoch is `keyEpoch` [NP-PAIR-031], moves a `redeemed`
   * pairing to `completed` with the sealed secret and registers B [NP-PAIR-010]. Refuses when the pairing was not
   * `redeemed`, the epoch moved or B's key is registered already.
   */
  completePairing(input: {
    pairingId: string
    sealedSecret: string
    keyEpoch: number
    device: DeviceRecord
  }): Promise<CompletePairingOutcome>
  saveSigningKey(record: SigningKeyRecord): Promise<void>
  listSigningKeys(): Promise<SigningKeyRecord[]>
  deleteSigningKey(kid: string): Promise<void>
  /** Stores a device-token refresh challenge (hex) for a device (spec/AUTH.md §3.3). */
  insertDeviceChallenge(challenge: string, deviceId: string, expiresAtMs: number): Promise<void>
  /** Consumes a challenge issued to `deviceId` that is unused and unexpired; false otherwise. One atomic step. */
  consumeDeviceChallenge(challenge: string, deviceId: string, nowMs: number): Promise<boolean>
  /** The account's wallets, or `undefined` before the first provisioning attempt. */
  getWallets(account: string): Promise<WalletRecord | undefined>
  /** Creates the account's wallet row unless it exists (first writer wins); returns the stored row. */
  claimWallets(account: string, nativeAccount: string, nowMs: number): Promise<WalletRecord>
  /**
   * Records the proxy wallet only if none is recorded yet (compare-and-set), so an account never has two proxy
   * wallets [NP-AUTH-100]; returns the stored row, which holds the winner when another attempt got there first.
   */
  setProxyWallet(account: string, keyId: string, address: string, nowMs: number): Promise<WalletRecord>
  /** Replaces the recorded proxy address of `keyId` (after a KIS rotation moved the key ID to a new address). */
  updateProxyAddress(account: string, keyId: string, address: string, nowMs: number): Promise<WalletRecord>
  /** Records the native key only if none is recorded yet (compare-and-set); returns the stored row. */
  setNativeKey(account: string, keyId: string, publicKey: string, nowMs: number): Promise<WalletRecord>
  /** Marks the native account as created on the chain. */
  markNativeCreated(account: string, nowMs: number): Promise<WalletRecord>
  /** The account's current private-scope key epoch (0 before the first rotation). */
  getKeyEpoch(account: string): Promise<number>
  /**
   * In one atomic step [NP-PRIV-043]: checks that the current epoch is `expectedEpoch` and that `envelopes` name
   * exactly the account's non-revoked devices, stores them and moves the epoch to `expectedEpoch + 1`.
   */
  rotateKeyEpoch(input: {
    account: string
    expectedEpoch: number
    envelopes: { deviceId: string; envelope: string }[]
    nowMs: number
  }): Promise<RotateEpochOutcome>
  /** A device's envelopes, of one epoch or (epoch 0) of every epoch, oldest first. */
  listKeyEnvelopes(account: string, deviceId: string, epoch: number): Promise<KeyEnvelopeRecord[]>
  /** Deletes expired nonces and old rate-limit windows. */
  prune(nowMs: number): Promise<void>
  close(): Promise<void>
}
