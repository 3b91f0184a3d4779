/**
 * Compiles every contract once before the VeRT tests (cached by source hash, so this is a no-op when nothing changed;
 * CI runs `npm run build` first anyway).
 */
import { compileContracts, listContracts } from '../scripts/compiler.ts'

export default async function setup(): Promise<void> {
  // SPACEOS_CONTRACTS=eosio.token,spaceos.prov limits the compile while one contract is being worked on.
  const only = process.env.SPACEOS_CONTRACTS?.split(',').filter(Boolean)
  await compileContracts(only ?? listContracts(), { log: (l) => console.log(`[contracts-antelope] ${l}`) })
}
