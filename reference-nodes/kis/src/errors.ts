import { type ErrorCodeName, ProtocolError, type ProtocolErrorParameters } from '@spaceos/protocol'

/** An error KIS answers with: a spec error code (spec/ERRORS.md) and a message that never carries key material. */
export class KisNodeError extends ProtocolError {
  override name = 'KisNodeError'
  constructor(code: ErrorCodeName, parameters: ProtocolErrorParameters & { message: string }) {
    super(code, { docsPath: 'spec/AUTH.md#9-kis--the-key-issuing-service-112', ...parameters })
  }
}

/** The master secret does not open this key store (wrong secret, or a store from another deployment). */
export class MasterSecretMismatchError extends Error {
  override name = 'MasterSecretMismatchError'
  readonly code = 'KIS_MASTER_SECRET_MISMATCH'
  constructor(path: string) {
    super(
      `The master secret (SPACEOS_KIS_MASTER_SECRET) does not open the key store ${path}: it was created with a different secret. ` +
        'Start KIS with the secret the store was created with; KIS never re-keys a store silently.',
    )
  }
}
