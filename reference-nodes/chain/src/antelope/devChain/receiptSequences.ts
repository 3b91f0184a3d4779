import type { TraceAct } from './actionDigest.ts'

/**
 * Receipt sequences (nodeos action_receipt): one global counter, one per receiver and one per authorizing actor. They
 * advance for every accepted transaction, replayed ones too, so they are the same after a restart.
 */
export type ReceiptSequences = {
  global: number
  recv: Map<string, number>
  auth: Map<string, number>
}

/** An action receipt (nodeos' JSON shape). */
export type ActionReceipt = {
  receiver: string
  act_digest: string
  global_sequence: number
  recv_sequence: number
  auth_sequence: (string | number)[][]
  code_sequence: number
  abi_sequence: number
}

/** Fresh sequences: every counter at 0. */
export const createReceiptSequences = (): ReceiptSequences => ({ global: 0, recv: new Map(), auth: new Map() })

const next = (counters: Map<string, number>, key: string) => {
  const value = (counters.get(key) ?? 0) + 1
  counters.set(key, value)
  return value
}

/**
 * The receipt of one executed action: advances the global, receiver and actor sequences.
 *
 * @example
 * const receipt = receiptOf(sequences, 'eosio.token', act, digest, 1, 1)
 */
export function receiptOf(
  sequences: ReceiptSequences,
  receiver: string,
  act: TraceAct,
  digest: string,
  codeSequence: number,
  abiSequence: number,
): ActionReceipt {
  return {
    receiver,
    act_digest: digest,
    global_sequence: ++sequences.global,
    recv_sequence: next(sequences.recv, receiver),
    auth_sequence: act.authorization.map((p) => [p.actor, next(sequences.auth, p.actor)]),
    code_sequence: codeSequence,
    abi_sequence: abiSequence,
  }
}
