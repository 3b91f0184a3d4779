import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DevKey } from './types.ts'

/** `genesis.json` of the state folder: the genesis time and the generated keys (local only). */
export type SavedGenesis = { genesisMs: number; keys: DevKey[]; councilKeys?: string[] }

/** The chain's state folder: `genesis.json`, `clock.json`, `transactions.jsonl`; or nothing (in memory). */
export type StateFolder = {
  /** The folder, undefined in memory. */
  dir: string | undefined
  /** Path of a state file, undefined in memory. */
  file: (name: string) => string | undefined
  /** A state file's JSON, undefined in memory or when the file does not exist yet. */
  readJson: <T>(name: string) => T | undefined
}

/**
 * The state folder of a devnet chain (`stateDir`), read and written by genesis, time travel and the transaction log.
 *
 * @example
 * const state = openStateFolder('.spaceos/chain')
 * state.readJson<SavedGenesis>('genesis.json')?.genesisMs
 */
export function openStateFolder(dir: string | undefined): StateFolder {
  const file = (name: string) => (dir ? join(dir, name) : undefined)
  return {
    dir,
    file,
    readJson: <T>(name: string): T | undefined => {
      const path = file(name)
      return path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined
    },
  }
}
