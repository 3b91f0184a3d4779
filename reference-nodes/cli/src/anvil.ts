import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { EVM_CHAIN_ID, EVM_GAS_PRICE_WEI, EVM_HARDFORK } from '@spaceos/generated/parameters'
import { type Logger, type Service, startService } from '@spaceos/node-kit'

/** Options of {@link startAnvil}. */
export type StartAnvilOptions = {
  host: string
  /** 0 picks a free port. */
  port: number
  /** When set, state is loaded from and dumped to this file, so a restart keeps every account and contract. */
  stateFile?: string
  logger?: Logger
}

/** A running anvil with the SPACE OS chain rules (chain ID, paris hardfork, fixed gas price). */
export type Anvil = Service & { rpcUrl: string; devAccounts: { address: string; privateKey: string }[] }

const anvilBin = () =>
  join(dirname(createRequire(import.meta.url).resolve('@foundry-rs/anvil/package.json')), 'bin.mjs')

/**
 * Starts Foundry's anvil (from npm) as the local EVM: chain ID 800000, hardfork paris (no PUSH0), 150 gwei, dev
 * accounts derived from a mnemonic generated at start (local only, printed, never stored in the repo).
 */
export async function startAnvil(options: StartAnvilOptions): Promise<Anvil> {
  const args = [
    anvilBin(),
    ['--chain-id', String(EVM_CHAIN_ID)],
    ['--hardfork', EVM_HARDFORK],
    ['--gas-price', String(EVM_GAS_PRICE_WEI)],
    ['--base-fee', '0'],
    ['--host', options.host],
    ['--port', String(options.port)],
    ['--mnemonic-random'],
    ['--accounts', '4'],
    options.stateFile ? ['--state', options.stateFile] : [],
  ].flat()
  const lines: string[] = []
  const service = await startService({
    name: 'anvil',
    command: process.execPath,
    args,
    readyWhen: /Listening on (\S+)/,
    onLine: (line) => {
      lines.push(line)
      options.logger?.debug({ line }, 'anvil')
    },
  })
  const listen = service.readyLine?.match(/Listening on (\S+)/)?.[1] ?? `${options.host}:${options.port}`
  return { ...service, rpcUrl: `http://${listen}`, devAccounts: parseDevAccounts(lines) }
}

/** Reads the "Available Accounts" and "Private Keys" blocks anvil prints at start. */
export function parseDevAccounts(lines: readonly string[]) {
  const addresses = lines.flatMap((l) => l.match(/^\((\d+)\) (0x[0-9a-fA-F]{40})/)?.[2] ?? [])
  const keys = lines.flatMap((l) => l.match(/^\((\d+)\) (0x[0-9a-fA-F]{64})$/)?.[2] ?? [])
  return addresses.map((address, i) => ({ address, privateKey: keys[i] ?? '' }))
}
