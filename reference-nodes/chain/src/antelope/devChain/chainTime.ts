import * as G from '@greymass/eosio'
import { BLOCK_TIME_MS } from '@spaceos/generated/parameters'
import { TimePoint } from '@wharfkit/antelope'
import type { DevChainContext } from './context.ts'

/** Chain time in ms: the wall clock plus the time travelled [NP-CHAIN-039]. */
export const chainNow = (context: DevChainContext): number => context.wall() + context.timeOffsetMs

/** The start of the block slot holding `ms` (slots are `BLOCK_TIME_MS` long). */
export const slot = (ms: number): number => Math.floor(ms / BLOCK_TIME_MS) * BLOCK_TIME_MS

/** Sets the time contracts see (`current_time_point`). */
export const setChainTime = (context: DevChainContext, ms: number): void => {
  context.bc.setTime(G.TimePoint.fromMilliseconds(ms))
}

/** A block time in nodeos' format, computed once per block slot (every transaction of a block shares it). */
export function blockTimeText(context: DevChainContext, ms: number): string {
  const cache = context.blockTime
  if (ms !== cache.ms) {
    cache.ms = ms
    cache.text = TimePoint.fromMilliseconds(ms).toString()
  }
  return cache.text
}
