import { spaceosProject } from '../../vitest.shared.ts'

export default spaceosProject('contracts-antelope', {
  test: {
    globalSetup: ['test/globalSetup.ts'],
    // A first compile of every contract takes minutes on a 2-core machine; the tests themselves take seconds.
    hookTimeout: 600_000,
    testTimeout: 60_000,
  },
})
