import * as G from '@greymass/eosio'
import { applyNativeAction, NATIVE_ACTIONS } from '../nativeActions.ts'
import { NodeosApiError } from '../nodeosError.ts'
import { clearUndoLog, type NodeosContext } from '../vertPatches.ts'
import { buildActionTraces, type ExecutedParts } from './actionTraces.ts'
import type { DevChainContext } from './context.ts'

/**
 * Runs a verified transaction: native actions on `eosio` here, contract actions in VeRT (each run of consecutive
 * contract actions as one VeRT transaction). Any failure undoes the whole transaction [NP-CHAIN-002]. Resolves with
 * the transaction's action traces.
 *
 * @example
 * const traces = await executeTransaction(context, packed, id, context.headNum + 1, blockTime, trx)
 */
export async function executeTransaction(
  context: DevChainContext,
  packed: Uint8Array,
  trxId: string,
  blockNum: number,
  blockTime: string,
  decoded?: G.Transaction,
): Promise<Record<string, unknown>[]> {
  const { bc } = context
  const trx = decoded ?? G.Serializer.decode({ data: packed, type: G.Transaction })
  const snapshot = bc.store.snapshot()
  const undo: (() => void)[] = []
  const ran: ExecutedParts = []
  let segment: G.Action[] = []
  try {
    for (const action of trx.actions) {
      if (
        action.account.equals('eosio') &&
        NATIVE_ACTIONS.has(String(action.name)) &&
        !bc.getAccount(action.account)?.wasm
      ) {
        await applySegment(context, trx, segment, ran)
        segment = []
        undo.push(applyNativeAction(bc, context.links, action))
        ran.push(action)
      } else {
        segment.push(action)
      }
    }
    await applySegment(context, trx, segment, ran)
  } catch (error) {
    bc.store.revertTo(snapshot)
    for (const u of undo.reverse()) u()
    throw error
  }
  clearUndoLog(bc) // [vertPatches 2] the transaction is final: its rollback log is no longer needed
  return buildActionTraces(context, ran, trxId, blockNum, blockTime)
}

/** Runs consecutive contract actions as one VeRT transaction and records its contexts in `ran`. */
async function applySegment(context: DevChainContext, trx: G.Transaction, segment: G.Action[], ran: ExecutedParts) {
  const { bc } = context
  if (segment.length === 0) return
  for (const action of segment) {
    if (!bc.getAccount(action.account)?.isContract) {
      throw new NodeosApiError('action', `no contract deployed on ${action.account}`)
    }
  }
  // Authorities were verified before (keys, thresholds, linkauth); VeRT's require_auth only knows active/owner. The
  // common case (every action of the transaction, active/owner authorities only) runs the decoded transaction as is.
  const asIs =
    segment.length === trx.actions.length &&
    segment.every((a) => a.authorization.every((p) => p.permission.equals('active') || p.permission.equals('owner')))
  if (asIs) {
    await bc.applyTransaction(trx)
    ran.push(bc.actionTraces as NodeosContext[]) // [vertPatches 5] one context per receiver, in ordinal order
    return
  }
  const actions = segment.map((a) =>
    G.Action.from({
      ...a,
      authorization: a.authorization.map((p) => ({
        actor: p.actor,
        permission: p.permission.equals('owner') ? 'owner' : 'active',
      })),
    }),
  )
  await bc.applyTransaction(G.Transaction.from({ ...trx, actions }))
  ran.push(bc.actionTraces as NodeosContext[])
}
