import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { ConformanceCase } from './case.ts'
import { computeCoverage, formatCoverage } from './coverage.ts'
import { loadKnownFailing } from './knownFailing.ts'
import { formatCaseLine, formatSummary } from './reports/terminal.ts'
import { type ReportFormat, reportFormats, writeReports } from './reports/writeReports.ts'
import { defaultRequirementsPath, loadRequirements } from './requirements.ts'
import { runSuite } from './runSuite.ts'
import {
  type ChainSuiteOptions,
  loadChainTargetFile,
  parseAccountFlag,
  parseContractFlag,
} from './suites/chain/index.ts'
import { getSuite, type SuiteOptions, suiteFactories, suiteRoles } from './suites/index.ts'

const usage = `spaceos-conformance — black-box conformance suites for SPACE OS protocol roles

Usage:
  spaceos-conformance list [--role <role>]
  spaceos-conformance run --role <role> --target <command|url> [--case <id>]… [--known-failing <file>]
                          [--report json|junit|html]… [--out <dir>] [--timeout <ms>] [--verbose]
  spaceos-conformance coverage [--role <role>] [--requirements <file>] [--fail-on-uncovered-must] [--json]

Options:
  --role <role>            a role with a suite: ${Object.keys(suiteFactories).join(', ')}
  --target <t>             codec: a command line spawning the implementation (e.g. "node impl.mjs");
                           role suites: the node's URL
  --case <id>              run only this case (repeatable)
  --known-failing <file>   .json or .txt list of case ids expected to fail on this target
  --report <format>        write a report file: json, junit, html (repeatable or comma-separated)
  --out <dir>              folder for report files (default: conformance-report)
  --timeout <ms>           per-request timeout (default 10000)
  --vectors <dir>          codec: golden-vector folder (default: spec/vectors/codec)
  --antelope-url <url>     identity: the chain API the node creates native accounts on (checks them on chain)
  --evm-target <url>       chain: the EVM JSON-RPC (tx-wrapper) URL
  --antelope-account <a>   chain: name=PVT_K1_… of a funded test account the suite may spend from (repeat; two or
                           more non-system accounts; system accounts' keys enable the cases needing their authority)
  --evm-contract <c>       chain: Name=0x… of an EVM contract the suite uses (NativeBridge; repeatable)
  --chain-config <file>    chain: JSON { antelope, evm, bridge, accounts: {name: key}, contracts: {Name: 0x…},
                           evmKeys: {role: 0x…}, devTimeTravel, bridgeTimeoutMs } instead of or under the flags
                           (keeps keys off the command line)
  --address-book <file>    chain: the network's EVM address book JSON (its contracts and tokens)
  --bridge-url <url>       chain: a devnet's bridge endpoint (supply check, address book); real nodes have none
  --evm-key <role=0x…>     chain: EVM key of a privileged address-book role (treasurySigner, reconciler, admin …),
                           devnet/testnet only (repeatable); the fiat-stablecoin and RWA cases need them
  --dev-time-travel        chain: the target is a devnet started with --dev (its clock can be moved): runs the
                           downtime, inflation, rewards and vesting cases, skips chain.api.no-time-travel
  --kis-caller <id=secret> kis: the signing caller credential (or env SPACEOS_CONFORMANCE_KIS_CALLER)
  --kis-admin <id=secret>  kis: the separate /admin/import credential (or env SPACEOS_CONFORMANCE_KIS_ADMIN)
  --kis-other-caller <id=secret>  kis: a second signing caller, for key ownership (or env …_KIS_OTHER_CALLER)
  --kis-antelope-chain-id <hex>  kis: chain ID /sign-native signs for (else from --antelope-url get_info)
  --kis-evm-rpc <url>      kis: EVM JSON-RPC of chain 800000 (rotation checks)
  --kis-tls-ca|--kis-tls-cert|--kis-tls-key <pem file>  kis: https target's CA, the caller's client cert and key
  --requirements <file>    requirement index (default: spec/requirements.json of the checkout)
  --fail-on-uncovered-must exit 1 when a MUST of a role that has a suite is cited by no case
  --json                   coverage: print the report as JSON
  --verbose                print the implementation's stderr

Exit codes: 0 success, 1 failures (or uncovered MUSTs with the flag), 2 usage or setup error.`

