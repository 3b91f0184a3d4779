import { spaceosProject } from '../vitest.shared.ts'

export default spaceosProject('e2e', {
  test: { testTimeout: 60_000, hookTimeout: 120_000, globalSetup: ['test/globalSetup.ts'] },
})
