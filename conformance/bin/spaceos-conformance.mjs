#!/usr/bin/env node
// spaceos-conformance. In a checkout (src/ present) it runs the TypeScript sources through tsx with the
// `@spaceos/source` condition, so it works right after `npm ci` with no build and never runs a stale dist/.
// Installed from npm (no src/), it runs the built dist/cli.js.
import { existsSync } from 'node:fs'

// `spaceos-conformance list | head` closes stdout early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const source = new URL('../src/cli.ts', import.meta.url)
let cli
if (existsSync(source)) {
  const { runTypeScript } = await import('./run-ts.mjs')
  cli = await runTypeScript(source)
} else {
  cli = await import(new URL('../dist/cli.js', import.meta.url).href)
}
process.exitCode = await cli.main(process.argv.slice(2))
