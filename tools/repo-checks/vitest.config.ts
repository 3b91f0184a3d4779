import { spaceosProject } from '../../vitest.shared.ts'

// test/fixtures holds small fake repositories whose files break the rules on purpose: never run them as tests.
// A scan of the whole tree parses every source file: give it time on a loaded machine.
export default spaceosProject('repo-checks', {
  test: { exclude: ['**/node_modules/**', 'test/fixtures/**'], testTimeout: 120_000 },
})
