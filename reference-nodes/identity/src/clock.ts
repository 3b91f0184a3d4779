/** Time source of the node, in Unix milliseconds; tests pass a controllable one. */
export type Clock = { now(): number }

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() }

/**
 * A clock tests can move.
 *
 * @example
 * import { createManualClock } from '@spaceos/identity-node'
 * const clock = createManualClock(Date.now())
 * clock.advance(301_000)
 */
export function createManualClock(startMs: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = startMs
  return {
    now: () => now,
    advance(ms) {
      now += ms
    },
    set(ms) {
      now = ms
    },
  }
}
