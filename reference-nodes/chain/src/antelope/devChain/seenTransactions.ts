/**
 * Duplicate detection [NP-CHAIN-034]: ids of accepted transactions until they expire (an expired one is refused
 * anyway).
 */
export type SeenTransactions = {
  has: (id: string) => boolean
  /** Remembers an accepted transaction until its expiration. */
  remember: (id: string, expirationMs: number) => void
  /** Forgets every transaction expired at `nowMs`. */
  forgetExpired: (nowMs: number) => void
}

/**
 * The accepted transaction ids, kept with buckets per expiration second so expiring them costs only what expires.
 *
 * @example
 * const seen = createSeenTransactions()
 * seen.remember(id, expirationMs)
 * seen.forgetExpired(Date.now())
 */
export function createSeenTransactions(): SeenTransactions {
  const seen = new Set<string>()
  const buckets = new Map<number, string[]>()
  return {
    has: (id) => seen.has(id),
    remember: (id, expirationMs) => {
      seen.add(id)
      const second = Math.ceil(expirationMs / 1000)
      const bucket = buckets.get(second)
      if (bucket) bucket.push(id)
      else buckets.set(second, [id])
    },
    forgetExpired: (nowMs) => {
      for (const [second, ids] of buckets) {
        if (second * 1000 > nowMs) continue
        for (const id of ids) seen.delete(id)
        buckets.delete(second)
      }
    },
  }
}
