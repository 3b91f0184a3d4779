import * as G from '@greymass/eosio'
import { NATIVE_ABI } from '../nativeActions.ts'
import type { NodeosContext } from '../vertPatches.ts'
import { type TraceAct, traceAct } from './actionDigest.ts'
import type { DevChainContext } from './context.ts'
import { type ActionReceipt, receiptOf } from './receiptSequences.ts'

/** What ran of one transaction, in order: per VeRT run its contexts (action-ordinal order), per native action itself. */
export type ExecutedParts = (NodeosContext[] | G.Action)[]

const traceFields = (trxId: string, blockNum: number, blockTime: string) => ({
  context_free: false,
  trx_id: trxId,
  block_num: blockNum,
  block_time: blockTime,
  producer_block_id: null,
  account_ram_deltas: [],
  account_disk_deltas: [],
  except: null,
  error_code: null,
  return_value_hex_data: '',
})

/** The trace of a native `eosio` action (run by the devnet itself, no notifications). */
function nativeTrace(
  context: DevChainContext,
  action: G.Action,
  ordinal: number,
  trxId: string,
  blockNum: number,
  blockTime: string,
) {
  const { act, digest } = traceAct('eosio', action.name, action.authorization, action.data.array, NATIVE_ABI)
  return {
    action_ordinal: ordinal,
    creator_action_ordinal: 0,
    closest_unnotified_ancestor_action_ordinal: 0,
    receipt: receiptOf(context.sequences, 'eosio', act, digest, 0, 0),
    receiver: 'eosio',
    act,
    elapsed: 0,
    console: '',
    ...traceFields(trxId, blockNum, blockTime),
  }
}

// The `act` of an action, decoded once and shared by its notifications' traces (same object: no re-decoding).
const acts = new WeakMap<object, { act: TraceAct; digest: string }>()
const actOf = (origin: NodeosContext) => {
  let entry = acts.get(origin)
  if (entry === undefined) {
    const { firstReceiver } = origin
    entry = traceAct(firstReceiver.name, origin.action, origin.authorization, origin.data, firstReceiver.abi)
    acts.set(origin, entry)
  }
  return entry
}

/** nodeos' action_trace of one receiver [NP-CHAIN-030]; `offset` = traces of the transaction before this VeRT run. */
function traceOf(ctx: NodeosContext, offset: number, trxId: string, blockNum: number, blockTime: string) {
  const { act } = actOf(ctx.origin)
  const receiver = String(ctx.receiver.name)
  const shift = (ordinal: number) => (ordinal === 0 ? 0 : ordinal + offset)
  return {
    action_ordinal: ctx.actionOrdinal + offset,
    creator_action_ordinal: shift(ctx.creatorActionOrdinal),
    closest_unnotified_ancestor_action_ordinal: shift(ctx.closestUnnotifiedAncestorActionOrdinal),
    receipt: null as ActionReceipt | null, // set by buildActionTraces(), in execution order
    receiver,
    act,
    elapsed: ctx.elapsedUs,
    console: ctx.console,
    ...traceFields(trxId, blockNum, blockTime),
  }
}

/**
 * The `action_traces` of a final transaction [NP-CHAIN-030], with their receipts: only now (the transaction is final)
 * do the sequences advance, one receipt per trace, as nodeos' exec_one.
 *
 * @example
 * const traces = buildActionTraces(context, ran, id, context.headNum + 1, blockTime)
 */
export function buildActionTraces(
  context: DevChainContext,
  ran: ExecutedParts,
  trxId: string,
  blockNum: number,
  blockTime: string,
): Record<string, unknown>[] {
  const traces: Record<string, unknown>[] = []
  for (const part of ran) {
    if (part instanceof G.Action) {
      traces.push(nativeTrace(context, part, traces.length + 1, trxId, blockNum, blockTime))
      continue
    }
    const offset = traces.length
    const built = part.map((ctx) => traceOf(ctx, offset, trxId, blockNum, blockTime))
    // Receipts in execution order (an inline action sent before a require_recipient has the lower ordinal but runs
    // after the notification).
    const order = built.map((_, i) => i)
    order.sort((a, b) => (part[a] as NodeosContext).executionOrder - (part[b] as NodeosContext).executionOrder)
    for (const i of order) {
      const ctx = part[i] as NodeosContext
      const trace = built[i] as (typeof built)[number]
      const account = ctx.receiver as typeof ctx.receiver & { codeSequence?: number }
      const codeSequence = account.isContract ? (account.codeSequence ?? 1) : 0
      trace.receipt = receiptOf(
        context.sequences,
        trace.receiver,
        trace.act,
        actOf(ctx.origin).digest,
        codeSequence,
        codeSequence,
      )
    }
    traces.push(...built)
  }
  return traces
}
