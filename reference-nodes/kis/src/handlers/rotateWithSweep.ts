import type { z } from 'zod'
import type { KisContext, KisResult } from '../context.ts'
import { generateKey } from '../keyMaterial.ts'
import type { KeyRecord } from '../keyStore.ts'
import type { schemas } from '../requests.ts'
import { sweepEvm, updateAuthNative } from '../rotate.ts'

/**
 * Rotates a key: the replacement is stored (pending) before any funds move to it, the old key's EVM balances are
 * swept (or its native authority updated), and only then does the key ID switch to the new key. A retry after a
 * failure reuses the pending replacement.
 */
export async function rotateWithSweep(
  context: KisContext,
  request: z.output<typeof schemas.rotate>,
  current: KeyRecord,
): Promise<KisResult> {
  const rpcUrl = request.evm_rpc_url ?? context.evmRpcUrl
  const url = request.antelope_url ?? context.antelopeUrl
  // The replacement is stored (pending) before any funds move to it; a retry after a failure reuses it.
  let pending = context.store.pendingReplacement(request.key_id)
  if (pending === undefined) {
    const key = generateKey(current.kind, current.label)
    try {
      pending = context.store.insertPending(request.key_id, key)
    } finally {
      key.privateKey.fill(0)
    }
  }
  const next = pending
  let swept: Awaited<ReturnType<typeof sweepEvm>> = []
  let updateAuthTransactionId: string | undefined
  if (current.kind === 'evm') {
    swept = await context.store.withPrivateKey(request.key_id, (oldPrivateKey) =>
      sweepEvm({
        rpcUrl: rpcUrl as string,
        oldPrivateKey,
        to: next.address as `0x${string}`,
        // The configured tokens, then the request's, each once.
        tokens: [
          ...new Map(
            [...context.sweepTokens, ...((request.tokens ?? []) as `0x${string}`[])].map((t) => [t.toLowerCase(), t]),
          ).values(),
        ],
      }),
    )
  } else {
    const chainId = await context.antelopeChainId()
    updateAuthTransactionId = await context.store.withPrivateKey(request.key_id, (oldPrivateKey) =>
      updateAuthNative({
        url: url as string,
        chainId,
        account: request.account as string,
        oldPrivateKey,
        newPublicKey: next.publicKey,
      }),
    )
  }
  const oldKeyId = context.store.swap(request.key_id, next.id)
  return {
    body: {
      key_id: request.key_id,
      old_key_id: oldKeyId,
      new_key_id: request.key_id,
      kind: current.kind,
      public_key: next.publicKey,
      ...(next.address === undefined ? {} : { address: next.address }),
      previous_public_key: current.publicKey,
      ...(current.address === undefined ? {} : { previous_address: current.address }),
      swept,
      ...(updateAuthTransactionId === undefined ? {} : { update_auth_transaction_id: updateAuthTransactionId }),
    },
    audit: {
      old_key_id: oldKeyId,
      swept: swept.map((s) => ({ asset: s.asset, amount: s.amount, transaction_hash: s.transaction_hash })),
      ...(updateAuthTransactionId === undefined ? {} : { update_auth_transaction_id: updateAuthTransactionId }),
    },
  }
}
