import { readFile } from 'node:fs/promises'
import { z } from 'zod'

/**
 * What the chain suite needs besides the Antelope chain API URL (`--target`): the EVM JSON-RPC (tx-wrapper) URL and
 * accounts the suite may spend from. On a real node the operator supplies funded **test** accounts; on the reference
 * devnet the test harness passes the generated local-only keys.
 */
export type ChainTarget = {
  /** EVM JSON-RPC URL of the tx-wrapper. */
  evmUrl: string
  /**
   * Antelope accounts with the private key of their `active` permission. The first two non-system accounts are the
   * suite's spenders (each needs at least 100.0000 SPACE); a system account (`eosio`, the SPACE issuer) enables the
   * cases that need its authority and is used for nothing else.
   */
  accounts: { name: string; privateKey: string }[]
  /** EVM contract addresses by name (the devnet's address book); `NativeBridge` enables the EVM → native cases. */
  contracts: Record<string, string>
  /** How long a bridge transfer may take to appear on the other side. Default 30 s. */
  bridgeTimeoutMs: number
  /** A devnet's bridge endpoint (`/v1/bridge/supply`, `/v1/bridge/address-book`); real nodes have none. */
  bridgeUrl?: string
  /**
   * The target is a devnet started with its development flag: `POST /v1/devnet/time` moves its clock. Enables the
   * cases that need epochs to pass (downtime verdicts, inflation) and skips `chain.api.no-time-travel`.
   */
  devTimeTravel?: boolean
  /**
   * EVM keys of privileged roles by address-book role name (`treasurySigner`, `reconciler`, `admin` …): only a devnet or
   * testnet operator hands them over; the cases that need them skip otherwise.
   */
  evmKeys?: Record<string, string>
}

const accountName = z.string().regex(/^[a-z1-5.]{1,12}$/, 'an Antelope account name')
const privateKey = z.string().regex(/^(PVT_K1_|5)[1-9A-HJ-NP-Za-km-z]+$/, 'a PVT_K1_… or WIF private key')

/** The JSON target file of `--chain-config` (every field optional; flags win). */
export const chainTargetFileSchema = z.strictObject({
  antelope: z.url().optional(),
  evm: z.url().optional(),
  accounts: z.record(accountName, privateKey).optional(),
  contracts: z.record(z.string(), z.string().regex(/^0x[0-9a-fA-F]{40}$/)).optional(),
  bridgeTimeoutMs: z.number().int().positive().optional(),
  bridge: z.url().optional(),
  devTimeTravel: z.boolean().optional(),
  evmKeys: z.record(z.string(), z.string().regex(/^0x[0-9a-fA-F]{64}$/)).optional(),
})
export type ChainTargetFile = z.infer<typeof chainTargetFileSchema>

/** The chain target is incomplete or malformed. */
export class ChainTargetInvalidError extends Error {
  override name = 'ChainTargetInvalidError'
}

/** Parses `name=PVT_K1_…` (`--antelope-account`). */
export function parseAccountFlag(flag: string): { name: string; privateKey: string } {
  const at = flag.indexOf('=')
  const name = accountName.safeParse(flag.slice(0, at))
  const key = privateKey.safeParse(flag.slice(at + 1))
  if (at <= 0 || !name.success || !key.success) {
    throw new ChainTargetInvalidError(`--antelope-account expects name=PVT_K1_…, got ${flag.slice(0, 14)}…`)
  }
  return { name: name.data, privateKey: key.data }
}

/** Parses `Name=0x…` (`--evm-contract`). */
export function parseContractFlag(flag: string): [string, string] {
  const match = /^([A-Za-z0-9_.]+)=(0x[0-9a-fA-F]{40})$/.exec(flag)
  if (!match) throw new ChainTargetInvalidError(`--evm-contract expects Name=0x<40 hex>, got ${flag}`)
  return [match[1] as string, match[2] as string]
}

/** Reads and validates a `--chain-config` JSON file. */
export async function loadChainTargetFile(path: string): Promise<ChainTargetFile> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (cause) {
    throw new ChainTargetInvalidError(`cannot read chain config ${path}: ${(cause as Error).message}`)
  }
  const parsed = chainTargetFileSchema.safeParse(raw)
  if (!parsed.success) throw new ChainTargetInvalidError(`chain config ${path}: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}
