import type { MessageInitShape } from '@bufbuild/protobuf'
import type { VerifyRequest, VerifyResponseSchema } from '@spaceos/generated/proto/spaceos/identity/v1/identity_pb'
import { type Hex, recoverMessageAddress } from 'viem'
import { parseAccountAddress } from '../address.ts'
import type { IdentityContext } from '../context.ts'
import { FieldInvalidError, NonceInvalidError, SignatureInvalidError } from '../errors.ts'
import { issueToken } from '../tokens.ts'

/** `Verify` / `POST /api/auth/verify` (spec/AUTH.md §2.3). */
export async function verify(
  context: IdentityContext,
  request: VerifyRequest,
): Promise<MessageInitShape<typeof VerifyResponseSchema>> {
  const { account } = parseAccountAddress(request.address)
  if (!/^0x[0-9a-fA-F]{130}$/.test(request.signature)) {
    throw new FieldInvalidError('signature', 'signature must be 65 bytes as 0x-prefixed hex.', 'NP-AUTH-031')
  }
  const nonce = /^Nonce: ([0-9a-f]{32})$/m.exec(request.message)?.[1]
  if (nonce === undefined) throw new NonceInvalidError('no nonce in message')
  const now = context.clock.now()
  // [NP-AUTH-032] [NP-AUTH-033] consumed before the signature is checked, in one atomic step
  const record = await context.store.consumeNonce(nonce, now)
  if (record === undefined) {
    context.counters.logins('nonce_invalid')
    throw new NonceInvalidError('unknown or already used')
  }
  if (record.address !== account) throw new NonceInvalidError('bound to another address')
  if (record.message !== request.message) throw new NonceInvalidError('message differs from the issued one')
  if (now > record.expiresAtMs) throw new NonceInvalidError('expired')
  let signer: string
  try {
    signer = await recoverMessageAddress({ message: request.message, signature: request.signature as Hex })
  } catch {
    context.counters.logins('bad_signature')
    throw new SignatureInvalidError('login', 'NP-AUTH-031')
  }
  if (signer.toLowerCase() !== account) {
    context.counters.logins('bad_signature')
    throw new SignatureInvalidError('login', 'NP-AUTH-031')
  }
  const token = await issueToken(context.keys, context.clock, context.issuer, account)
  if (record.signingPublicKey !== null && record.encryptionPublicKey !== null) {
    // [NP-AUTH-034]
    await context.store.insertLoginGrant({
      jti: token.jti,
      account,
      signingPublicKey: record.signingPublicKey,
      encryptionPublicKey: record.encryptionPublicKey,
    })
  }
  if (context.wallets.custodyConfigured) {
    // [NP-AUTH-100] [NP-AUTH-102] first login creates the wallets; a failure is retried on the next login
    // [NP-AUTH-105]. The login waits at most walletWaitMs: a slow KIS or chain finishes in the background (a
    // GetWallets meanwhile joins the same attempt).
    const provisioning = context.wallets.ensure(account).catch((error: unknown) => {
      context.log.warn({ err: error, account }, 'wallet provisioning failed')
    })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      provisioning,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, context.walletWaitMs)
      }),
    ])
    clearTimeout(timer)
  }
  context.counters.logins('ok')
  context.log.info({ account, jti: token.jti }, 'login')
  return { jwt: token.jwt, expiresAtMs: BigInt(token.expiresAtMs) }
}
