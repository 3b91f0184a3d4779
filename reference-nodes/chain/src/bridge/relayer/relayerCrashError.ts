/**
 * A crash of the relayer process, raised by one of its dependencies (its native client, its anvil `fetch`): the step
 * in flight ends at once, nothing more is recorded, the journal is closed and every later step fails with this
 * error, as if the process had died. A restart is a new relayer over the same journal. Tests raise it from a wrapped
 * transport to prove exactly-once delivery across crashes [NP-BRDG-003].
 *
 * @example
 * const crashing = { ...native, push: async (actions) => { await native.push(actions); throw new RelayerCrashError('died') } }
 */
export class RelayerCrashError extends Error {
  override name = 'RelayerCrashError'
}
