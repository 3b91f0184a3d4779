#!/usr/bin/env node
// In a checkout (src/ present) this runs the TypeScript sources in this same process: a resolve hook adds the
// workspace's `@spaceos/source` export condition and tsx compiles them, so a stale dist/ is never run by mistake.
// Installed from npm (only dist/ is published) it runs the built node. See docs/decisions/0002.
import { existsSync } from 'node:fs'
import { register } from 'node:module'

const source = new URL('../src/cli.ts', import.meta.url)
if (existsSync(source)) {
  register('./source-condition.mjs', import.meta.url)
  const { register: registerTsx } = await import('tsx/esm/api')
  registerTsx()
  await import(source.href)
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href)
}
