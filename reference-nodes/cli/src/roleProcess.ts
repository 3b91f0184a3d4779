import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { type Logger, startService } from '@spaceos/node-kit'

/** Options of {@link startRoleProcess}. */
export type StartRoleProcessOptions = {
  /** Role name for logs and errors, e.g. `chain`. */
  role: string
  /** The npm package of the reference node, e.g. `@spaceos/chain-node`. */
  packageName: string
  /** Its bin file, relative to the package root, e.g. `bin/spaceos-chain.mjs`. */
  bin: string
  env: Record<string, string>
  /** How many `ready <name>: <url>` lines the node prints once all its endpoints listen. */
  endpoints: number
  logger?: Logger
  /** Called with each `progress <text>` line the node prints while it starts (genesis steps, deployments). */
  onProgress?: (text: string) => void
  /** Default 180 s: a first start compiles nothing but may load every contract. */
  readyTimeoutMs?: number
}

/** A reference node running as its own process: what it printed, and how to stop it. */
export type RoleProcess = {
  role: string
  endpoints: { name: string; url: string }[]
  /** Lines `key <account> <private key> …` the node printed: local-only dev keys. */
  keys: string[]
  stop: () => Promise<void>
}

const packageRoot = (packageName: string) =>
  dirname(createRequire(import.meta.url).resolve(`${packageName}/package.json`))

/**
 * Starts a reference node through its own bin, as an operator would, and waits until it has printed a
 * `ready <name>: <url>` line for each endpoint. Nodes meet only over sockets: the CLI never imports a node's code.
 */
export async function startRoleProcess(options: StartRoleProcessOptions): Promise<RoleProcess> {
  const endpoints: { name: string; url: string }[] = []
  const keys: string[] = []
  const service = await startService({
    name: options.role,
    command: process.execPath,
    args: [join(packageRoot(options.packageName), options.bin)],
    env: options.env,
    readyWhen: async () => endpoints.length >= options.endpoints,
    readyTimeoutMs: options.readyTimeoutMs ?? 180_000,
    onLine: (line) => {
      const ready = line.match(/^ready (.+?): (\S+)$/)
      if (ready) endpoints.push({ name: ready[1]!, url: ready[2]! })
      else if (line.startsWith('key ')) keys.push(line.slice(4))
      else if (line.startsWith('progress ')) options.onProgress?.(line.slice(9))
      else options.logger?.debug({ role: options.role, line }, 'output')
    },
  })
  return { role: options.role, endpoints, keys, stop: () => service.stop(15_000) }
}
