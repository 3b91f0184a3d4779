import { NodeosApiError } from '../nodeosError.ts'

/**
 * Maps a VeRT failure to nodeos' error ([NP-CHAIN-032]: a failed check is 3050003 with its message).
 *
 * @example
 * toNodeosError(new Error('eosio_assert: overdrawn balance')).message // 'assertion failure with message: overdrawn balance'
 */
export function toNodeosError(error: unknown): NodeosApiError {
  const message = error instanceof Error ? error.message : String(error)
  if (message.startsWith('eosio_assert: ')) {
    return new NodeosApiError('assert', `assertion failure with message: ${message.slice('eosio_assert: '.length)}`)
  }
  if (message.startsWith('missing required authority')) return new NodeosApiError('missingAuth', message)
  return new NodeosApiError('tx', message)
}
