/**
 * The chain API deploys the compiled system contracts: compile any that are missing (cached by source hash in
 * contracts/antelope; CI runs `npm run build -w @spaceos/contracts-antelope` first anyway). It imports nothing of the
 * node itself: a global setup runs outside the `@spaceos/source` condition, so workspace packages would need a build.
 */
import { existsSync } from 'node:fs'
import { buildOutputs, compileContracts, listContracts } from '../../../contracts/antelope/scripts/compiler.ts'

export default async function setup(): Promise<void> {
  const missing = listContracts().filter((c) => !existsSync(buildOutputs(c).wasm))
  if (missing.length) await compileContracts(missing, { log: (l) => console.log(`[chain] ${l}`) })
}
