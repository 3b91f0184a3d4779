import { defineConfig } from 'tsup'

// The library builds to ESM + CJS + .d.ts; the bin entry is ESM only (it uses top-level await).
export default defineConfig([
  { entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, target: 'node20' },
  { entry: ['src/cli.ts'], format: ['esm'], target: 'node20' },
])
