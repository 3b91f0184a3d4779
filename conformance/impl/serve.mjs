#!/usr/bin/env node
// Serves a named codec implementation of src/impl/main.ts on stdin/stdout: node conformance/impl/serve.mjs <name>
import { runTypeScript } from '../bin/run-ts.mjs'

const { serveImplementation } = await runTypeScript(new URL('../src/impl/main.ts', import.meta.url))
await serveImplementation(process.argv[2] ?? 'protocol-codec')
