import { defineSuite } from '../../suite.ts'
import { createAntelopeClient } from './antelope.ts'
import { apiCases } from './apiCases.ts'
import { authCases } from './authCases.ts'
import { bridgeCases } from './bridgeCases.ts'
import { contractCases } from './contractCases.ts'
import { daoCases } from './daoCases.ts'
import { createEvmClient } from './evm.ts'
import { evmCases } from './evmCases.ts'
import { provCases } from './provCases.ts'
import { type ChainContext, role, type SuiteAccount, SYSTEM_ACCOUNTS } from './shared.ts'
import { type ChainTarget, ChainTargetInvalidError } from './target.ts'
import { timeCases } from './timeCases.ts'
import { txCases } from './txCases.ts'

export type { ChainContext } from './shared.ts'
export {
  type ChainTarget,
  type ChainTargetFile,
  ChainTargetInvalidError,
  chainTargetFileSchema,
  loadChainTargetFile,
  parseAccountFlag,
  parseContractFlag,
} from './target.ts'

/** Options of {@link createChainSuite}: everything of the target but the Antelope URL (which is `--target`). */
export type ChainSuiteOptions = Partial<ChainTarget>

/** Every case of the chain suite, in run order (cheap reads first, bridge round trips last). */
export const chainCases = [
  ...apiCases,
  ...txCases,
  ...authCases,
  ...provCases,
  ...daoCases,
  ...evmCases,
  ...bridgeCases,
  ...contractCases,
  ...timeCases,
]

/**
 * The `chain` role suite: the nodeos chain API subset, the system contracts' observable rules and the EVM tx-wrapper
 * (spec/CHAIN.md), over the wire. `--target` is the Antelope chain API URL; the EVM URL and the accounts the suite may
 * spend from come with the options.
 *
 * @example
 * import { createChainSuite, runSuite } from '@spaceos/conformance'
 * const suite = createChainSuite({
 *   evmUrl: 'http://127.0.0.1:8545',
 *   accounts: [{ name: 'alice', privateKey: 'PVT_K1_…' }, { name: 'bob', privateKey: 'PVT_K1_…' }],
 * })
 * const report = await runSuite(suite, { target: 'http://127.0.0.1:8888' })
 */
export function createChainSuite(options: ChainSuiteOptions = {}) {
  return defineSuite<ChainContext>({
    role,
    title: 'chain: nodeos chain API, system contracts, EVM tx-wrapper and bridge',
    targetKind: 'url',
    targetHelp:
      'Antelope chain API URL, e.g. http://127.0.0.1:8888, with --evm-target <url> and two or more --antelope-account name=PVT_K1_…',
    cases: chainCases,
    async open(target, { timeoutMs }) {
      if (!options.evmUrl)
        throw new ChainTargetInvalidError('the chain suite needs the EVM JSON-RPC URL (--evm-target)')
      const accounts = new Map<string, SuiteAccount>((options.accounts ?? []).map((a) => [a.name, a]))
      const spenders = [...accounts.values()].filter((a) => !SYSTEM_ACCOUNTS.has(a.name))
      if (spenders.length < 2) {
        throw new ChainTargetInvalidError(
          'the chain suite needs two funded non-system accounts to spend from (--antelope-account name=PVT_K1_…, twice)',
        )
      }
      const antelope = createAntelopeClient(target, timeoutMs)
      const info = await antelope.ok('get_info')
      const context: ChainContext = {
        antelope,
        evm: createEvmClient(options.evmUrl, timeoutMs),
        chainId: String(info.chain_id),
        alice: spenders[0] as SuiteAccount,
        bob: spenders[1] as SuiteAccount,
        accounts,
        contracts: options.contracts ?? {},
        bridgeTimeoutMs: options.bridgeTimeoutMs ?? 30_000,
        ...(options.bridgeUrl === undefined ? {} : { bridgeUrl: options.bridgeUrl.replace(/\/$/, '') }),
        devTimeTravel: options.devTimeTravel ?? false,
        evmKeys: options.evmKeys ?? {},
      }
      return { context, broken: () => false, close: async () => undefined }
    },
  })
}
