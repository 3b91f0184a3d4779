import { Serializer, Transaction } from '@wharfkit/antelope'

/**
 * A transaction as `get_block` lists it (nodeos' shape through the `trx` getter and `toJSON`). A compact fixed-shape
 * object holding only strings, built outside the transaction's scope so a block retains nothing else; the transaction
 * is decoded only when a block is read.
 *
 * @example
 * block.transactions.push(new BlockTransaction(netUsageWords, id, signatures, packedHex) as never)
 */
export class BlockTransaction {
  readonly status = 'executed'
  readonly cpu_usage_us = 100
  constructor(
    readonly net_usage_words: number,
    readonly id: string,
    private readonly signatures: string[],
    private readonly packedHex: string,
  ) {}

  get trx() {
    return {
      id: this.id,
      signatures: this.signatures,
      compression: 'none',
      packed_context_free_data: '',
      context_free_data: [],
      packed_trx: this.packedHex,
      transaction: Serializer.objectify(
        Serializer.decode({ data: Buffer.from(this.packedHex, 'hex'), type: Transaction }),
      ),
    }
  }

  toJSON() {
    const { status, cpu_usage_us, net_usage_words, id, trx } = this
    return { status, cpu_usage_us, net_usage_words, id, trx }
  }
}
