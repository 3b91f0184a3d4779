import { Checksum256, Transaction } from '@wharfkit/antelope'
import { activeKey, type KisRoute } from '../context.ts'
import { KisNodeError } from '../errors.ts'
import { antelopeKey } from '../keyMaterial.ts'
import { parse, schemas } from '../requests.ts'

/** `POST /sign-native`: an Antelope transaction signed for KIS's own chain ID (docs/decisions/0003). */
export const signNative: KisRoute = {
  role: 'signer',
  async handle(context, body, caller, ctx) {
    const request = parse(schemas.signNative, body)
    ctx.key_id = request.key_id
    const chainId = await context.antelopeChainId()
    if (request.chain_id.toLowerCase() !== chainId)
      throw new KisNodeError('PERMISSION_DENIED', {
        message: `KIS signs for Antelope chain ${chainId} only.`,
        details: { field: 'chain_id' },
      })
    let transaction: Transaction
    try {
      transaction = Transaction.from(request.transaction as never)
      // Round-trip through the binary form: a transaction that does not serialize is not signed.
      transaction = Transaction.from(transaction.toJSON())
    } catch (error) {
      throw new KisNodeError('INVALID_FIELD', {
        message: 'transaction is not an Antelope transaction (JSON form, action data as hex).',
        details: { field: 'transaction' },
        cause: error,
      })
    }
    activeKey(context, request.key_id, 'native', caller)
    const digest = transaction.signingDigest(Checksum256.from(chainId))
    const signed = await context.store.withPrivateKey(request.key_id, (privateKey) => {
      const key = antelopeKey(privateKey)
      return { signature: key.signDigest(digest).toString(), public_key: key.toPublic().toString() }
    })
    return {
      body: { ...signed, digest: digest.hexString },
      audit: { transaction_id: transaction.id.hexString, digest: digest.hexString },
    }
  },
}
