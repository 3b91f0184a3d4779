#!/usr/bin/env node
// Runs the built chain node when present. In a source checkout (no build) it runs the TypeScript in this same process:
// a resolve hook adds the workspace's `@spaceos/source` export condition and tsx compiles the sources.
import { existsSync } from 'node:fs'
import { register } from 'node:module'

const built = new URL('../dist/cli.js', import.meta.url)
if (existsSync(built)) {
  await import(built.href)
} else {
  register('./source-condition.mjs', import.meta.url)
  const { register: registerTsx } = await import('tsx/esm/api')
  registerTsx()
  await import(new URL('../src/cli.ts', import.meta.url).href)
}
