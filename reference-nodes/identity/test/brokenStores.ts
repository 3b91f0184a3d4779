import type { IdentityStore, NonceRecord } from '../src/store/types.ts'

/**
 * Broken variants of the identity node for the conformance suite's teeth tests, built by wrapping the real store
 * (never by switches in src/). Each breaks exactly one rule of spec/AUTH.md.
 */

/** A node that does not consume login nonces [NP-AUTH-032 broken]: a used nonce is handed out again. */
export function nonceNotConsumed(store: IdentityStore): IdentityStore {
  const issued = new Map<string, NonceRecord>()
  return {
    ...store,
    async consumeNonce(nonce, nowMs) {
      const record = (await store.consumeNonce(nonce, nowMs)) ?? issued.get(nonce)
      if (record !== undefined) issued.set(nonce, record)
      return record
    },
  }
}

/** A node without the pairing attempt limit [NP-PAIR-004 broken]: wrong guesses never burn the code. */
export function noPairingAttemptLimit(store: IdentityStore): IdentityStore {
  return { ...store, redeemPairing: (input) => store.redeemPairing({ ...input, maxAttempts: Number.MAX_SAFE_INTEGER }) }
}
