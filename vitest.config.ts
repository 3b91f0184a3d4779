import { defineConfig } from 'vitest/config'

/**
 * Root test config: every package with a `vitest.config.ts` is a project (`spaceosProject(name)` from vitest.shared.ts)), so `npm test` at the root runs them all.
 */
export default defineConfig({
  test: {
    projects: ['{sdk,reference-nodes,contracts,tools}/*/vitest.config.ts', '{conformance,bench,e2e}/vitest.config.ts'],
  },
})
