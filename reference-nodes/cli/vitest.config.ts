import { spaceosProject } from '../../vitest.shared.ts'

// The devnet needs the compiled Antelope contracts: startChainRole compiles them first when they are missing.
export default spaceosProject('cli', { test: { testTimeout: 240_000, hookTimeout: 240_000 } })
