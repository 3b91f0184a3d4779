import { ACCOUNT_EVM } from '@spaceos/generated/parameters'
import type { TransactionReceipt } from 'viem'
import { ACCOUNT_RELAYER } from './accounts.ts'
import type { RelayerContext } from './context.ts'
import { creditSpace } from './creditSpace.ts'
import { depositIdOf } from './ids.ts'
import { mintStablecoin } from './mintStablecoin.ts'
import { pushOnce } from './pushOnce.ts'
import type { DepositRow } from './types.ts'

/**
 * Native → EVM, one deposit of `contract`: SPACE of `eosio.evm` credited as the gas token, a stablecoin of
 * `spaceos.brdg` minted; then acknowledged natively with `mintdone` (its EVM transaction as the reference) [NP-BRDG-003].
 *
 * @example
 * await applyDeposit(context, 'eosio.evm', row)
 */
export async function applyDeposit(context: RelayerContext, contract: string, d: DepositRow): Promise<void> {
  const receipt: TransactionReceipt | undefined =
    contract === ACCOUNT_EVM ? await creditSpace(context, d) : await mintStablecoin(context, contract, d)
  await pushOnce(
    context,
    {
      account: contract,
      name: 'mintdone',
      actor: ACCOUNT_RELAYER,
      data: { id: Number(d.id), evm_tx: receipt?.transactionHash ?? depositIdOf(contract, BigInt(d.id)) },
    },
    /already marked minted/,
  )
  context.counters.operation(contract === ACCOUNT_EVM ? 'credit' : 'mint')
  context.logger?.info({ contract, id: d.id, to: d.evm_to, quantity: d.quantity }, 'bridge deposit credited on the EVM')
}
