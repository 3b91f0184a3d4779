import { spaceosProject } from '../../vitest.shared.ts'

export default spaceosProject('identity-sdk', { test: { testTimeout: 30_000 } })
