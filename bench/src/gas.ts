/**
 * `npm run bench:gas` — gas of the main action of every SPACE OS EVM contract, against an OpenZeppelin 4.9 ERC-20
 * transfer measured in the same forge run (contracts/evm/test/gas/Gas.t.sol, `--isolate`: every measured call is its
 * own transaction, intrinsic 21,000 gas and cold storage included). Prints ratios and writes the committed snapshot
 * bench/results/gas.txt (forge also writes contracts/evm/snapshots/gas.json), so a regression shows in review.
 * `--check` fails when the result differs from the committed snapshot.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const contracts = join(root, 'contracts/evm')
const snapshot = join(contracts, 'snapshots/gas.json')
const results = join(root, 'bench/results/gas.txt')
const baselineKey = 'Baseline.ERC20.transfer'

const forge = join(root, 'node_modules/.bin/forge')
const run = spawnSync(
  existsSync(forge) ? forge : 'forge',
  ['test', '--match-path', 'test/gas/Gas.t.sol', '--isolate'],
  { cwd: contracts, encoding: 'utf8', env: { ...process.env, SPACEOS_BENCH_GAS: 'true', FOUNDRY_PROFILE: 'default' } },
)
if (run.status !== 0) {
  console.error(run.stdout, run.stderr)
  process.exit(run.status ?? 1)
}

const written = readFileSync(snapshot, 'utf8')
// forge writes no final newline; add it so the committed file passes the formatter
if (!written.endsWith('\n')) writeFileSync(snapshot, `${written}\n`)
const gas = JSON.parse(written) as Record<string, string>
const baseline = Number(gas[baselineKey])
if (!baseline) throw new Error(`${baselineKey} missing from ${snapshot}`)
const width = Math.max(...Object.keys(gas).map((k) => k.length))
const lines = [
  '# Gas per main action (forge test --isolate, solc 0.8.19 paris, optimizer 200 runs).',
  '# ratio = gas / OpenZeppelin ERC-20 transfer measured in the same run. deploy.* rows are constructor regions',
  '# (no intrinsic/calldata gas); compare them with deploy.Baseline.ERC20. Regenerate: npm run bench:gas',
  `${'action'.padEnd(width)}  ${'gas'.padStart(9)}  ratio`,
  ...Object.entries(gas)
    .sort(([a], [b]) => (a === baselineKey ? -1 : b === baselineKey ? 1 : a < b ? -1 : 1))
    .map(([name, value]) => `${name.padEnd(width)}  ${value.padStart(9)}  ${(Number(value) / baseline).toFixed(2)}x`),
]
const text = `${lines.join('\n')}\n`
console.log(text)
if (process.argv.includes('--check')) {
  const committed = existsSync(results) ? readFileSync(results, 'utf8') : ''
  if (committed !== text) {
    console.error('bench:gas: gas differs from bench/results/gas.txt; review and commit the new figures')
    process.exit(1)
  }
} else {
  writeFileSync(results, text)
}
