import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Liveness and readiness for a node: `/healthz` answers 200 while the process runs; `/readyz` answers 200 only when
 * every registered check is ready, and 503 with the failing names otherwise.
 *
 * @example
 * import { createHealth } from '@spaceos/node-kit'
 * const health = createHealth()
 * health.set('database', true)
 */
export function createHealth() {
  const checks = new Map<string, boolean>()
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  return {
    /** Marks a dependency ready or not. */
    set(name: string, ready: boolean) {
      checks.set(name, ready)
    },
    ready: () => [...checks.values()].every(Boolean),
    liveness(_req: IncomingMessage, res: ServerResponse) {
      json(res, 200, { status: 'ok' })
    },
    readiness(_req: IncomingMessage, res: ServerResponse) {
      const failing = [...checks].filter(([, ok]) => !ok).map(([name]) => name)
      json(res, failing.length ? 503 : 200, { status: failing.length ? 'not_ready' : 'ready', failing })
    },
  }
}

export type Health = ReturnType<typeof createHealth>
