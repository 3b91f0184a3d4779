#!/usr/bin/env node
// spaceos-conformance: uses the built CLI when dist/ exists, else runs the TypeScript sources through tsx.
import { existsSync } from 'node:fs'

// `spaceos-conformance list | head` closes stdout early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const built = new URL('../dist/cli.js', import.meta.url)
if (existsSync(built)) {
  const { main } = await import(built.href)
  process.exitCode = await main(process.argv.slice(2))
} else {
  const { runTypeScript } = await import('./run-ts.mjs')
  const { main } = await runTypeScript(new URL('../src/cli.ts', import.meta.url))
  process.exitCode = await main(process.argv.slice(2))
}
