/**
 * The chain API deploys the compiled system contracts: compile any that are missing (cached by source hash in
 * contracts/antelope; CI runs `npm run build -w @spaceos/contracts-antelope` first anyway).
 */
import { existsSync } from 'node:fs'
import { buildOutputs, compileContracts } from '../../../contracts/antelope/scripts/compiler.ts'
import { GENESIS_CONTRACTS } from '../src/antelope/createDevChain.ts'

export default async function setup(): Promise<void> {
  const missing = GENESIS_CONTRACTS.filter((c) => !existsSync(buildOutputs(c).wasm))
  if (missing.length) await compileContracts([...missing], { log: (l) => console.log(`[chain] ${l}`) })
}
