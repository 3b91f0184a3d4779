import type { Role } from '../case.ts'
import type { ConformanceSuite } from '../suite.ts'
import { type ChainSuiteOptions, createChainSuite } from './chain/index.ts'
import { createCodecSuite } from './codec/index.ts'
import { createIdentitySuite } from './identity/index.ts'
import { createKisSuite, type KisSuiteOptions } from './kis/index.ts'

/** Options every suite factory accepts; a suite ignores what it does not use. */
export type SuiteOptions = {
  /** codec: folder of golden vectors. */
  vectorsDir?: string
  /** identity: the Antelope chain API the node creates native accounts on (`--antelope-url`). */
  antelopeUrl?: string
  /** chain: the EVM URL, the accounts to spend from, contract addresses (the Antelope URL is `--target`). */
  chain?: ChainSuiteOptions
  /** kis: caller and admin credentials, native chain ID (or a chain API giving it), EVM RPC (`--kis-*`). */
  kis?: KisSuiteOptions
}

/**
 * Every role that has a suite. Adding a role: create `src/suites/<role>/index.ts` exporting a factory that returns
 * `defineSuite({ role, cases, open … })`, and add one line here (a test fails while a suite folder is unlisted).
 */
export const suiteFactories: Record<Role, (options: SuiteOptions) => ConformanceSuite<never>> = {
  codec: (options) =>
    createCodecSuite(
      options.vectorsDir === undefined ? {} : { vectorsDir: options.vectorsDir },
    ) as unknown as ConformanceSuite<never>,
  identity: (options) =>
    createIdentitySuite(
      options.antelopeUrl === undefined ? {} : { antelopeUrl: options.antelopeUrl },
    ) as unknown as ConformanceSuite<never>,
  kis: (options) => createKisSuite(options.kis ?? {}) as unknown as ConformanceSuite<never>,
  chain: (options) => createChainSuite(options.chain ?? {}) as unknown as ConformanceSuite<never>,
}

/** The roles that have a suite. */
export function suiteRoles(): ReadonlySet<Role> {
  return new Set(Object.keys(suiteFactories))
}

/** A role without a suite was asked for. */
export class SuiteNotFoundError extends Error {
  override name = 'SuiteNotFoundError'
}

/** The suite of a role. */
export function getSuite(role: Role, options: SuiteOptions = {}): ConformanceSuite<never> {
  const factory = suiteFactories[role]
  if (!factory) {
    throw new SuiteNotFoundError(
      `no suite for role ${role}; roles with a suite: ${Object.keys(suiteFactories).join(', ')}`,
    )
  }
  return factory(options)
}
