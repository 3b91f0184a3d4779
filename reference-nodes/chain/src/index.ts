export { ChainNodeError, TxWrapperRejectedError, UpstreamChainMismatchError } from './errors.ts'
export { type Anvil, type StartAnvilOptions, startAnvil } from './evm/anvil.ts'
export { checkRawTransaction, TX_REJECTED } from './evm/checkRawTransaction.ts'
export {
  type CreateTxWrapperOptions,
  createTxWrapper,
  type RunningTxWrapper,
  type StartTxWrapperOptions,
  startTxWrapper,
  type TxWrapper,
} from './evm/createTxWrapper.ts'
export { findPush0 } from './evm/findPush0.ts'
