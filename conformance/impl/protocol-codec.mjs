#!/usr/bin/env node
// The @spaceos/protocol codec as a codec-suite implementation (stdin/stdout, proto/spaceos/conformance/v1/codec.proto):
//   npx spaceos-conformance run --role codec --target "node conformance/impl/protocol-codec.mjs"
import { runTypeScript } from '../bin/run-ts.mjs'

const { serveImplementation } = await runTypeScript(new URL('../src/impl/main.ts', import.meta.url))
await serveImplementation('protocol-codec')