/** A usage error: exit code 2. */
class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. Output goes to stdout/stderr.
 *
 * @example
 * ```ts
 * import { main } from '@spaceos/conformance/cli'
 * process.exitCode = await main(['list', '--role', 'codec'])
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(argv)
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n\n${usage}`)
      return 2
    }
    console.error(`error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
    return 2
  }
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(rest)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values } = parsed
  const suiteOptions: SuiteOptions = {
    ...(values.vectors === undefined ? {} : { vectorsDir: resolve(values.vectors) }),
    ...(values['antelope-url'] === undefined ? {} : { antelopeUrl: values['antelope-url'] }),
  }
  const kis = {
    ...(values['kis-caller'] === undefined ? {} : { caller: values['kis-caller'] }),
    ...(values['kis-admin'] === undefined ? {} : { admin: values['kis-admin'] }),
    ...(values['kis-other-caller'] === undefined ? {} : { otherCaller: values['kis-other-caller'] }),
    ...(values['kis-antelope-chain-id'] === undefined ? {} : { antelopeChainId: values['kis-antelope-chain-id'] }),
    ...(values['kis-evm-rpc'] === undefined ? {} : { evmRpcUrl: values['kis-evm-rpc'] }),
    ...(values['antelope-url'] === undefined ? {} : { antelopeUrl: values['antelope-url'] }),
  }
  const kisTls = {
    ...(values['kis-tls-ca'] === undefined ? {} : { caFile: values['kis-tls-ca'] }),
    ...(values['kis-tls-cert'] === undefined ? {} : { certFile: values['kis-tls-cert'] }),
    ...(values['kis-tls-key'] === undefined ? {} : { keyFile: values['kis-tls-key'] }),
  }
  if (Object.keys(kis).length > 0 || Object.keys(kisTls).length > 0) suiteOptions.kis = { ...kis, tls: kisTls }
  const chain = await chainOptions(values)
  if (chain.options) suiteOptions.chain = chain.options
  if (values.target === undefined && chain.antelope !== undefined) values.target = chain.antelope
  switch (command) {
    case 'list':
      return list(values.role, suiteOptions)
    case 'run':
      return run(values, suiteOptions)
    case 'coverage':
      return coverage(values, suiteOptions)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage)
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(`unknown command ${command}`)
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: false,
    options: {
      role: { type: 'string' },
      target: { type: 'string' },
      case: { type: 'string', multiple: true },
      'known-failing': { type: 'string' },
      report: { type: 'string', multiple: true },
      out: { type: 'string' },
      timeout: { type: 'string' },
      vectors: { type: 'string' },
      'antelope-url': { type: 'string' },
      'evm-target': { type: 'string' },
      'antelope-account': { type: 'string', multiple: true },
      'evm-contract': { type: 'string', multiple: true },
      'chain-config': { type: 'string' },
      'address-book': { type: 'string' },
      'bridge-url': { type: 'string' },
      'dev-time-travel': { type: 'boolean' },
      'evm-key': { type: 'string', multiple: true },
      'kis-caller': { type: 'string' },
      'kis-admin': { type: 'string' },
      'kis-other-caller': { type: 'string' },
      'kis-antelope-chain-id': { type: 'string' },
      'kis-evm-rpc': { type: 'string' },
      'kis-tls-ca': { type: 'string' },
      'kis-tls-cert': { type: 'string' },
      'kis-tls-key': { type: 'string' },
      requirements: { type: 'string' },
      'fail-on-uncovered-must': { type: 'boolean' },
      verbose: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  })
}
type Values = ReturnType<typeof parse>['values']

/** The chain suite's target from `--chain-config` and the chain flags (flags win). */
async function chainOptions(values: Values): Promise<{ options?: ChainSuiteOptions; antelope?: string }> {
  const file = values['chain-config'] === undefined ? undefined : await loadChainTargetFile(values['chain-config'])
  const flags = values['antelope-account'] ?? []
  const book = values['address-book'] === undefined ? undefined : await loadAddressBook(values['address-book'])
  if (!file && !book && values['evm-target'] === undefined && flags.length === 0 && !values['evm-contract']) {
    if (values['bridge-url'] === undefined) return {}
  }
  let accounts: { name: string; privateKey: string }[]
  let contracts: Record<string, string>
  try {
    accounts = [
      ...Object.entries(file?.accounts ?? {}).map(([name, privateKey]) => ({ name, privateKey })),
      ...flags.map(parseAccountFlag),
    ]
    contracts = {
      ...book,
      ...(file?.contracts ?? {}),
      ...Object.fromEntries((values['evm-contract'] ?? []).map(parseContractFlag)),
    }
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const evmUrl = values['evm-target'] ?? file?.evm
  const options: ChainSuiteOptions = {
    accounts: [...new Map(accounts.map((a) => [a.name, a])).values()],
    contracts,
    ...(evmUrl === undefined ? {} : { evmUrl }),
    ...(file?.bridgeTimeoutMs === undefined ? {} : { bridgeTimeoutMs: file.bridgeTimeoutMs }),
  }
  const bridgeUrl = values['bridge-url'] ?? file?.bridge
  if (bridgeUrl !== undefined) options.bridgeUrl = bridgeUrl
  if (values['dev-time-travel'] || file?.devTimeTravel) options.devTimeTravel = true
  const evmKeys: Record<string, string> = { ...file?.evmKeys }
  for (const flag of values['evm-key'] ?? []) {
    const match = /^([A-Za-z0-9_]+)=(0x[0-9a-fA-F]{64})$/.exec(flag)
    if (!match) throw new UsageError('--evm-key expects role=0x<64 hex>')
    evmKeys[match[1] as string] = match[2] as string
  }
  if (Object.keys(evmKeys).length > 0) options.evmKeys = evmKeys
  return { options, ...(file?.antelope === undefined ? {} : { antelope: file.antelope }) }
}

/** The `contracts` and `tokens` of an EVM address book file (the format the SDKs load), as one name → address map. */
async function loadAddressBook(path: string): Promise<Record<string, string>> {
  let raw: { contracts?: Record<string, unknown>; tokens?: Record<string, unknown> }
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (cause) {
    throw new UsageError(`cannot read address book ${path}: ${(cause as Error).message}`)
  }
  const entries = Object.entries({ ...raw.contracts, ...raw.tokens })
  const bad = entries.filter(([, address]) => typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address))
  if (entries.length === 0 || bad.length > 0) {
    throw new UsageError(
      `address book ${path} needs contracts/tokens of 0x addresses (bad: ${bad.map(([n]) => n).join(', ')})`,
    )
  }
  return Object.fromEntries(entries) as Record<string, string>
}

function rolesFor(role: string | undefined): string[] {
  if (role === undefined) return Object.keys(suiteFactories)
  if (!suiteRoles().has(role)) {
    throw new UsageError(`no suite for role ${role}; roles with a suite: ${Object.keys(suiteFactories).join(', ')}`)
  }
  return [role]
}

function list(role: string | undefined, options: SuiteOptions): number {
  for (const r of rolesFor(role)) {
    const suite = getSuite(r, options)
    console.log(`${suite.role}: ${suite.title} (${suite.cases.length} cases; --target: ${suite.targetHelp})`)
    for (const c of suite.cases) console.log(`  ${c.id}  [${c.requirements.join(', ')}]  ${c.title}`)
  }
  return 0
}

async function run(values: Values, options: SuiteOptions): Promise<number> {
  if (values.role === undefined) throw new UsageError('run needs --role')
  if (values.target === undefined) throw new UsageError('run needs --target')
  const [role] = rolesFor(values.role)
  const formats = (values.report ?? []).flatMap((r) => r.split(',')).filter((r) => r !== '')
  for (const format of formats) {
    if (!(reportFormats as readonly string[]).includes(format)) {
      throw new UsageError(`unknown report format ${format}; use ${reportFormats.join(', ')}`)
    }
  }
  const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout)
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout must be a positive integer')
  const suite = getSuite(role!, options)
  if (suite.role === 'kis') {
    const caller = options.kis?.caller ?? process.env.SPACEOS_CONFORMANCE_KIS_CALLER
    if (typeof caller !== 'object' && !/^[^=]+=.+$/.test(caller ?? '')) {
      throw new UsageError(
        'role kis needs the signing caller credential: --kis-caller id=secret (or env SPACEOS_CONFORMANCE_KIS_CALLER)',
      )
    }
  }
  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(values.target)
  if (suite.targetKind === 'command' && looksLikeUrl) {
    throw new UsageError(`role ${suite.role} takes a command line as --target (${suite.targetHelp}), not a URL`)
  }
  if (suite.targetKind === 'url' && !looksLikeUrl) {
    throw new UsageError(`role ${suite.role} takes a URL as --target (${suite.targetHelp})`)
  }
  const knownFailing = values['known-failing'] ? await loadKnownFailing(values['known-failing']) : new Map()
  const report = await runSuite(suite, {
    target: values.target,
    ...(values.case ? { caseIds: values.case } : {}),
    knownFailing,
    timeoutMs,
    log: values.verbose ? (line) => console.error(`  [impl] ${line}`) : () => {},
    onResult: (result) => console.log(formatCaseLine(result)),
  })
  console.log(formatSummary(report))
  if (formats.length > 0) {
    const written = await writeReports(report, formats as ReportFormat[], resolve(values.out ?? 'conformance-report'))
    for (const path of written) console.log(`report: ${path}`)
  }
  return report.ok ? 0 : 1
}

async function coverage(values: Values, options: SuiteOptions): Promise<number> {
  const path = values.requirements ?? defaultRequirementsPath()
  if (path === undefined) throw new UsageError('no spec/requirements.json found; pass --requirements <file>')
  const requirements = await loadRequirements(path)
  if (values.role !== undefined && !suiteRoles().has(values.role)) {
    console.log(`note: role ${values.role} has no suite yet; its MUSTs do not fail --fail-on-uncovered-must`)
  }
  const cases: ConformanceCase<never>[] = Object.keys(suiteFactories).flatMap((r) => [...getSuite(r, options).cases])
  const report = computeCoverage(requirements, cases, suiteRoles(), values.role)
  console.log(values.json ? JSON.stringify(report, null, 2) : formatCoverage(report))
  if (values['fail-on-uncovered-must'] && report.failingMusts.length > 0) {
    console.log(`\nFAIL: ${report.failingMusts.length} MUST requirement(s) of roles with a suite have no case`)
    return 1
  }
  return 0
}
