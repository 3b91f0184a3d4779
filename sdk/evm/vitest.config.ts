import { spaceosProject } from '../../vitest.shared.ts'

export default spaceosProject('evm', { test: { globalSetup: ['test/globalSetup.ts'], testTimeout: 180_000 } })
