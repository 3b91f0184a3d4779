/**
 * The devnet chain API that several tests start deploys the compiled system contracts: compile any that are missing
 * (cached by source hash in contracts/antelope; CI runs `npm run build` first anyway). A global setup runs outside the
 * `@spaceos/source` condition, so it reaches the compiler by path rather than through a workspace package.
 */
import { existsSync } from 'node:fs'
import { buildOutputs, compileContracts, listContracts } from '../../contracts/antelope/scripts/compiler.ts'

export default async function setup(): Promise<void> {
  const missing = listContracts().filter((c) => !existsSync(buildOutputs(c).wasm))
  if (missing.length) await compileContracts(missing, { log: (l) => console.log(`[e2e] ${l}`) })
}
