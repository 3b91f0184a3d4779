import { cpSync, existsSync } from 'node:fs'
import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  // Ship the golden vectors with the package, so `spaceos-conformance run --role codec` works outside a checkout.
  async onSuccess() {
    if (existsSync('../spec/vectors/codec')) cpSync('../spec/vectors/codec', 'vectors/codec', { recursive: true })
  },
})
