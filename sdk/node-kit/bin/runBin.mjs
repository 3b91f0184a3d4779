// Shared start-up of every reference node's bin (`spaceos`, `spaceos-chain`, `spaceos-identity` …).
// In a checkout (the package's src/ present) it runs the TypeScript sources in this same process: a resolve hook adds
// the workspace's `@spaceos/source` export condition and tsx compiles them, so `npx <bin>` works right after `npm ci`
// with no build and a stale dist/ is never run by mistake. Installed from npm (only dist/ is published) it runs the
// built entry. See docs/decisions/0002. Plain JavaScript on purpose: it runs before any TypeScript loader exists.
import { existsSync } from 'node:fs'
import { register } from 'node:module'

/**
 * Runs the package's CLI entry for the bin at `binUrl` (pass `import.meta.url`): `../src/<entry>.ts` in a checkout,
 * `../dist/<entry>.js` when installed.
 *
 * @param {string} binUrl
 * @param {string} [entry]
 */
export async function runBin(binUrl, entry = 'cli') {
  const source = new URL(`../src/${entry}.ts`, binUrl)
  if (!existsSync(source)) return import(new URL(`../dist/${entry}.js`, binUrl).href)
  register('./source-condition.mjs', import.meta.url)
  const { register: registerTsx } = await import('tsx/esm/api')
  registerTsx()
  return import(source.href)
}
