import { spaceosProject } from '../../vitest.shared.ts'

export default spaceosProject('kis-sdk', { test: { testTimeout: 30_000 } })
