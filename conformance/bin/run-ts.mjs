// Runs a TypeScript entry of this repository without a build: registers the `@spaceos/source` condition hook and
// tsx's loader, then imports the file. Shared by the spaceos-conformance bin and the codec implementations in impl/.
import { register } from 'node:module'

/** @param {URL} entry the .ts module to import */
export async function runTypeScript(entry) {
  register(new URL('./source-hooks.mjs', import.meta.url))
  const { register: registerTsx } = await import('tsx/esm/api')
  registerTsx()
  return import(entry.href)
}
