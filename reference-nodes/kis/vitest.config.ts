import { spaceosProject } from '../../vitest.shared.ts'

export default spaceosProject('kis', { test: { testTimeout: 60_000, hookTimeout: 60_000 } })
