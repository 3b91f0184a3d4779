#!/usr/bin/env node
// A deliberately broken codec (skips memory-op signature checks, no frame-size limit): the codec suite must fail it.
//   npx spaceos-conformance run --role codec --target "node conformance/impl/broken-codec.mjs"
import { runTypeScript } from '../bin/run-ts.mjs'

const { serveImplementation } = await runTypeScript(new URL('../src/impl/main.ts', import.meta.url))
await serveImplementation('broken-codec')
