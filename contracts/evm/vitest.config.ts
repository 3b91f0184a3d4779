import { spaceosProject } from '../../vitest.shared.ts'

// `forge test` runs as one subprocess; with FOUNDRY_PROFILE=ci (10,000 fuzz runs per property) it takes minutes.
export default spaceosProject('contracts-evm', { test: { testTimeout: 20 * 60_000, hookTimeout: 20 * 60_000 } })
