import { spaceosProject } from '../vitest.shared.ts'

export default spaceosProject('conformance', { test: { testTimeout: 60_000, hookTimeout: 60_000 } })
