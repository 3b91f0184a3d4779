import { spaceosProject } from '../../vitest.shared.ts'

export default spaceosProject('identity', { test: { testTimeout: 30_000 } })
