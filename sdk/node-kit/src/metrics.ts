import type { IncomingMessage, ServerResponse } from 'node:http'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** Options of {@link createMetrics}. */
export type CreateMetricsOptions = {
  /** Prefix of every metric name, e.g. `spaceos_identity_`. */
  prefix: string
  /** Collect Node process metrics (event loop lag, heap, GC). Default true. */
  defaults?: boolean
}

/**
 * A Prometheus registry for one node, with typed helpers and an HTTP handler for `/metrics`.
 *
 * @example
 * import { createMetrics } from '@spaceos/node-kit'
 * const metrics = createMetrics({ prefix: 'spaceos_chain_' })
 * const pushed = metrics.counter('transactions_total', 'Transactions accepted', ['result'])
 * pushed.inc({ result: 'ok' })
 */
export function createMetrics(options: CreateMetricsOptions) {
  const registry = new Registry()
  if (options.defaults ?? true) collectDefaultMetrics({ register: registry, prefix: options.prefix })
  const name = (n: string) => options.prefix + n
  // A metric asked for twice (two apps over one registry, a restarted server) is the same metric.
  const existing = <M>(n: string) => registry.getSingleMetric(name(n)) as M | undefined
  return {
    registry,
    counter: <L extends string>(n: string, help: string, labelNames: readonly L[] = []) =>
      existing<Counter<L>>(n) ?? new Counter<L>({ name: name(n), help, labelNames, registers: [registry] }),
    gauge: <L extends string>(n: string, help: string, labelNames: readonly L[] = []) =>
      existing<Gauge<L>>(n) ?? new Gauge<L>({ name: name(n), help, labelNames, registers: [registry] }),
    histogram: <L extends string>(n: string, help: string, labelNames: readonly L[] = [], buckets?: number[]) =>
      existing<Histogram<L>>(n) ??
      new Histogram<L>({ name: name(n), help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) }),
    /** Serves the registry in the Prometheus text format. */
    async handler(_req: IncomingMessage, res: ServerResponse) {
      res.writeHead(200, { 'content-type': registry.contentType })
      res.end(await registry.metrics())
    },
  }
}

export type Metrics = ReturnType<typeof createMetrics>
